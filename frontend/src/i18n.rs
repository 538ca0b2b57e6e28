//! The widget's own UI strings in Russian, Kazakh and English. Enum labels come from the shared crate.

use aqiqat_shared::Lang;

pub struct Ui {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub category: &'static str,
    pub kind: &'static str,
    pub region: &'static str,
    pub platform: &'static str,
    pub verdict: &'static str,
    pub any: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub reset: &'static str,
    /// The filter form's submit button, for readers without scripts (with scripts a change applies at once).
    pub apply: &'static str,
    /// Back to the first page of a list, for readers without scripts who followed the next-page link.
    pub first_page: &'static str,
    /// The public page's footer and its links.
    pub about: &'static str,
    pub updated: &'static str,
    pub not_found: &'static str,
    pub bad_address: &'static str,
    /// The public pages' navigation between the two lists (its accessible name).
    pub site_nav: &'static str,
    /// The widget's link to the public page of the list it shows.
    pub share_list: &'static str,
    pub incidents: &'static str,
    pub claims: &'static str,
    /// `incidents` and `claims` in lower case, for running text (no Unicode case tables in the bundle).
    pub incidents_lc: &'static str,
    pub claims_lc: &'static str,
    pub found: &'static str,
    pub unrated: &'static str,
    pub load_more: &'static str,
    pub loading: &'static str,
    pub nothing: &'static str,
    pub back: &'static str,
    pub sources: &'static str,
    pub actors: &'static str,
    pub legal: &'static str,
    pub related_claims: &'static str,
    pub related_incidents: &'static str,
    pub said_at: &'static str,
    pub explanation: &'static str,
    pub evidence: &'static str,
    pub correction: &'static str,
    pub share: &'static str,
    pub copied: &'static str,
    pub ongoing: &'static str,
    pub timeline: &'static str,
    pub timeline_hint: &'static str,
    pub bad_option: &'static str,
    pub error: &'static str,
    pub language: &'static str,
    pub months: [&'static str; 12],
    /// The phone layout's button that opens the filter panel.
    pub filters: &'static str,
    /// A timeline band's text: incidents dated only by a period.
    pub within_period: &'static str,
    /// How to use the timeline from the keyboard (its description for screen readers).
    pub timeline_keys: &'static str,
    pub story: &'static str,
    pub step: &'static str,
    pub next_step: &'static str,
    /// The link to the view's data as a file.
    pub download: &'static str,
    /// The filter for incidents that are steps of a story, and the one by their stage.
    pub stories_only: &'static str,
    pub stage: &'static str,
}

pub const RU: Ui = Ui {
    title: "Мониторинг цифровых прав",
    subtitle: "Казахстан: инциденты и проверенные заявления",
    search_label: "Поиск",
    search_placeholder: "Например: утечка, Instagram, Ахмедьяров",
    category: "Раздел",
    kind: "Тип",
    region: "Регион",
    platform: "Платформа",
    verdict: "Вердикт",
    any: "Все",
    from: "С месяца",
    to: "По месяц",
    reset: "Сбросить",
    apply: "Применить",
    first_page: "← К началу списка",
    about: "Данные: дайджест мониторинга цифровых прав в Казахстане, лицензия CC BY 4.0.",
    updated: "Обновлено",
    not_found: "Такой страницы нет: материал не найден или не опубликован.",
    bad_address: "Адрес страницы не распознан.",
    site_nav: "Разделы сайта",
    share_list: "Ссылка на эту подборку",
    incidents: "Инциденты",
    claims: "Заявления",
    incidents_lc: "инциденты",
    claims_lc: "заявления",
    found: "Найдено",
    unrated: "Не проверено",
    load_more: "Показать ещё",
    loading: "Загрузка…",
    nothing: "Ничего не найдено. Измените фильтры.",
    back: "← Назад к списку",
    sources: "Источники",
    actors: "Участники",
    legal: "Нормы права",
    related_claims: "Связанные заявления",
    related_incidents: "Связанные инциденты",
    said_at: "Где сказано",
    explanation: "Обоснование",
    evidence: "Доказательства",
    correction: "Исправление",
    share: "Ссылка на этот случай",
    copied: "Ссылка скопирована",
    ongoing: "продолжается",
    timeline: "Хронология",
    timeline_hint: "Нажмите на месяц, чтобы показать только его",
    bad_option: "Параметр виджета не распознан и пропущен",
    error: "Не удалось загрузить данные",
    language: "Язык",
    months: [
        "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ],
    filters: "Фильтры",
    within_period: "дата в пределах периода",
    timeline_keys: "Стрелки влево и вправо — месяцы, вниз и вверх — периоды, Enter — показать, Escape — сбросить",
    story: "Сюжет",
    step: "Шаг",
    next_step: "Что было дальше",
    download: "Скачать",
    stories_only: "Только сюжеты (дела, законы)",
    stage: "Стадия",
};

pub const KK: Ui = Ui {
    title: "Цифрлық құқықтар мониторингі",
    subtitle: "Қазақстан: оқиғалар және тексерілген мәлімдемелер",
    search_label: "Іздеу",
    search_placeholder: "Мысалы: деректер, Instagram, Ахмедьяров",
    category: "Бөлім",
    kind: "Түрі",
    region: "Өңір",
    platform: "Платформа",
    verdict: "Үкім",
    any: "Барлығы",
    from: "Айдан бастап",
    to: "Айға дейін",
    reset: "Тазарту",
    apply: "Қолдану",
    first_page: "← Тізімнің басына",
    about: "Деректер: Қазақстандағы цифрлық құқықтар мониторингінің дайджесі, CC BY 4.0 лицензиясы.",
    updated: "Жаңартылды",
    not_found: "Мұндай бет жоқ: материал табылмады немесе жарияланбаған.",
    bad_address: "Бет мекенжайы танылмады.",
    site_nav: "Сайт бөлімдері",
    share_list: "Осы іріктемеге сілтеме",
    incidents: "Оқиғалар",
    claims: "Мәлімдемелер",
    incidents_lc: "оқиғалар",
    claims_lc: "мәлімдемелер",
    found: "Табылды",
    unrated: "Тексерілмеген",
    load_more: "Тағы көрсету",
    loading: "Жүктелуде…",
    nothing: "Ештеңе табылмады. Сүзгілерді өзгертіңіз.",
    back: "← Тізімге оралу",
    sources: "Дереккөздер",
    actors: "Қатысушылар",
    legal: "Құқық нормалары",
    related_claims: "Байланысты мәлімдемелер",
    related_incidents: "Байланысты оқиғалар",
    said_at: "Қайда айтылды",
    explanation: "Негіздеме",
    evidence: "Дәлелдер",
    correction: "Түзету",
    share: "Осы оқиғаға сілтеме",
    copied: "Сілтеме көшірілді",
    ongoing: "жалғасуда",
    timeline: "Хронология",
    timeline_hint: "Тек сол айды көрсету үшін айды басыңыз",
    bad_option: "Виджет параметрі танылмады және өткізіліп жіберілді",
    error: "Деректерді жүктеу мүмкін болмады",
    language: "Тіл",
    months: [
        "қаң", "ақп", "нау", "сәу", "мам", "мау", "шіл", "там", "қыр", "қаз", "қар", "жел",
    ],
    filters: "Сүзгілер",
    within_period: "күні кезең ішінде",
    timeline_keys: "Солға және оңға көрсеткілер — айлар, төмен және жоғары — кезеңдер, Enter — көрсету, Escape — тазарту",
    story: "Оқиға желісі",
    step: "Қадам",
    next_step: "Кейін не болды",
    download: "Жүктеп алу",
    stories_only: "Тек оқиға желілері (істер, заңдар)",
    stage: "Саты",
};

pub const EN: Ui = Ui {
    title: "Digital rights monitor",
    subtitle: "Kazakhstan: incidents and fact-checked claims",
    search_label: "Search",
    search_placeholder: "E.g. leak, Instagram, Akhmedyarov",
    category: "Section",
    kind: "Type",
    region: "Region",
    platform: "Platform",
    verdict: "Verdict",
    any: "All",
    from: "From month",
    to: "To month",
    reset: "Reset",
    apply: "Apply",
    first_page: "← Back to the first page",
    about: "Data: the digital-rights monitoring digest for Kazakhstan, licensed CC BY 4.0.",
    updated: "Updated",
    not_found: "There is no such page: the item was not found or is not published.",
    bad_address: "The page address could not be read.",
    site_nav: "Site sections",
    share_list: "Link to this selection",
    incidents: "Incidents",
    claims: "Claims",
    incidents_lc: "incidents",
    claims_lc: "claims",
    found: "Found",
    unrated: "Not rated",
    load_more: "Show more",
    loading: "Loading…",
    nothing: "Nothing found. Try other filters.",
    back: "← Back to the list",
    sources: "Sources",
    actors: "People and organisations",
    legal: "Legal references",
    related_claims: "Related claims",
    related_incidents: "Related incidents",
    said_at: "Where it was said",
    explanation: "Explanation",
    evidence: "Evidence",
    correction: "Correction",
    share: "Link to this item",
    copied: "Link copied",
    ongoing: "ongoing",
    timeline: "Timeline",
    timeline_hint: "Click a month to show only that month",
    bad_option: "A widget option was not recognised and was skipped",
    error: "Could not load the data",
    language: "Language",
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    filters: "Filters",
    within_period: "date within the period",
    timeline_keys: "Left and right arrows: months; down and up: periods; Enter: show; Escape: clear",
    story: "Story",
    step: "Step",
    next_step: "What came next",
    download: "Download",
    stories_only: "Stories only (cases, laws)",
    stage: "Stage",
};

pub fn ui(lang: Lang) -> &'static Ui {
    match lang {
        Lang::Ru => &RU,
        Lang::Kk => &KK,
        Lang::En => &EN,
    }
}

/// `2025-09` → `сен 2025`.
pub fn month_label(lang: Lang, month: &str) -> String {
    let (y, m) = month.split_once('-').unwrap_or((month, "01"));
    let idx = m.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    format!("{} {y}", ui(lang).months[idx])
}

/// A partial date for display: `26 сен 2025`, `сен 2025`, `2025`.
pub fn date_label(lang: Lang, d: &aqiqat_shared::PartialDate) -> String {
    match (d.get_month(), d.get_day()) {
        (Some(m), Some(day)) => format!(
            "{day} {}",
            month_label(lang, &format!("{}-{m:02}", d.get_year()))
        ),
        (Some(m), None) => month_label(lang, &format!("{}-{m:02}", d.get_year())),
        _ => d.get_year().to_string(),
    }
}

/// When an incident happened, for display: its date, or the period it happened within
/// (`в период сен 2025 – янв 2026`).
pub fn when_label(
    lang: Lang,
    date: Option<&aqiqat_shared::PartialDate>,
    period: Option<&aqiqat_shared::DatePeriod>,
) -> String {
    match (date, period) {
        (Some(d), _) => date_label(lang, d),
        (None, Some(p)) => {
            let (from, to) = (date_label(lang, &p.from), date_label(lang, &p.to));
            match lang {
                Lang::Ru => format!("в период {from} – {to}"),
                Lang::Kk => format!("{from} – {to} аралығында"),
                Lang::En => format!("between {from} and {to}"),
            }
        }
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of the widget's interface, by name. The pattern names every field, with no `..`: a string added
    /// to [`Ui`] does not compile here until it is listed, so none escapes the check below.
    fn texts(u: &'static Ui) -> Vec<(String, &'static str)> {
        let Ui {
            title,
            subtitle,
            search_label,
            search_placeholder,
            category,
            kind,
            region,
            platform,
            verdict,
            any,
            from,
            to,
            reset,
            apply,
            first_page,
            about,
            updated,
            not_found,
            bad_address,
            site_nav,
            share_list,
            incidents,
            claims,
            incidents_lc,
            claims_lc,
            found,
            unrated,
            load_more,
            loading,
            nothing,
            back,
            sources,
            actors,
            legal,
            related_claims,
            related_incidents,
            said_at,
            explanation,
            evidence,
            correction,
            share,
            copied,
            ongoing,
            timeline,
            timeline_hint,
            bad_option,
            error,
            language,
            months,
            filters,
            within_period,
            timeline_keys,
            story,
            step,
            next_step,
            download,
            stories_only,
            stage,
        } = u;
        let mut all: Vec<(String, &'static str)> = [
            ("title", *title),
            ("subtitle", *subtitle),
            ("search_label", *search_label),
            ("search_placeholder", *search_placeholder),
            ("category", *category),
            ("kind", *kind),
            ("region", *region),
            ("platform", *platform),
            ("verdict", *verdict),
            ("any", *any),
            ("from", *from),
            ("to", *to),
            ("reset", *reset),
            ("apply", *apply),
            ("first_page", *first_page),
            ("about", *about),
            ("updated", *updated),
            ("not_found", *not_found),
            ("bad_address", *bad_address),
            ("site_nav", *site_nav),
            ("share_list", *share_list),
            ("incidents", *incidents),
            ("claims", *claims),
            ("incidents_lc", *incidents_lc),
            ("claims_lc", *claims_lc),
            ("found", *found),
            ("unrated", *unrated),
            ("load_more", *load_more),
            ("loading", *loading),
            ("nothing", *nothing),
            ("back", *back),
            ("sources", *sources),
            ("actors", *actors),
            ("legal", *legal),
            ("related_claims", *related_claims),
            ("related_incidents", *related_incidents),
            ("said_at", *said_at),
            ("explanation", *explanation),
            ("evidence", *evidence),
            ("correction", *correction),
            ("share", *share),
            ("copied", *copied),
            ("ongoing", *ongoing),
            ("timeline", *timeline),
            ("timeline_hint", *timeline_hint),
            ("bad_option", *bad_option),
            ("error", *error),
            ("language", *language),
            ("filters", *filters),
            ("within_period", *within_period),
            ("timeline_keys", *timeline_keys),
            ("story", *story),
            ("step", *step),
            ("next_step", *next_step),
            ("download", *download),
            ("stories_only", *stories_only),
            ("stage", *stage),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        all.extend(
            months
                .iter()
                .enumerate()
                .map(|(i, m)| (format!("months[{i}]"), *m)),
        );
        all
    }

    /// The names of the strings that are blank in some language, with the language.
    fn blanks() -> Vec<String> {
        Lang::ALL
            .into_iter()
            .flat_map(|l| {
                texts(ui(l))
                    .into_iter()
                    .filter(|(_, t)| t.trim().is_empty())
                    .map(move |(k, _)| format!("{k} ({l})"))
            })
            .collect()
    }

    #[test]
    fn every_ui_string_has_its_russian_kazakh_and_english_text() {
        assert_eq!(blanks(), Vec::<String>::new());
        // The three tables are the three languages, in order (a table used twice would pass the check above).
        let titles: Vec<_> = Lang::ALL.into_iter().map(|l| ui(l).title).collect();
        assert_eq!(
            titles,
            [
                "Мониторинг цифровых прав",
                "Цифрлық құқықтар мониторингі",
                "Digital rights monitor"
            ]
        );
    }

    #[test]
    fn running_text_forms_match_their_labels() {
        for l in Lang::ALL {
            let u = ui(l);
            assert_eq!(u.incidents.to_lowercase(), u.incidents_lc, "{l}");
            assert_eq!(u.claims.to_lowercase(), u.claims_lc, "{l}");
        }
    }

    #[test]
    fn a_period_reads_in_every_language() {
        let d = |s: &str| s.parse::<aqiqat_shared::PartialDate>().expect("date");
        let p = aqiqat_shared::DatePeriod {
            from: d("2025-09"),
            to: d("2026-01"),
        };
        for l in Lang::ALL {
            let text = when_label(l, None, Some(&p));
            assert!(
                text.contains(ui(l).months[8]) && text.contains("2026"),
                "{l}: {text}"
            );
        }
    }
}
