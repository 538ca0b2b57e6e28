//! `aqiqat generate`: realistic synthetic content for benchmarks and load tests. Every item is built as an editor's
//! input and goes through the same validation as real content; every item is marked synthetic (its origin, its
//! `syn-` id, a tag and a closing sentence in its text), and the command refuses a database that holds real content.
//!
//! People, outlets and companies are invented; fact-check verdicts are given only to invented speakers.

use aqiqat_shared::{Category, ClaimInput, IncidentInput, Kind, Platform, Region, Verdict};
use fastrand::Rng;
use serde_json::{Value, json};

use crate::db::ItemDoc;

/// A kind of incident: its category, title in ru/kk/en, and the platforms it happens on.
struct Template {
    kind: Kind,
    category: Category,
    title: [&'static str; 3],
    platforms: &'static [Platform],
    legal: Option<(&'static str, &'static str)>,
}

use Category::{CourtCases, Cybersecurity, FreedomOfExpression, LegalRegulation, PersonalData};
use Platform as P;

const TEMPLATES: &[Template] = &[
    Template {
        kind: Kind::Blocking,
        category: FreedomOfExpression,
        title: [
            "Заблокирован доступ к сайту «{outlet}»",
            "«{outlet}» сайтына кіру бұғатталды",
            "Access to the {outlet} website blocked",
        ],
        platforms: &[P::Website, P::Telegram],
        legal: None,
    },
    Template {
        kind: Kind::AccountTakedown,
        category: FreedomOfExpression,
        title: [
            "{platform} удалил аккаунт журналиста {who}",
            "{platform} журналист {who} аккаунтын жойды",
            "{platform} removes journalist {who}'s account",
        ],
        platforms: &[P::Instagram, P::Facebook, P::Youtube, P::Tiktok, P::X],
        legal: None,
    },
    Template {
        kind: Kind::AccountHack,
        category: Cybersecurity,
        title: [
            "Взломан аккаунт активиста {who} в {platform}",
            "Белсенді {who} {platform} аккаунты бұзылды",
            "Activist {who}'s {platform} account hijacked",
        ],
        platforms: &[P::Instagram, P::Telegram, P::Whatsapp, P::Facebook],
        legal: None,
    },
    Template {
        kind: Kind::Ddos,
        category: Cybersecurity,
        title: [
            "DDoS-атака на сайт издания «{outlet}»",
            "«{outlet}» басылымының сайтына DDoS-шабуыл",
            "DDoS attack on the {outlet} news site",
        ],
        platforms: &[P::Website],
        legal: None,
    },
    Template {
        kind: Kind::Cyberattack,
        category: Cybersecurity,
        title: [
            "Кибератака на информационную систему акимата: {place}",
            "Әкімдіктің ақпараттық жүйесіне кибершабуыл: {place}",
            "Cyberattack on a local administration's information system: {place}",
        ],
        platforms: &[P::Government],
        legal: None,
    },
    Template {
        kind: Kind::DataLeak,
        category: PersonalData,
        title: [
            "Утечка персональных данных {n} тысяч клиентов сервиса «{company}»",
            "«{company}» сервисінің {n} мың клиентінің дербес деректері таралып кетті",
            "Personal data of {n} thousand {company} customers leaked",
        ],
        platforms: &[P::Website, P::Telegram, P::Government],
        legal: Some(("administrative_code", "79")),
    },
    Template {
        kind: Kind::Surveillance,
        category: PersonalData,
        title: [
            "Журналист {who} сообщил о слежке за перепиской",
            "Журналист {who} хат-хабарының аңдылғанын хабарлады",
            "Journalist {who} reports surveillance of their messages",
        ],
        platforms: &[P::Whatsapp, P::Telegram],
        legal: None,
    },
    Template {
        kind: Kind::Spyware,
        category: PersonalData,
        title: [
            "На телефоне правозащитника {who} найдены следы шпионской программы",
            "Құқық қорғаушы {who} телефонынан тыңшы бағдарлама іздері табылды",
            "Traces of spyware found on human-rights defender {who}'s phone",
        ],
        platforms: &[P::Other],
        legal: None,
    },
    Template {
        kind: Kind::InternetShutdown,
        category: FreedomOfExpression,
        title: [
            "Мобильный интернет отключали на {n} часов: {place}",
            "Мобильді интернет {n} сағатқа өшірілді: {place}",
            "Mobile internet cut for {n} hours: {place}",
        ],
        platforms: &[P::Other],
        legal: None,
    },
    Template {
        kind: Kind::Detention,
        category: CourtCases,
        title: [
            "Задержан блогер {who}",
            "Блогер {who} ұсталды",
            "Blogger {who} detained",
        ],
        platforms: &[P::Youtube, P::Tiktok, P::Instagram],
        legal: None,
    },
    Template {
        kind: Kind::CriminalCase,
        category: CourtCases,
        title: [
            "Против журналиста {who} возбуждено дело о ложной информации",
            "Журналист {who} қатысты жалған ақпарат бойынша іс қозғалды",
            "Criminal case against journalist {who} over \"false information\"",
        ],
        platforms: &[P::Facebook, P::Telegram, P::Website],
        legal: Some(("criminal_code", "274")),
    },
    Template {
        kind: Kind::AdministrativeCase,
        category: CourtCases,
        title: [
            "Активиста {who} привлекли к ответственности за пост в {platform}",
            "Белсенді {who} {platform} желісіндегі жазбасы үшін жауапқа тартылды",
            "Activist {who} charged over a {platform} post",
        ],
        platforms: &[P::Facebook, P::Instagram, P::Telegram],
        legal: Some(("administrative_code", "456-2")),
    },
    Template {
        kind: Kind::Fine,
        category: CourtCases,
        title: [
            "Издание «{outlet}» оштрафовали на {n} МРП",
            "«{outlet}» басылымына {n} АЕК айыппұл салынды",
            "{outlet} fined {n} monthly calculation indices",
        ],
        platforms: &[P::Website],
        legal: Some(("administrative_code", "451")),
    },
    Template {
        kind: Kind::CourtRuling,
        category: CourtCases,
        title: [
            "Суд признал законной блокировку канала «{outlet}»",
            "Сот «{outlet}» арнасын бұғаттауды заңды деп таныды",
            "Court upholds the blocking of the {outlet} channel",
        ],
        platforms: &[P::Telegram, P::Youtube],
        legal: None,
    },
    Template {
        kind: Kind::LawAdopted,
        category: LegalRegulation,
        title: [
            "Принят закон {topic}",
            "{topic} заң қабылданды",
            "Law {topic} adopted",
        ],
        platforms: &[],
        legal: None,
    },
    Template {
        kind: Kind::Bill,
        category: LegalRegulation,
        title: [
            "Опубликован законопроект {topic}",
            "{topic} заң жобасы жарияланды",
            "Bill {topic} published",
        ],
        platforms: &[],
        legal: None,
    },
    Template {
        kind: Kind::OfficialStatement,
        category: FreedomOfExpression,
        title: [
            "Ведомство заявило, что блокировок в регионе нет: {place}",
            "Ведомство өңірде бұғаттау жоқ екенін мәлімдеді: {place}",
            "Agency says there are no blockings in the region: {place}",
        ],
        platforms: &[],
        legal: None,
    },
    Template {
        kind: Kind::AccreditationDenied,
        category: FreedomOfExpression,
        title: [
            "Журналисту {who} отказали в аккредитации",
            "Журналист {who} аккредитация ала алмады",
            "Journalist {who} denied accreditation",
        ],
        platforms: &[],
        legal: None,
    },
    Template {
        kind: Kind::PressRestriction,
        category: FreedomOfExpression,
        title: [
            "Съёмочную группу «{outlet}» не пустили на заседание",
            "«{outlet}» түсірілім тобы отырысқа жіберілмеді",
            "{outlet} film crew barred from a session",
        ],
        platforms: &[],
        legal: None,
    },
    Template {
        kind: Kind::Statistics,
        category: FreedomOfExpression,
        title: [
            "За квартал заблокировано {n} тысяч материалов",
            "Тоқсанда {n} мың материал бұғатталды",
            "{n} thousand items blocked in a quarter",
        ],
        platforms: &[P::Website, P::Telegram, P::Instagram],
        legal: None,
    },
    Template {
        kind: Kind::InstitutionalChange,
        category: LegalRegulation,
        title: [
            "Создано подразделение по мониторингу интернета: {place}",
            "Интернетті бақылайтын бөлім құрылды: {place}",
            "Internet-monitoring unit created: {place}",
        ],
        platforms: &[P::Government],
        legal: None,
    },
    Template {
        kind: Kind::Other,
        category: Cybersecurity,
        title: [
            "Мошенники рассылают фишинговые сообщения от имени «{company}»",
            "Алаяқтар «{company}» атынан фишингтік хабарламалар таратуда",
            "Scammers send phishing messages in {company}'s name",
        ],
        platforms: &[P::Whatsapp, P::Telegram, P::Aitu],
        legal: None,
    },
];

/// Sentences that describe an incident of a category, ru and en (two are picked per summary).
fn sentences(category: Category) -> &'static [[&'static str; 2]] {
    match category {
        FreedomOfExpression => &[
            [
                "Редакция узнала о случившемся от читателей, которые не смогли открыть публикации.",
                "The newsroom learned of it from readers who could not open its publications.",
            ],
            [
                "Уполномоченный орган не объяснил, какие материалы стали основанием для ограничения.",
                "The authority did not say which materials were the grounds for the restriction.",
            ],
            [
                "Правозащитники считают, что такие меры ограничивают право граждан на доступ к информации.",
                "Human-rights defenders say such measures restrict citizens' right of access to information.",
            ],
            [
                "Похожие случаи в этом году фиксировались и в других регионах.",
                "Similar cases were recorded in other regions this year.",
            ],
        ],
        PersonalData => &[
            [
                "Среди раскрытых сведений — имена, номера телефонов, ИИН и адреса.",
                "The exposed records include names, phone numbers, individual identification numbers and addresses.",
            ],
            [
                "Компания подтвердила инцидент только после публикаций в прессе.",
                "The company confirmed the incident only after press reports.",
            ],
            [
                "Эксперты советуют пострадавшим сменить пароли и остерегаться звонков мошенников.",
                "Experts advise those affected to change passwords and beware of scam calls.",
            ],
            [
                "Ведомство по защите персональных данных начало проверку.",
                "The personal-data protection authority opened an inquiry.",
            ],
        ],
        Cybersecurity => &[
            [
                "Сайт был недоступен несколько часов; атака шла с тысяч адресов.",
                "The site was down for several hours; the attack came from thousands of addresses.",
            ],
            [
                "Специалисты по кибербезопасности связывают атаку с недавними публикациями.",
                "Security specialists link the attack to recent publications.",
            ],
            [
                "Пострадавшие обратились в полицию, но дело пока не возбуждено.",
                "Those affected went to the police, but no case has been opened so far.",
            ],
            [
                "Для восстановления доступа пришлось обратиться в поддержку платформы.",
                "Restoring access required contacting the platform's support.",
            ],
        ],
        LegalRegulation => &[
            [
                "Документ вводит новые обязанности для владельцев онлайн-платформ и блогеров.",
                "The document imposes new duties on online-platform owners and bloggers.",
            ],
            [
                "Общественное обсуждение проекта длилось меньше двух недель.",
                "Public consultation on the draft lasted under two weeks.",
            ],
            [
                "Юристы предупреждают о размытых формулировках, допускающих широкое толкование.",
                "Lawyers warn of vague wording open to broad interpretation.",
            ],
            [
                "Нормы вступают в силу через шестьдесят дней после официального опубликования.",
                "The rules take effect sixty days after official publication.",
            ],
        ],
        CourtCases => &[
            [
                "Поводом стала публикация о расходовании бюджетных средств.",
                "The case was prompted by a publication on public spending.",
            ],
            [
                "Защита считает преследование связанным с профессиональной деятельностью.",
                "The defence considers the prosecution linked to professional work.",
            ],
            [
                "Заседание прошло в закрытом режиме; журналистов в зал не пустили.",
                "The hearing was held behind closed doors; journalists were not let in.",
            ],
            [
                "Решение может быть обжаловано в апелляционной инстанции.",
                "The ruling can be appealed.",
            ],
        ],
    }
}

const MALE: &[[&str; 2]] = &[
    ["Данияр", "Daniyar"],
    ["Ерлан", "Yerlan"],
    ["Нурлан", "Nurlan"],
    ["Тимур", "Timur"],
    ["Бауыржан", "Bauyrzhan"],
    ["Арман", "Arman"],
    ["Сергей", "Sergey"],
    ["Азамат", "Azamat"],
];
const FEMALE: &[[&str; 2]] = &[
    ["Айгерим", "Aigerim"],
    ["Асель", "Assel"],
    ["Мадина", "Madina"],
    ["Жанар", "Zhanar"],
    ["Салтанат", "Saltanat"],
    ["Ольга", "Olga"],
    ["Динара", "Dinara"],
    ["Камила", "Kamila"],
];
/// Surname stems: the male form adds «ов»/"ov", the female «ова»/"ova".
const SURNAMES: &[[&str; 2]] = &[
    ["Сейткали", "Seitkali"],
    ["Нуркен", "Nurken"],
    ["Жумабай", "Zhumabay"],
    ["Касым", "Kassym"],
    ["Бекмурат", "Bekmurat"],
    ["Ермек", "Yermek"],
    ["Абдрахман", "Abdrakhman"],
    ["Тулеген", "Tulegen"],
    ["Искандер", "Iskander"],
    ["Мухамеджан", "Mukhamedzhan"],
];
const OUTLETS: &[[&str; 2]] = &[
    ["Дала Ньюс", "Dala News"],
    ["Степной вестник", "Steppe Herald"],
    ["Жаңа толқын", "Zhana Tolqyn"],
    ["Городской портал 24", "City Portal 24"],
    ["Алтын Медиа", "Altyn Media"],
    ["Север-Инфо", "Sever-Info"],
    ["Каспий Таймс", "Caspian Times"],
    ["Открытый микрофон", "Open Mic"],
];
const COMPANIES: &[[&str; 2]] = &[
    ["Быстрая доставка", "Bystraya Dostavka"],
    ["МедКлиника Плюс", "MedClinic Plus"],
    ["ЭлектронБанк", "ElektronBank"],
    ["Таксопарк Онлайн", "Taxopark Online"],
    ["Школьный дневник", "School Diary"],
    ["Маркет-Плейс КЗ", "Market-Place KZ"],
];
/// Law topics, ru/kk/en, each fitting the templates' «Принят закон {topic}».
const TOPICS: &[[&str; 3]] = &[
    [
        "о маркировке контента, созданного ИИ",
        "ЖИ жасаған контентті таңбалау туралы",
        "on labelling AI-generated content",
    ],
    [
        "об онлайн-платформах",
        "Онлайн-платформалар туралы",
        "on online platforms",
    ],
    [
        "о персональных данных",
        "Дербес деректер туралы",
        "on personal data",
    ],
    ["о масс-медиа", "Масс-медиа туралы", "on mass media"],
    ["о связи", "Байланыс туралы", "on communications"],
];
const QUOTES: &[[&str; 2]] = &[
    [
        "Никакого взлома не было, все системы работают в штатном режиме.",
        "There was no hack; all systems are working normally.",
    ],
    [
        "Случайных блокировок сайтов у нас не бывает.",
        "Websites are never blocked here by accident.",
    ],
    [
        "Персональные данные граждан надёжно защищены.",
        "Citizens' personal data are securely protected.",
    ],
    [
        "Ограничения касаются только противоправного контента.",
        "The restrictions concern only unlawful content.",
    ],
    [
        "Ни один журналист не преследуется за свою работу.",
        "No journalist is prosecuted for their work.",
    ],
    [
        "Интернет в регионе не отключали, были технические работы.",
        "The internet in the region was not cut; there was maintenance.",
    ],
];
const POSITIONS: &[[&str; 2]] = &[
    ["пресс-секретарь министерства", "ministry spokesperson"],
    ["заместитель акима", "deputy akim"],
    ["депутат Мажилиса", "member of the Mazhilis"],
    ["руководитель ведомства", "head of the agency"],
];

/// A person: full name in Cyrillic (ru, also used in Kazakh text) and Latin.
fn person(rng: &mut Rng) -> [String; 2] {
    let female = rng.bool();
    let first = if female {
        FEMALE[rng.usize(..FEMALE.len())]
    } else {
        MALE[rng.usize(..MALE.len())]
    };
    let last = SURNAMES[rng.usize(..SURNAMES.len())];
    let (ru_end, en_end) = if female {
        ("ова", "ova")
    } else {
        ("ов", "ov")
    };
    [
        format!("{} {}{ru_end}", first[0], last[0]),
        format!("{} {}{en_end}", first[1], last[1]),
    ]
}

fn pick<T: Copy>(rng: &mut Rng, list: &[T]) -> T {
    list[rng.usize(..list.len())]
}

/// A date in 2015–2026 (up to `today`): mostly to the day, some to the month or year only, like the digests.
fn date(rng: &mut Rng) -> (u16, u8, u8, Value) {
    let year = rng.u16(2015..=2026);
    let month = rng.u8(1..=if year == 2026 { 10 } else { 12 });
    let day = rng.u8(1..=28);
    let text = match rng.u8(0..10) {
        0 => format!("{year}"),
        1 | 2 => format!("{year}-{month:02}"),
        _ => format!("{year}-{month:02}-{day:02}"),
    };
    (year, month, day, json!(text))
}

fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (k, v) in vars {
        out = out.replace(k, v);
    }
    out
}

/// Incident number `n` (its id is `syn-i-<n>`), deterministic for a seed.
pub fn incident(rng: &mut Rng, n: i64) -> ItemDoc {
    let t = &TEMPLATES[rng.usize(..TEMPLATES.len())];
    let who = person(rng);
    let outlet = pick(rng, OUTLETS);
    let company = pick(rng, COMPANIES);
    let topic = pick(rng, TOPICS);
    let region = Region::ALL[rng.usize(..Region::ALL.len())];
    let platform = if t.platforms.is_empty() {
        None
    } else {
        Some(pick(rng, t.platforms))
    };
    let number = rng.u32(2..=900).to_string();
    let vars = |lang: usize| -> Vec<(&str, String)> {
        let latin = usize::from(lang == 2);
        vec![
            ("{who}", who[latin].clone()),
            ("{outlet}", outlet[latin].to_owned()),
            ("{company}", company[latin].to_owned()),
            ("{topic}", topic[lang].to_owned()),
            ("{place}", region.label(lang_of(lang)).to_owned()),
            (
                "{platform}",
                platform.map_or("", |p| p.label(lang_of(lang))).to_owned(),
            ),
            ("{n}", number.clone()),
        ]
    };
    let text = |lang: usize, template: &str| {
        let v = vars(lang);
        let pairs: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill(template, &pairs)
    };
    let title: Vec<String> = (0..3).map(|l| text(l, t.title[l])).collect();
    let pool = sentences(t.category);
    let a = rng.usize(..pool.len());
    let b = (a + 1 + rng.usize(..pool.len() - 1)) % pool.len();
    let summary = |l: usize, end: &str| {
        format!(
            "{}. {} {} {end}",
            title[if l == 0 { 0 } else { 2 }],
            pool[a][l],
            pool[b][l]
        )
    };
    let (year, month, _, when) = date(rng);
    let mut doc = json!({
        "id": format!("syn-i-{n}"),
        "date": when,
        "title": {"ru": title[0], "kk": title[1], "en": title[2]},
        "summary": {
            "ru": summary(0, "Синтетическая запись для нагрузочного тестирования."),
            "en": summary(1, "A synthetic record for load testing."),
        },
        "category": t.category,
        "kind": t.kind,
        "actors": [{"name": {"ru": who[0], "en": who[1]}, "role": "journalist"}],
        "region": region,
        "platforms": platform.into_iter().collect::<Vec<_>>(),
        "sources": [{
            "url": format!("https://example.kz/synthetic/{n}"),
            "outlet": outlet[0],
            "date": format!("{year}-{month:02}"),
        }],
        "tags": ["синтетика", t.kind.as_str()],
    });
    if let Some((code, article)) = t.legal {
        doc["legal_refs"] = json!([{"code": code, "article": article}]);
    }
    if t.kind == Kind::Blocking && rng.u8(0..4) == 0 {
        doc["end_date"] = json!("ongoing");
    }
    // One in ten is dated only within six months, as a digest's undated entries are (a range on the timeline).
    if rng.u8(0..10) == 0
        && let Some(o) = doc.as_object_mut()
    {
        let last = u16::from(month) + 5;
        o.remove("date");
        o.insert(
            "period".into(),
            json!({
                "from": format!("{year}-{month:02}"),
                "to": format!("{}-{:02}", year + (last - 1) / 12, (last - 1) % 12 + 1),
            }),
        );
    }
    let input: IncidentInput = serde_json::from_value(doc).expect("generated incident shape");
    ItemDoc::Incident(input.validate().expect("generated incident is valid"))
}

/// Claim number `n` (id `syn-c-<n>`) about the incident `about` (an id), rated in about 60% of cases.
pub fn claim(rng: &mut Rng, n: i64, about: &str) -> ItemDoc {
    let speaker = person(rng);
    let position = pick(rng, POSITIONS);
    let quote = pick(rng, QUOTES);
    let category = pick(
        rng,
        &[
            FreedomOfExpression,
            PersonalData,
            Cybersecurity,
            LegalRegulation,
            CourtCases,
        ],
    );
    let (_, _, _, when) = date(rng);
    let mut doc = json!({
        "id": format!("syn-c-{n}"),
        "date": when,
        "quote": {"ru": quote[0], "en": quote[1]},
        "speaker": {
            "name": {"ru": speaker[0], "en": speaker[1]},
            "position": {"ru": position[0], "en": position[1]},
        },
        "said_at": {"url": format!("https://example.kz/synthetic/claim/{n}"), "outlet": pick(rng, OUTLETS)[0]},
        "category": category,
        "incident_ids": [about],
        "tags": ["синтетика"],
    });
    if rng.u8(0..10) >= 4 {
        let verdict = Verdict::ALL[rng.usize(..Verdict::ALL.len())];
        doc["verdict"] = json!(verdict);
        doc["explanation"] = json!({
            "ru": "Синтетическая оценка вымышленного заявления: сведения сопоставлены с документами из синтетического источника.",
            "en": "A synthetic rating of an invented statement, checked against a synthetic source's documents.",
        });
        doc["evidence"] = json!([{"url": format!("https://example.kz/synthetic/evidence/{n}"), "outlet": "Synthetic evidence"}]);
    }
    let input: ClaimInput = serde_json::from_value(doc).expect("generated claim shape");
    ItemDoc::Claim(input.validate().expect("generated claim is valid"))
}

fn lang_of(i: usize) -> aqiqat_shared::Lang {
    aqiqat_shared::Lang::ALL[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_category_and_region_comes_up_and_validates() {
        let mut rng = Rng::with_seed(7);
        let mut kinds = std::collections::HashSet::new();
        let mut categories = std::collections::HashSet::new();
        let mut regions = std::collections::HashSet::new();
        let mut within = 0;
        for n in 0..3000 {
            let ItemDoc::Incident(i) = incident(&mut rng, n) else {
                unreachable!()
            };
            within += usize::from(i.period.is_some());
            kinds.insert(i.kind);
            categories.insert(i.category);
            regions.extend(i.region);
            assert!(!i.title.ru.contains('{'), "unfilled: {}", i.title.ru);
            assert!(!i.title.en.as_deref().unwrap_or("").contains('{'));
        }
        assert_eq!(kinds.len(), Kind::ALL.len());
        assert_eq!(categories.len(), Category::ALL.len());
        assert_eq!(regions.len(), Region::ALL.len());
        assert!(
            (200..400).contains(&within),
            "{within} of 3000 dated by a period"
        );
        let mut rated = 0;
        for n in 0..200 {
            let ItemDoc::Claim(c) = claim(&mut rng, n, "syn-i-1") else {
                unreachable!()
            };
            rated += usize::from(c.verdict.is_some());
        }
        assert!((80..160).contains(&rated), "{rated} of 200 rated");
    }

    #[test]
    fn the_same_seed_gives_the_same_items() {
        let a = incident(&mut Rng::with_seed(3), 1).to_json();
        let b = incident(&mut Rng::with_seed(3), 1).to_json();
        assert_eq!(a, b);
    }
}
