//! Facts read from an entry's plain text: its kind (a guess by Russian keyword stems), legal references,
//! platforms, regions and named actors.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aqiqat_shared::{Kind, LegalCode, LegalRef, Platform, Region};

use super::tokens::{Tok, TokKind, fold, tokenize, words};

/// One condition of a keyword rule, checked against lower-cased, `ё`-folded text.
#[derive(Clone, Copy)]
enum Cond {
    /// Some word starts with one of these.
    Prefix(&'static [&'static str]),
    /// Some word is exactly one of these.
    Word(&'static [&'static str]),
    /// The text contains this (phrases, `%`, stems inside compounds such as «киберслежка»).
    Sub(&'static str),
}

use Cond::{Prefix, Sub, Word};

const LAW: Cond = Word(&[
    "закон",
    "закона",
    "закону",
    "законом",
    "законе",
    "законы",
    "законов",
    "законам",
    "законами",
    "законах",
]);
const COURT: Cond = Word(&[
    "суд",
    "суда",
    "суду",
    "судом",
    "суде",
    "суды",
    "судов",
    "судам",
    "судах",
]);
const CASE: Cond = Word(&[
    "дело",
    "дела",
    "делу",
    "делом",
    "деле",
    "дел",
    "делам",
    "делах",
]);
const ACCOUNT: Cond = Prefix(&["аккаунт", "страниц", "канал"]);
const PRESS: Cond = Prefix(&["журналист", "прессы", "пресса", "корреспондент"]);
const MEDIA: Cond = Word(&["сми"]);
const RESTRICT: Cond = Prefix(&[
    "огранич",
    "запрет",
    "резервац",
    "выгнал",
    "не пуска",
    "не допуска",
]);

/// The rules, most specific first: the first rule that matches the title decides; failing that, the first that
/// matches the summary. Titles state the event, while summaries also carry background («утечки уже
/// используются…»), so a title match is the stronger evidence.
const RULES: &[(Kind, &[&[Cond]])] = &[
    (
        Kind::AccreditationDenied,
        &[&[
            Prefix(&["аккредитац"]),
            Prefix(&["отказ", "лиши", "аннулир", "отозва"]),
        ]],
    ),
    (
        Kind::InternetShutdown,
        &[
            &[Prefix(&["отключ"]), Prefix(&["интернет", "связ"])],
            &[Prefix(&["шатдаун"])],
            &[Sub("shutdown")],
        ],
    ),
    (
        Kind::LawAdopted,
        &[&[LAW, Prefix(&["приня", "подписа", "вступ", "одобр"])]],
    ),
    (
        Kind::Bill,
        &[
            &[Prefix(&["законопроект", "поправк"])],
            &[
                Prefix(&["проект"]),
                Prefix(&["закон", "конституц", "кодекс"]),
            ],
            &[Sub("хотят ввести")],
            &[Sub("предлагают ввести")],
            &[Sub("планируется ввести")],
            &[Sub("планируют ввести")],
            &[Prefix(&["предлага"]), Prefix(&["ужесточ"])],
        ],
    ),
    (
        Kind::Statistics,
        &[
            &[Sub("%")],
            &[Prefix(&["статистик", "количеств"])],
            &[
                Word(&["число", "числа"]),
                Prefix(&["вырос", "увелич", "сократ", "снизил"]),
            ],
        ],
    ),
    (Kind::Ddos, &[&[Sub("ddos")], &[Prefix(&["ддос", "дудос"])]]),
    (
        Kind::Spyware,
        &[
            &[Prefix(&["шпионск"])],
            &[Sub("predator")],
            &[Sub("pegasus")],
        ],
    ),
    (
        Kind::Surveillance,
        &[&[Sub("слежк")], &[Sub("слежени")], &[Prefix(&["прослуш"])]],
    ),
    (Kind::AccountHack, &[&[Prefix(&["взлом"]), ACCOUNT]]),
    (
        Kind::AccountTakedown,
        &[&[Prefix(&["удален", "удалил", "удалят", "удаля"]), ACCOUNT]],
    ),
    (
        Kind::Blocking,
        &[
            &[Sub("блокир")],
            &[Sub("блокировк")],
            &[Prefix(&["бұғатта"])],
        ],
    ),
    (
        Kind::DataLeak,
        &[
            &[Prefix(&["утечк", "утекл", "слив"])],
            &[Sub("в открытом доступе")],
            &[Sub("в открытый доступ")],
        ],
    ),
    (
        Kind::Cyberattack,
        &[
            &[Prefix(&["кибератак", "вредонос", "фишинг"])],
            &[Prefix(&["хакер"]), Prefix(&["атак"])],
        ],
    ),
    (
        Kind::Detention,
        &[&[Prefix(&["задержал", "задержан", "арестова"])]],
    ),
    (
        Kind::CourtRuling,
        &[
            &[
                COURT,
                Prefix(&[
                    "решени",
                    "приговор",
                    "признал",
                    "отказал",
                    "прекратил",
                    "оправда",
                    "постановил",
                    "обязал",
                    "удовлетвор",
                    "срок",
                    "взыска",
                ]),
            ],
            &[COURT, Sub("в силе")],
            &[Prefix(&["судебн"]), Prefix(&["решени"])],
            &[Prefix(&["приговорил"])],
            &[
                Prefix(&["выиграл", "проиграл"]),
                Prefix(&["дел", "суд", "иск"]),
            ],
        ],
    ),
    (
        Kind::CriminalCase,
        &[&[Prefix(&["уголовн", "возбужд"]), CASE]],
    ),
    (
        Kind::AdministrativeCase,
        &[
            &[Prefix(&["административн"]), CASE],
            &[Prefix(&["протокол"]), Prefix(&["административн"])],
        ],
    ),
    (Kind::Fine, &[&[Sub("штраф")], &[Prefix(&["айыппұл"])]]),
    (
        Kind::PressRestriction,
        &[&[PRESS, RESTRICT], &[MEDIA, RESTRICT]],
    ),
    (
        Kind::InstitutionalChange,
        &[&[
            Prefix(&[
                "министерств",
                "центр",
                "агентств",
                "комитет",
                "ведомств",
                "департамент",
                "групп",
            ]),
            Prefix(&[
                "созда",
                "появил",
                "преобразова",
                "учрежд",
                "упраздн",
                "реорганиз",
                "ликвидир",
            ]),
        ]],
    ),
    (
        Kind::OfficialStatement,
        &[&[Prefix(&[
            "заявил",
            "заявля",
            "сообщил",
            "поручил",
            "высказал",
            "объяснил",
            "пояснил",
            "призвал",
            "пообещал",
            "подчеркнул",
        ])]],
    ),
];

struct Text {
    lower: String,
    /// Sorted and deduplicated, so a prefix or word is a binary search even in a very long text.
    words: Vec<String>,
}

impl Text {
    fn new(s: &str) -> Text {
        let mut words = words(s);
        words.sort_unstable();
        words.dedup();
        Text {
            lower: fold(s),
            words,
        }
    }

    fn has_prefix(&self, p: &str) -> bool {
        let i = self.words.partition_point(|w| w.as_str() < p);
        self.words.get(i).is_some_and(|w| w.starts_with(p))
    }

    fn has_word(&self, w: &str) -> bool {
        self.words.binary_search_by(|x| x.as_str().cmp(w)).is_ok()
    }

    fn holds(&self, c: Cond) -> bool {
        match c {
            Prefix(ps) => ps.iter().any(|p| {
                if p.contains(' ') {
                    self.lower.contains(p)
                } else {
                    self.has_prefix(p)
                }
            }),
            Word(ws) => ws.iter().any(|w| self.has_word(w)),
            Sub(s) => self.lower.contains(s),
        }
    }

    fn kind(&self) -> Option<Kind> {
        RULES
            .iter()
            .find(|(_, alts)| alts.iter().any(|all| all.iter().all(|c| self.holds(*c))))
            .map(|(k, _)| *k)
    }
}

/// The kind suggested by the title, else by the summary, else `Other`. Always a guess for the editor to confirm.
pub(crate) fn guess_kind(title: &str, summary: &str) -> Kind {
    Text::new(title)
        .kind()
        .or_else(|| Text::new(summary).kind())
        .unwrap_or(Kind::Other)
}

/// A code named at token `i`: the code, the law's name for a law, and the index after it.
fn legal_code(toks: &[Tok], text: &str, i: usize) -> Option<(LegalCode, Option<String>, usize)> {
    let t = toks.get(i)?;
    let next = toks.get(i + 1);
    let after_rk = |j: usize| {
        if toks.get(j).is_some_and(|t| t.is("рк")) {
            j + 1
        } else {
            j
        }
    };
    match t.lower.as_str() {
        "ук" | "қк" => return Some((LegalCode::CriminalCode, None, after_rk(i + 1))),
        "коап" | "әқбтк" => {
            return Some((LegalCode::AdministrativeCode, None, after_rk(i + 1)));
        }
        "гк" => return Some((LegalCode::CivilCode, None, after_rk(i + 1))),
        _ => {}
    }
    if t.starts("уголовн") && next.is_some_and(|n| n.starts("кодекс")) {
        return Some((LegalCode::CriminalCode, None, after_rk(i + 2)));
    }
    if t.starts("гражданск") && next.is_some_and(|n| n.starts("кодекс")) {
        return Some((LegalCode::CivilCode, None, after_rk(i + 2)));
    }
    if t.starts("административн") && next.is_some_and(|n| n.starts("кодекс")) {
        return Some((LegalCode::AdministrativeCode, None, after_rk(i + 2)));
    }
    if t.starts("кодекс")
        && next.is_some_and(|n| n.is("об"))
        && toks.get(i + 2).is_some_and(|n| n.starts("административн"))
    {
        let mut j = i + 3;
        if toks.get(j).is_some_and(|t| t.starts("правонаруш")) {
            j += 1;
        }
        return Some((LegalCode::AdministrativeCode, None, after_rk(j)));
    }
    if t.starts("конституц") {
        return Some((LegalCode::Constitution, None, after_rk(i + 1)));
    }
    if matches!(
        t.lower.as_str(),
        "закон" | "закона" | "закону" | "законом" | "законе"
    ) {
        let open = next.filter(|n| {
            n.kind == TokKind::Punct && matches!(n.lower.as_str(), "«" | "“" | "„" | "\"")
        })?;
        let close_chars: &[&str] = match open.lower.as_str() {
            "«" => &["»"],
            "\"" => &["\""],
            _ => &["”", "“", "\""],
        };
        let close = toks
            .iter()
            .enumerate()
            .skip(i + 2)
            .take(30)
            .find(|(_, t)| t.kind == TokKind::Punct && close_chars.contains(&t.lower.as_str()))?
            .0;
        let name = text.get(open.end..toks.get(close)?.start)?.trim();
        if name.is_empty() {
            return None;
        }
        return Some((LegalCode::Law, Some(name.to_owned()), close + 1));
    }
    None
}

/// An article number at `i` (`174`, `456-2`, `41-1`, `174.1`): the number and the index after it.
fn article(toks: &[Tok], i: usize) -> Option<(String, usize)> {
    let first = toks
        .get(i)
        .filter(|t| t.kind == TokKind::Num && t.digits() <= 4)?;
    let mut s = first.lower.clone();
    let mut j = i + 1;
    while let (Some(sep), Some(n)) = (toks.get(j), toks.get(j + 1))
        && sep.glued
        && n.glued
        && n.kind == TokKind::Num
        && n.digits() <= 3
        && (sep.kind == TokKind::Dash || sep.is_punct('.'))
    {
        s.push(if sep.kind == TokKind::Dash { '-' } else { '.' });
        s.push_str(&n.lower);
        j += 2;
    }
    Some((s, j))
}

fn is_article_word(t: &Tok) -> bool {
    matches!(
        t.lower.as_str(),
        "статья"
            | "статьи"
            | "статью"
            | "статье"
            | "статьей"
            | "статьям"
            | "статьями"
            | "ст"
            | "бап"
            | "бабы"
    )
}

fn is_part_word(t: &Tok) -> bool {
    matches!(
        t.lower.as_str(),
        "часть" | "части" | "частью" | "ч" | "бөлік" | "бөлігі"
    )
}

/// `часть 3` / `ч. 3` at `i`: the part and the index after it.
fn part(toks: &[Tok], i: usize) -> Option<(String, usize)> {
    if !toks.get(i).is_some_and(is_part_word) {
        return None;
    }
    let mut j = i + 1;
    if toks.get(j).is_some_and(|t| t.is_punct('.')) {
        j += 1;
    }
    let n = toks
        .get(j)
        .filter(|t| t.kind == TokKind::Num && t.digits() <= 2)?;
    Some((n.lower.clone(), j + 1))
}

/// References such as «статья 174 УК», «по статье 309 УК», «статья 456-2 часть 3 КоАП», «части 3 статьи 456-2
/// КоАП», «статьи КоАП 641-1», «статью 41-1 Закона «О связи»», «статьи 174 и 274 УК РК». An article with no code
/// named next to it is left out: guessing the code would be worse than the editor adding it.
pub(crate) fn legal_refs(text: &str) -> Vec<LegalRef> {
    let toks = tokenize(text);
    let mut out: Vec<LegalRef> = Vec::new();
    let mut seen = HashSet::new();
    let mut i = 0;
    while i < toks.len() {
        let mut pending_part = None;
        let mut k = i;
        if let Some((p, j)) = part(&toks, i)
            && toks.get(j).is_some_and(is_article_word)
        {
            pending_part = Some(p);
            k = j;
        }
        if !toks.get(k).is_some_and(is_article_word) {
            i += 1;
            continue;
        }
        let mut j = k + 1;
        if toks.get(j).is_some_and(|t| t.is_punct('.')) {
            j += 1;
        }
        let code_before = legal_code(&toks, text, j);
        if let Some((_, _, after)) = &code_before {
            j = *after;
        }
        let mut articles = Vec::new();
        while let Some((a, after)) = article(&toks, j) {
            articles.push(a);
            j = after;
            match toks.get(j) {
                Some(t) if t.is_punct(',') || t.is("и") => {
                    if toks.get(j + 1).is_some_and(|t| t.kind == TokKind::Num) {
                        j += 1;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        if articles.is_empty() {
            i = k + 1;
            continue;
        }
        if let Some((p, after)) = part(&toks, j) {
            pending_part = Some(p);
            j = after;
        }
        let code = code_before.or_else(|| legal_code(&toks, text, j));
        if let Some((code, law, after)) = code {
            j = after;
            for a in articles {
                let r = LegalRef {
                    code,
                    article: a,
                    part: pending_part.clone(),
                    law: law.clone(),
                };
                if seen.insert(format!("{:?}", (&r.code, &r.article, &r.part, &r.law))) {
                    out.push(r);
                }
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// Platforms named in the text. A `t.me` source link is where the news was reported, not where the incident
/// happened, so links count only when written into the prose.
pub(crate) fn platforms(text: &str) -> Vec<Platform> {
    let t = Text::new(text);
    let mut out = Vec::new();
    let table: &[(Platform, Cond)] = &[
        (Platform::Instagram, Prefix(&["instagram", "инстаграм"])),
        (
            Platform::Facebook,
            Prefix(&["facebook", "фейсбук", "фэйсбук"]),
        ),
        (Platform::Telegram, Prefix(&["telegram", "телеграм"])),
        (Platform::Youtube, Prefix(&["youtube", "ютуб", "ютьюб"])),
        (Platform::Tiktok, Prefix(&["tiktok", "тикток", "тик-ток"])),
        (
            Platform::Whatsapp,
            Prefix(&["whatsapp", "ватсап", "вотсап"]),
        ),
        (Platform::Aitu, Word(&["aitu"])),
        (Platform::X, Prefix(&["twitter", "твиттер"])),
        (Platform::Website, Prefix(&["сайт", "вебсайт", "веб-сайт"])),
    ];
    for (p, c) in table {
        let hit = t.holds(*c)
            || (*p == Platform::Telegram && t.lower.contains("t.me/"))
            || (*p == Platform::X && mentions_x(text));
        if hit && !out.contains(p) {
            out.push(*p);
        }
    }
    out
}

/// The network X: the capital letter alone is also a variable, a Roman ten or a grade, so it counts only right
/// after a word that introduces a platform («в X», «соцсети X») or before «(Twitter)» / «(бывший Twitter)».
fn mentions_x(text: &str) -> bool {
    if !text.contains('X') {
        return false;
    }
    let toks = tokenize(text);
    toks.iter().enumerate().any(|(i, t)| {
        let is_x = t.kind == TokKind::Word && text.get(t.start..t.end) == Some("X");
        if !is_x {
            return false;
        }
        let before = i.checked_sub(1).and_then(|p| toks.get(p)).is_some_and(|p| {
            matches!(
                p.lower.as_str(),
                "в" | "во"
                    | "соцсети"
                    | "соцсеть"
                    | "соцсетью"
                    | "платформе"
                    | "платформа"
                    | "платформы"
                    | "сети"
                    | "сеть"
            )
        });
        let next = toks.get(i + 1);
        // «в X веке», «X съезд»: a Roman numeral.
        let numeral = next.is_some_and(|n| {
            [
                "век",
                "съезд",
                "созыв",
                "класс",
                "сесси",
                "пленум",
                "глав",
                "стать",
            ]
            .iter()
            .any(|w| n.starts(w))
        });
        let after = next.is_some_and(|n| n.is_punct('('))
            && toks
                .get(i + 2)
                .is_some_and(|n| n.lower.contains("twitter") || n.starts("бывш"));
        (before && !numeral) || after
    })
}

/// Russian (and a few Kazakh) names of the regions and their main cities, in the forms texts use. A name matches
/// the start of a word unless marked exact; two-word names match consecutive words. «Казахстан» alone names no
/// region: nationwide scope is the editor's call.
const REGIONS: &[(Region, &[&str])] = &[
    (
        Region::AlmatyRegion,
        &[
            "алматинск облас",
            "алматы облыс",
            "талгар",
            "конаев",
            "капшагай",
            "қонаев",
        ],
    ),
    (Region::Almaty, &["алматы", "алма ат", "алматин"]),
    (Region::Astana, &["астан", "нур султан"]),
    (Region::Shymkent, &["шымкент"]),
    (Region::Abai, &["абайск облас", "абай облыс"]),
    (
        Region::Akmola,
        &["акмолинск", "кокшетау", "ақмола", "көкшетау"],
    ),
    (Region::Aktobe, &["актюбинск", "актобе", "ақтөбе"]),
    (Region::Atyrau, &["атырау"]),
    (
        Region::EastKazakhstan,
        &[
            "восточно казахстанск",
            "вко=",
            "усть каменогорск",
            "өскемен",
            "шығыс қазақстан",
        ],
    ),
    (Region::Zhambyl, &["жамбылск", "тараз", "жамбыл облыс"]),
    (
        Region::Zhetysu,
        &["жетысу", "жетісу", "талдыкорган", "талдықорған"],
    ),
    (
        Region::WestKazakhstan,
        &[
            "западно казахстанск",
            "зко=",
            "уральск",
            "орал=",
            "батыс қазақстан",
        ],
    ),
    (Region::Karaganda, &["караганд", "қарағанды"]),
    (Region::Kostanay, &["костана", "қостанай"]),
    (Region::Kyzylorda, &["кызылорд", "қызылорда"]),
    (
        Region::Mangystau,
        &["мангистау", "мангыстау", "маңғыстау", "актау", "ақтау"],
    ),
    (Region::Pavlodar, &["павлодар"]),
    (
        Region::NorthKazakhstan,
        &[
            "северо казахстанск",
            "ско=",
            "петропавловск",
            "солтүстік қазақстан",
        ],
    ),
    (Region::Turkistan, &["туркестан", "түркістан"]),
    (
        Region::Ulytau,
        &["улытау", "ұлытау", "жезказган", "жезқазған"],
    ),
];

/// Whether the words starting at `i` spell `pattern` (space-separated word prefixes; `word=` is exact).
/// Returns the number of words matched.
fn spells(words: &[String], i: usize, pattern: &str) -> Option<usize> {
    let mut n = 0;
    for (k, p) in pattern.split(' ').enumerate() {
        let w = words.get(i + k)?;
        let ok = match p.strip_suffix('=') {
            Some(exact) => w == exact,
            None => w.starts_with(p),
        };
        if !ok {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// The region names grouped by their first letter, in table order, so each word is checked against a few names.
static REGION_INDEX: LazyLock<HashMap<char, Vec<(Region, &'static str)>>> = LazyLock::new(|| {
    let mut index: HashMap<char, Vec<(Region, &'static str)>> = HashMap::new();
    for (r, names) in REGIONS {
        for n in *names {
            if let Some(c) = n.chars().next() {
                index.entry(c).or_default().push((*r, n));
            }
        }
    }
    index
});

fn region_at(ws: &[String], i: usize) -> Option<(Region, usize)> {
    let first = ws.get(i)?.chars().next()?;
    REGION_INDEX
        .get(&first)?
        .iter()
        .find_map(|(r, n)| spells(ws, i, n).map(|len| (*r, len)))
}

/// Regions named in the text, in order of mention (a region's city and the region of the same name are told
/// apart by the table's order: «Алматинской области» before «Алматы»).
pub(crate) fn regions(text: &str) -> Vec<Region> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        match region_at(&ws, i) {
            Some((r, len)) => {
                if !out.contains(&r) {
                    out.push(r);
                }
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

/// Words that start sentences or name institutions and so are capitalized without being a person's name.
const NOT_NAMES: &[&str] = &[
    "это",
    "как",
    "при",
    "для",
    "все",
    "эти",
    "она",
    "они",
    "оба",
    "над",
    "под",
    "без",
    "там",
    "где",
    "что",
    "чем",
    "кто",
    "после",
    "также",
    "однако",
    "согласно",
    "теперь",
    "сейчас",
    "ранее",
    "позже",
    "тогда",
    "кроме",
    "между",
    "через",
    "около",
    "против",
    "среди",
    "перед",
    "пока",
    "если",
    "когда",
    "хотя",
    "причем",
    "притом",
    "суд",
    "суда",
    "команда",
    "полиция",
    "акимат",
    "фонд",
    "министр",
    "министерство",
    "президент",
    "депутат",
    "депутаты",
    "редакция",
    "портал",
    "издание",
    "сайт",
    "власти",
    "госорганы",
    "журналист",
    "журналиста",
    "блогер",
    "блогера",
    "правозащитник",
    "правозащитника",
    "глава",
    "председатель",
    "генпрокуратура",
    "прокуратура",
    "сенат",
    "мажилис",
    "парламент",
    "правительство",
    "указ",
    "закон",
    "документ",
    "эксперты",
    "центр",
    "служба",
    "агентство",
    "комитет",
    "республика",
    "республики",
    "организация",
    "компания",
];

fn is_capitalized_cyrillic(w: &str) -> bool {
    let mut parts = w.split('-');
    parts.all(|p| {
        let mut cs = p.chars();
        let Some(first) = cs.next() else { return false };
        let cyr = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
        cyr(first)
            && first.is_uppercase()
            && p.chars().count() >= 2
            && cs.all(|c| cyr(c) && c.is_lowercase())
    }) && w.chars().count() >= 3
}

fn blocked_word(lower: &str) -> bool {
    NOT_NAMES.contains(&lower)
        || lower.starts_with("казахстан")
        || lower.starts_with("росси")
        || lower.starts_with("министерств")
        || lower.starts_with("конституц")
        || lower.starts_with("центральн")
        || lower.starts_with("азии")
        || lower.starts_with("азия")
        || super::dates::ru_month(lower).is_some()
        || region_at(&[lower.to_owned()], 0).is_some()
}

const OPEN_QUOTES: &[char] = &['«', '“', '„', '"'];

fn closing_for(open: char) -> &'static [char] {
    match open {
        '«' => &['»'],
        '"' => &['"'],
        _ => &['”', '“', '"'],
    }
}

/// A quoted name that reads as an organisation or outlet: capitalized, one to four words, not a law's title
/// («О связи») and not a phrase.
fn organisation_like(inner: &str) -> bool {
    let t = inner.trim();
    let n_words = t.split_whitespace().count();
    t.chars().next().is_some_and(char::is_uppercase)
        && (1..=4).contains(&n_words)
        && t.chars().count() <= 40
        && !t.starts_with("О ")
        && !t.starts_with("Об ")
        && !t.contains([',', '!', '?', ':', ';', '«', '»', '“', '”'])
        && !t.contains(". ")
        && !t.ends_with('.')
}

const LEGAL_FORMS: &[&str] = &[
    "ТОО", "АО", "ООО", "ОО", "ОФ", "ИП", "НАО", "РГП", "ГУ", "ОЮЛ", "КГУ",
];

/// People (two capitalized Cyrillic words, as written: «Вадима Борейко») and quoted organisations («Власть»,
/// ТОО «СпецТрейдТМ»), in order of appearance, without repeats. Best effort: the editor assigns roles.
pub(crate) fn actors(text: &str) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    // Quoted organisations; their inside is not searched for people («Радио Азаттык» is no person).
    let mut quoted: Vec<(usize, usize)> = Vec::new();
    let mut iter = text.char_indices();
    while let Some((i, c)) = iter.next() {
        if !OPEN_QUOTES.contains(&c) {
            continue;
        }
        let start = i + c.len_utf8();
        let Some(rest) = text.get(start..) else {
            continue;
        };
        let Some((len, close)) = rest
            .char_indices()
            .take(60)
            .find(|(_, ch)| closing_for(c).contains(ch))
        else {
            continue;
        };
        let inner = rest.get(..len).unwrap_or("");
        let end = start + len + close.len_utf8();
        quoted.push((start, end));
        if organisation_like(inner) {
            let before = text.get(..i).unwrap_or("").trim_end();
            let form = LEGAL_FORMS.iter().find(|f| {
                before.ends_with(*f)
                    && before
                        .get(..before.len() - f.len())
                        .is_none_or(|b| !b.ends_with(char::is_alphanumeric))
            });
            let name = match form {
                Some(f) => format!("{f} «{}»", inner.trim()),
                None => inner.trim().to_owned(),
            };
            found.push((i, name));
        }
        // Skip past the closing quote so a quoted span is read once.
        while let Some((j, _)) = iter.clone().next() {
            if j >= end {
                break;
            }
            iter.next();
        }
    }
    let toks = tokenize(text);
    // Words joined by a glued hyphen are one word (Касым-Жомарт); anything else between words ends a run.
    let mut run: Vec<(usize, usize)> = Vec::new();
    let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut k = 0;
    let mut q = 0;
    while k < toks.len() {
        let t = &toks[k];
        if t.kind == TokKind::Word {
            let (start, mut end) = (t.start, t.end);
            let mut j = k + 1;
            while let (Some(d), Some(w)) = (toks.get(j), toks.get(j + 1))
                && d.kind == TokKind::Dash
                && d.glued
                && w.glued
                && w.kind == TokKind::Word
            {
                end = w.end;
                j += 2;
            }
            let word = text.get(start..end).unwrap_or("");
            // Spans and words both go left to right, so one cursor finds the span around each word.
            while quoted.get(q).is_some_and(|(_, b)| *b <= start) {
                q += 1;
            }
            let inside_quotes = quoted
                .get(q)
                .is_some_and(|(a, b)| start >= *a && start < *b);
            if is_capitalized_cyrillic(word) && !inside_quotes && !blocked_word(&fold(word)) {
                run.push((start, end));
            } else {
                runs.push(std::mem::take(&mut run));
            }
            k = j;
        } else {
            runs.push(std::mem::take(&mut run));
            k += 1;
        }
    }
    runs.push(run);
    for r in runs {
        if let [(a, _), (_, b)] = r[..]
            && let Some(name) = text.get(a..b)
        {
            found.push((a, name.to_owned()));
        }
    }
    found.sort_by_key(|(pos, _)| *pos);
    let mut seen = HashSet::new();
    found
        .into_iter()
        .map(|(_, n)| n)
        .filter(|n| seen.insert(n.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(code: LegalCode, article: &str, part: Option<&str>, law: Option<&str>) -> LegalRef {
        LegalRef {
            code,
            article: article.into(),
            part: part.map(Into::into),
            law: law.map(Into::into),
        }
    }

    #[test]
    fn kinds_follow_the_most_specific_rule_in_the_title_first() {
        for (title, summary, kind) in [
            ("Сайт издания подвергается DDoS-атакам", "", Kind::Ddos),
            (
                "В Instagram'е удалены аккаунты журналистов",
                "Параллельно взломан аккаунт активиста",
                Kind::AccountTakedown,
            ),
            ("Взломан аккаунт активиста", "", Kind::AccountHack),
            ("Аккаунт издания заблокирован", "", Kind::Blocking),
            (
                "Правозащитника оштрафовали",
                "составлен протокол",
                Kind::Fine,
            ),
            ("Суд прекратил административное дело", "", Kind::CourtRuling),
            (
                "На журналиста заведено уголовное дело",
                "",
                Kind::CriminalCase,
            ),
            (
                "В Алматы задержали блогера",
                "по делу о розни",
                Kind::Detention,
            ),
            (
                "В Казахстане принят закон об ИИ",
                "Законопроект направлен",
                Kind::LawAdopted,
            ),
            ("Что вводит новый законопроект", "", Kind::Bill),
            (
                "Суд признал законным отказ в аккредитации",
                "",
                Kind::AccreditationDenied,
            ),
            (
                "Выросло количество киберпреступлений",
                "утечка данных",
                Kind::Statistics,
            ),
            ("Появилось министерство ИИ", "", Kind::InstitutionalChange),
            ("Токаев высказался о соцсетях", "", Kind::OfficialStatement),
            (
                "Как ограничивается свобода выражения",
                "Редакция разбирается",
                Kind::Other,
            ),
            ("Обзор", "Судят отключают интернет", Kind::InternetShutdown),
        ] {
            assert_eq!(guess_kind(title, summary), kind, "{title}");
        }
    }

    #[test]
    fn legal_references_in_their_written_forms() {
        assert_eq!(
            legal_refs("возбуждено дело по статье 309 УК."),
            [r(LegalCode::CriminalCode, "309", None, None)]
        );
        assert_eq!(
            legal_refs("(статья 174 УК)"),
            [r(LegalCode::CriminalCode, "174", None, None)]
        );
        assert_eq!(
            legal_refs("статьи 174 УК РК"),
            [r(LegalCode::CriminalCode, "174", None, None)]
        );
        assert_eq!(
            legal_refs("протокол по статье 456-2 часть 3 КоАП, штраф"),
            [r(LegalCode::AdministrativeCode, "456-2", Some("3"), None)]
        );
        assert_eq!(
            legal_refs("по части 3 статьи 456-2 КоАП"),
            [r(LegalCode::AdministrativeCode, "456-2", Some("3"), None)]
        );
        assert_eq!(
            legal_refs("по новой статье КоАП 641-1: от 15 МРП"),
            [r(LegalCode::AdministrativeCode, "641-1", None, None)]
        );
        assert_eq!(
            legal_refs("оспаривая статью 41-1 Закона «О связи», которая"),
            [r(LegalCode::Law, "41-1", None, Some("О связи"))]
        );
        assert_eq!(
            legal_refs("по ст. 174 и 274 Уголовного кодекса"),
            [
                r(LegalCode::CriminalCode, "174", None, None),
                r(LegalCode::CriminalCode, "274", None, None)
            ]
        );
        assert_eq!(
            legal_refs("статья 20 Конституции"),
            [r(LegalCode::Constitution, "20", None, None)]
        );
        assert!(legal_refs("28 статей, статья 5 без кодекса, закон «О масс-медиа»").is_empty());
    }

    #[test]
    fn platforms_by_name_in_both_scripts_and_x_only_in_context() {
        assert_eq!(
            platforms("аккаунт @uralsk_week в Инстаграмм и Facebook, мессенджер Aitu, сайт"),
            [
                Platform::Instagram,
                Platform::Facebook,
                Platform::Aitu,
                Platform::Website
            ]
        );
        assert_eq!(platforms("пост в X о блокировке"), [Platform::X]);
        assert_eq!(platforms("соцсеть X (Twitter)"), [Platform::X]);
        assert!(platforms("пункт X закона, Xiaomi, X-лучи, в X веке").is_empty());
        assert_eq!(platforms("канал t.me/xyz"), [Platform::Telegram]);
    }

    #[test]
    fn regions_in_case_forms_and_never_the_whole_country_by_default() {
        assert_eq!(
            regions("В Алматы и в Астане, суд Астаны"),
            [Region::Almaty, Region::Astana]
        );
        assert_eq!(regions("Акимат Павлодара"), [Region::Pavlodar]);
        assert_eq!(
            regions("издание «Уральская неделя»"),
            [Region::WestKazakhstan]
        );
        assert_eq!(regions("в Алматинской области"), [Region::AlmatyRegion]);
        assert_eq!(
            regions("в Восточно-Казахстанской области, в Усть-Каменогорске"),
            [Region::EastKazakhstan]
        );
        assert_eq!(
            regions("в Шымкенте и Караганде"),
            [Region::Shymkent, Region::Karaganda]
        );
        assert!(regions("В Казахстане и в России").is_empty());
    }

    #[test]
    fn actors_are_people_and_quoted_organisations() {
        assert_eq!(
            actors(
                "В Instagram удалены аккаунты журналистов Вадима Борейко и Асхата Ниязова. Редакция «Власти»."
            ),
            ["Вадима Борейко", "Асхата Ниязова", "Власти"]
        );
        assert_eq!(
            actors("президент Казахстана Касым-Жомарт Токаев заявил"),
            ["Касым-Жомарт Токаев"]
        );
        assert_eq!(
            actors("Суд в Астане отказал ТОО «СпецТрейдТМ» в требованиях"),
            ["ТОО «СпецТрейдТМ»"]
        );
        assert_eq!(
            actors("отказ в аккредитации «Радио Азаттык»; закон «О связи»; «не раскачивать тему»"),
            ["Радио Азаттык"]
        );
        assert!(actors("Команда Евразийского Цифрового Фонда подала").is_empty());
    }
}
