//! The closed vocabularies that cross the wire. Each enum has one list of all variants and one label table, so the
//! filter UI, the API's validation and the documentation come from the same source.

use std::fmt;
use std::str::FromStr;

use crate::i18n::{Label, Lang};

/// A value that is not one of an enum's wire names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}; expected one of: {expected}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
    pub expected: String,
}

/// Deserializes a wire enum from its name with its `FromStr`; an unknown name is an error that lists the known ones.
struct WireName<T>(std::marker::PhantomData<T>);

impl<'de, T: FromStr<Err = UnknownValue>> serde::de::Visitor<'de> for WireName<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a name")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<T, E> {
        s.parse().map_err(E::custom)
    }
}

macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident ($what:literal) {
            $( $variant:ident = $wire:literal => $ru:literal, $kk:literal, $en:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        pub enum $name {
            $( #[serde(rename = $wire)] $variant, )+
        }

        impl $name {
            /// Every variant, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The snake_case name used in JSON and query strings.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            pub fn labels(self) -> Label {
                match self { $($name::$variant => Label { ru: $ru, kk: $kk, en: $en }),+ }
            }

            pub fn label(self, lang: Lang) -> &'static str {
                self.labels().get(lang)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// From the wire name, through [`FromStr`] (one small function per enum instead of serde's derived
        /// identifier visitors, which the widget would otherwise carry for every enum).
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(WireName(std::marker::PhantomData))
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                crate::openapi::string_enum(&[$($wire),+])
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                match s {
                    $($wire => Ok($name::$variant),)+
                    _ => Err(UnknownValue {
                        what: $what,
                        value: s.chars().take(60).collect(),
                        expected: [$($wire),+].join(", "),
                    }),
                }
            }
        }
    };
}

wire_enum! {
    /// The five sections of the monitoring digest.
    Category ("category") {
        FreedomOfExpression = "freedom_of_expression" => "Свобода выражения и доступ к информации", "Сөз бостандығы және ақпаратқа қол жеткізу", "Freedom of expression and access to information";
        PersonalData = "personal_data" => "Защита персональных данных", "Дербес деректерді қорғау", "Personal data protection";
        Cybersecurity = "cybersecurity" => "Кибербезопасность и инфраструктура", "Киберқауіпсіздік және инфрақұрылым", "Cybersecurity and infrastructure";
        LegalRegulation = "legal_regulation" => "Правовое регулирование", "Құқықтық реттеу", "Legal regulation";
        CourtCases = "court_cases" => "Судебные дела", "Сот істері", "Court cases";
    }
}

wire_enum! {
    /// What happened.
    Kind ("kind") {
        Blocking = "blocking" => "Блокировка", "Бұғаттау", "Blocking";
        AccountTakedown = "account_takedown" => "Удаление аккаунта", "Аккаунтты жою", "Account takedown";
        AccountHack = "account_hack" => "Взлом аккаунта", "Аккаунтты бұзу", "Account hijacking";
        Ddos = "ddos" => "DDoS-атака", "DDoS-шабуыл", "DDoS attack";
        Cyberattack = "cyberattack" => "Кибератака", "Кибершабуыл", "Cyberattack";
        DataLeak = "data_leak" => "Утечка данных", "Деректердің таралып кетуі", "Data leak";
        Surveillance = "surveillance" => "Слежка", "Аңду", "Surveillance";
        Spyware = "spyware" => "Шпионское ПО", "Тыңшы бағдарлама", "Spyware";
        InternetShutdown = "internet_shutdown" => "Отключение интернета", "Интернетті өшіру", "Internet shutdown";
        Detention = "detention" => "Задержание", "Ұстау", "Detention";
        CriminalCase = "criminal_case" => "Уголовное дело", "Қылмыстық іс", "Criminal case";
        AdministrativeCase = "administrative_case" => "Административное дело", "Әкімшілік іс", "Administrative case";
        Fine = "fine" => "Штраф", "Айыппұл", "Fine";
        CourtRuling = "court_ruling" => "Решение суда", "Сот шешімі", "Court ruling";
        LawAdopted = "law_adopted" => "Принятый закон", "Қабылданған заң", "Law adopted";
        Bill = "bill" => "Законопроект", "Заң жобасы", "Bill";
        OfficialStatement = "official_statement" => "Заявление властей", "Билік мәлімдемесі", "Official statement";
        AccreditationDenied = "accreditation_denied" => "Отказ в аккредитации", "Аккредитациядан бас тарту", "Accreditation denied";
        PressRestriction = "press_restriction" => "Ограничение работы прессы", "Баспасөз жұмысын шектеу", "Restriction on the press";
        Statistics = "statistics" => "Статистика", "Статистика", "Statistics";
        InstitutionalChange = "institutional_change" => "Институциональные изменения", "Институционалдық өзгерістер", "Institutional change";
        Other = "other" => "Другое", "Басқа", "Other";
    }
}

wire_enum! {
    /// Where it happened online.
    Platform ("platform") {
        Instagram = "instagram" => "Instagram", "Instagram", "Instagram";
        Facebook = "facebook" => "Facebook", "Facebook", "Facebook";
        Telegram = "telegram" => "Telegram", "Telegram", "Telegram";
        Youtube = "youtube" => "YouTube", "YouTube", "YouTube";
        Tiktok = "tiktok" => "TikTok", "TikTok", "TikTok";
        X = "x" => "X (Twitter)", "X (Twitter)", "X (Twitter)";
        Whatsapp = "whatsapp" => "WhatsApp", "WhatsApp", "WhatsApp";
        Aitu = "aitu" => "Aitu", "Aitu", "Aitu";
        Website = "website" => "Сайт", "Сайт", "Website";
        Government = "government_system" => "Госсистема", "Мемлекеттік жүйе", "Government system";
        Other = "other" => "Другое", "Басқа", "Other";
    }
}

wire_enum! {
    /// Kazakhstan's cities of republican significance and regions, the whole country, or abroad.
    Region ("region") {
        Nationwide = "nationwide" => "Весь Казахстан", "Бүкіл Қазақстан", "All of Kazakhstan";
        Astana = "astana" => "Астана", "Астана", "Astana";
        Almaty = "almaty" => "Алматы", "Алматы", "Almaty";
        Shymkent = "shymkent" => "Шымкент", "Шымкент", "Shymkent";
        Abai = "abai" => "Абайская область", "Абай облысы", "Abai Region";
        Akmola = "akmola" => "Акмолинская область", "Ақмола облысы", "Akmola Region";
        Aktobe = "aktobe" => "Актюбинская область", "Ақтөбе облысы", "Aktobe Region";
        AlmatyRegion = "almaty_region" => "Алматинская область", "Алматы облысы", "Almaty Region";
        Atyrau = "atyrau" => "Атырауская область", "Атырау облысы", "Atyrau Region";
        EastKazakhstan = "east_kazakhstan" => "Восточно-Казахстанская область", "Шығыс Қазақстан облысы", "East Kazakhstan Region";
        Zhambyl = "zhambyl" => "Жамбылская область", "Жамбыл облысы", "Zhambyl Region";
        Zhetysu = "zhetysu" => "Область Жетісу", "Жетісу облысы", "Zhetysu Region";
        WestKazakhstan = "west_kazakhstan" => "Западно-Казахстанская область", "Батыс Қазақстан облысы", "West Kazakhstan Region";
        Karaganda = "karaganda" => "Карагандинская область", "Қарағанды облысы", "Karaganda Region";
        Kostanay = "kostanay" => "Костанайская область", "Қостанай облысы", "Kostanay Region";
        Kyzylorda = "kyzylorda" => "Кызылординская область", "Қызылорда облысы", "Kyzylorda Region";
        Mangystau = "mangystau" => "Мангистауская область", "Маңғыстау облысы", "Mangystau Region";
        Pavlodar = "pavlodar" => "Павлодарская область", "Павлодар облысы", "Pavlodar Region";
        NorthKazakhstan = "north_kazakhstan" => "Северо-Казахстанская область", "Солтүстік Қазақстан облысы", "North Kazakhstan Region";
        Turkistan = "turkistan" => "Туркестанская область", "Түркістан облысы", "Turkistan Region";
        Ulytau = "ulytau" => "Область Улытау", "Ұлытау облысы", "Ulytau Region";
        Abroad = "abroad" => "За рубежом", "Шетелде", "Abroad";
    }
}

wire_enum! {
    /// A fact-check rating. A claim without one is "not yet rated" (`Option::None`), never guessed.
    Verdict ("verdict") {
        True = "true" => "Правда", "Шындық", "True";
        MostlyTrue = "mostly_true" => "В основном правда", "Негізінен шындық", "Mostly true";
        Mixed = "mixed" => "Полуправда", "Жартылай шындық", "Mixed";
        Misleading = "misleading" => "Вводит в заблуждение", "Адастырады", "Misleading";
        False = "false" => "Ложь", "Жалған", "False";
        Unproven = "unproven" => "Недоказуемо", "Дәлелденбеген", "Unproven";
    }
}

wire_enum! {
    /// Where an item is in the editorial workflow. Only `published` items reach readers.
    Status ("status") {
        Draft = "draft" => "Черновик", "Жоба", "Draft";
        InReview = "in_review" => "На проверке", "Тексерісте", "In review";
        Published = "published" => "Опубликовано", "Жарияланған", "Published";
        Retracted = "retracted" => "Отозвано", "Кері қайтарылған", "Retracted";
    }
}

wire_enum! {
    /// Who an actor is in an incident.
    ActorRole ("actor role") {
        Journalist = "journalist" => "Журналист", "Журналист", "Journalist";
        MediaOutlet = "media_outlet" => "СМИ", "БАҚ", "Media outlet";
        Activist = "activist" => "Активист", "Белсенді", "Activist";
        Blogger = "blogger" => "Блогер", "Блогер", "Blogger";
        HumanRightsDefender = "human_rights_defender" => "Правозащитник", "Құқық қорғаушы", "Human-rights defender";
        Ngo = "ngo" => "НКО", "ҮЕҰ", "NGO";
        StateBody = "state_body" => "Госорган", "Мемлекеттік орган", "State body";
        Official = "official" => "Должностное лицо", "Лауазымды тұлға", "Official";
        Court = "court" => "Суд", "Сот", "Court";
        Company = "company" => "Компания", "Компания", "Company";
        Unknown = "unknown" => "Неизвестные", "Белгісіз", "Unknown";
    }
}

wire_enum! {
    /// Which body of law a legal reference points into.
    LegalCode ("legal code") {
        CriminalCode = "criminal_code" => "УК РК", "ҚР ҚК", "Criminal Code";
        AdministrativeCode = "administrative_code" => "КоАП РК", "ҚР ӘҚБтК", "Code of Administrative Offences";
        CivilCode = "civil_code" => "ГК РК", "ҚР АК", "Civil Code";
        Constitution = "constitution" => "Конституция РК", "ҚР Конституциясы", "Constitution";
        Law = "law" => "Закон", "Заң", "Law";
    }
}

wire_enum! {
    /// What a story follows: a court case through its hearings, or a law from draft to entry into force.
    StoryKind ("story kind") {
        CourtCase = "court_case" => "Судебное дело", "Сот ісі", "Court case";
        Law = "law" => "Закон", "Заң", "Law";
    }
}

wire_enum! {
    /// A step of a story. The first seven belong to court cases, the other six to laws ([`Stage::story_kind`]).
    Stage ("stage") {
        CaseOpened = "case_opened" => "Жалоба или возбуждение дела", "Шағым немесе іс қозғау", "Complaint or case opened";
        Detention = "detention" => "Задержание", "Ұстау", "Detention";
        Hearing = "hearing" => "Судебное заседание", "Сот отырысы", "Hearing";
        FirstInstanceRuling = "first_instance_ruling" => "Решение первой инстанции", "Бірінші сатыдағы сот шешімі", "First-instance ruling";
        Appeal = "appeal" => "Апелляция", "Апелляция", "Appeal";
        Cassation = "cassation" => "Кассация", "Кассация", "Cassation";
        Closed = "closed" => "Дело закрыто", "Іс жабылды", "Case closed";
        Draft = "draft" => "Законопроект", "Заң жобасы", "Draft";
        PassedMazhilis = "passed_mazhilis" => "Принят Мажилисом", "Мәжіліс қабылдады", "Passed by the Mazhilis";
        PassedSenate = "passed_senate" => "Принят Сенатом", "Сенат қабылдады", "Passed by the Senate";
        Signed = "signed" => "Подписан", "Қол қойылды", "Signed";
        InForce = "in_force" => "Вступил в силу", "Күшіне енді", "In force";
        Amended = "amended" => "Изменён", "Өзгертілді", "Amended";
    }
}

impl Stage {
    /// The kind of story this stage belongs to.
    pub fn story_kind(self) -> StoryKind {
        match self {
            Stage::CaseOpened
            | Stage::Detention
            | Stage::Hearing
            | Stage::FirstInstanceRuling
            | Stage::Appeal
            | Stage::Cassation
            | Stage::Closed => StoryKind::CourtCase,
            Stage::Draft
            | Stage::PassedMazhilis
            | Stage::PassedSenate
            | Stage::Signed
            | Stage::InForce
            | Stage::Amended => StoryKind::Law,
        }
    }
}

impl StoryKind {
    /// The stages of this kind of story, in their usual order.
    pub fn stages(self) -> impl Iterator<Item = Stage> {
        Stage::ALL
            .iter()
            .copied()
            .filter(move |s| s.story_kind() == self)
    }
}

impl Category {
    /// The digest's section number (1-based), used by the importer and in labels.
    pub fn section_number(self) -> usize {
        Category::ALL.iter().position(|c| *c == self).unwrap_or(0) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_through_serde_and_fromstr() {
        for c in Category::ALL {
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<Category>(&json).unwrap(), *c);
            assert_eq!(c.as_str().parse::<Category>().unwrap(), *c);
        }
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().unwrap(), *k);
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(serde_json::from_str::<Kind>(&json).unwrap(), *k);
        }
        for r in Region::ALL {
            assert_eq!(r.as_str().parse::<Region>().unwrap(), *r);
            let json = serde_json::to_string(r).unwrap();
            assert_eq!(serde_json::from_str::<Region>(&json).unwrap(), *r);
        }
        assert_eq!(Verdict::MostlyTrue.as_str(), "mostly_true");
        let err = serde_json::from_str::<Verdict>("\"nonsense\"").unwrap_err();
        assert!(err.to_string().contains("expected one of: true"), "{err}");
        assert!(serde_json::from_str::<Verdict>("3").is_err());
    }

    #[test]
    fn unknown_values_name_the_expected_ones() {
        let err = "politics".parse::<Category>().unwrap_err();
        assert_eq!(err.what, "category");
        assert!(err.expected.contains("freedom_of_expression"));
        assert!(err.to_string().contains("politics"));
    }

    #[test]
    fn every_label_is_filled_in_every_language() {
        fn check(labels: impl Iterator<Item = Label>) {
            for l in labels {
                assert!(
                    [l.ru, l.kk, l.en].iter().all(|t| !t.trim().is_empty()),
                    "{l:?}"
                );
            }
        }
        check(Category::ALL.iter().map(|v| v.labels()));
        check(Kind::ALL.iter().map(|v| v.labels()));
        check(Platform::ALL.iter().map(|v| v.labels()));
        check(Region::ALL.iter().map(|v| v.labels()));
        check(Verdict::ALL.iter().map(|v| v.labels()));
        check(Status::ALL.iter().map(|v| v.labels()));
        check(ActorRole::ALL.iter().map(|v| v.labels()));
        check(LegalCode::ALL.iter().map(|v| v.labels()));
        check(StoryKind::ALL.iter().map(|v| v.labels()));
        check(Stage::ALL.iter().map(|v| v.labels()));
        assert_eq!(StoryKind::CourtCase.stages().count(), 7);
        assert_eq!(
            StoryKind::Law
                .stages()
                .map(Stage::as_str)
                .collect::<Vec<_>>(),
            [
                "draft",
                "passed_mazhilis",
                "passed_senate",
                "signed",
                "in_force",
                "amended"
            ]
        );
        assert_eq!(Category::CourtCases.section_number(), 5);
    }
}
