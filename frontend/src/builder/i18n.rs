//! The embed builder's UI strings in Russian, Kazakh and English (its own table: the widget bundle never carries
//! them). Enum labels come from the shared crate. One macro writes the struct, the three tables and the list the
//! completeness test walks, so a string cannot lack a language.

use aqiqat_shared::Lang;

macro_rules! strings {
    ($($(#[$doc:meta])* $name:ident: [$ru:expr, $kk:expr, $en:expr $(,)?],)+) => {
        pub struct Text {
            $($(#[$doc])* pub $name: &'static str,)+
        }
        const RU: Text = Text { $($name: $ru,)+ };
        const KK: Text = Text { $($name: $kk,)+ };
        const EN: Text = Text { $($name: $en,)+ };
        impl Text {
            /// `(field, text)` of every string.
            pub fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name),)+]
            }
        }
    };
}

strings! {
    /// `/embed`'s title and heading.
    page_title: ["Виджет Aqiqat на вашем сайте", "Aqiqat виджеті сіздің сайтыңызда", "The Aqiqat widget on your site"],
    intro: [
        "Выберите язык, фильтры, первый экран и оформление, посмотрите виджет вживую и скопируйте код. Регистрация не нужна.",
        "Тілді, сүзгілерді, алғашқы экранды және безендіруді таңдаңыз, виджетті тірідей көріп, кодты көшіріңіз. Тіркелу қажет емес.",
        "Choose the language, filters, first screen and look, see the widget live, and copy the code. No sign-up needed.",
    ],
    noscript: [
        "Конструктору нужен JavaScript. Без него вставьте этот код и задайте параметры атрибутами data-* (список — в README проекта):",
        "Құрастырушыға JavaScript қажет. Онсыз мына кодты қойып, параметрлерді data-* атрибуттарымен беріңіз (тізімі жобаның README файлында):",
        "The builder needs JavaScript. Without it, paste this code and set options as data-* attributes (listed in the project's README):",
    ],
    /// The public pages' footer link to `/embed`.
    footer_link: ["Встроить виджет на свой сайт", "Виджетті өз сайтыңызға енгізу", "Embed the widget on your site"],
    builder: ["Конструктор виджета", "Виджет құрастырушы", "Widget builder"],
    h_filters: ["Фильтры", "Сүзгілер", "Filters"],
    h_start: ["Что показать сначала", "Алдымен не көрсету керек", "What to show first"],
    h_look: ["Оформление", "Безендіру", "Look"],
    h_preview: ["Предпросмотр", "Алдын ала қарау", "Preview"],
    h_code: ["Код для вставки", "Енгізу коды", "Code to paste"],
    h_self_host: ["Разместить у себя", "Өз серверіңізде орналастыру", "Host it yourself"],
    widget_lang: ["Язык виджета", "Виджет тілі", "Widget language"],
    category: ["Раздел", "Бөлім", "Section"],
    kind: ["Тип", "Түрі", "Type"],
    region: ["Регион", "Өңір", "Region"],
    platform: ["Платформа", "Платформа", "Platform"],
    verdict: ["Вердикт", "Қорытынды", "Verdict"],
    unrated: ["Без оценки", "Бағаланбаған", "Not rated"],
    stage: ["Стадия сюжета", "Сюжет сатысы", "Story stage"],
    from: ["С (ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД)", "Бастап (ЖЖЖЖ, ЖЖЖЖ-АА не ЖЖЖЖ-АА-КК)", "From (YYYY, YYYY-MM or YYYY-MM-DD)"],
    to: ["По (ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД)", "Дейін (ЖЖЖЖ, ЖЖЖЖ-АА не ЖЖЖЖ-АА-КК)", "To (YYYY, YYYY-MM or YYYY-MM-DD)"],
    q: ["Поиск по словам", "Сөздер бойынша іздеу", "Search words"],
    stories_only: [
        "Только шаги сюжетов (судебные дела, законы)",
        "Тек сюжет қадамдары (сот істері, заңдар)",
        "Only steps of stories (court cases, laws)",
    ],
    start_list: ["Хронология и список происшествий", "Хронология және оқиғалар тізімі", "Timeline and list of incidents"],
    start_claims: ["Заявления и проверки", "Мәлімдемелер мен тексерулер", "Claims and fact-checks"],
    start_incident: ["Одно происшествие", "Бір оқиға", "One incident"],
    start_claim: ["Одно заявление", "Бір мәлімдеме", "One claim"],
    start_story: ["Один сюжет", "Бір сюжет", "One story"],
    choose: ["— выберите —", "— таңдаңыз —", "— choose —"],
    none_found: ["С этими фильтрами ничего не найдено.", "Осы сүзгілермен ештеңе табылмады.", "Nothing matches these filters."],
    loading: ["Загрузка…", "Жүктелуде…", "Loading…"],
    choose_first: [
        "Выберите материал: пока виджет покажет список.",
        "Материалды таңдаңыз: әзірге виджет тізімді көрсетеді.",
        "Choose one: until then the widget shows the list.",
    ],
    first_hundred: [
        "Первые 100 по текущим фильтрам.",
        "Ағымдағы сүзгілер бойынша алғашқы 100.",
        "The first 100 matching the filters.",
    ],
    height: ["Высота", "Биіктігі", "Height"],
    height_auto: ["По содержимому (нужен скрипт)", "Мазмұнына қарай (скрипт қажет)", "Follows its content (needs the script)"],
    height_fixed: ["Фиксированная, пикселей", "Тұрақты, пиксель", "Fixed, in pixels"],
    theme: ["Тема", "Тақырып", "Theme"],
    theme_light: ["Светлая", "Ашық", "Light"],
    theme_dark: ["Тёмная", "Қараңғы", "Dark"],
    theme_auto: ["Как в системе читателя", "Оқырман жүйесіндегідей", "As the reader's system"],
    accent: ["Акцентный цвет (пусто — цвет темы)", "Екпін түсі (бос болса — тақырып түсі)", "Accent colour (empty: the theme's)"],
    accent_pick: ["Выбрать акцентный цвет", "Екпін түсін таңдау", "Pick the accent colour"],
    accent_hint: [
        "Шесть шестнадцатеричных цифр, например #0b5cad. Контраст с фоном темы должен быть не ниже 4,5:1, иначе цвет не применяется.",
        "Алты он алтылық цифр, мысалы #0b5cad. Тақырып фонымен контраст кемінде 4,5:1 болуы керек, әйтпесе түс қолданылмайды.",
        "Six hex digits, e.g. #0b5cad. Its contrast with the theme's background must be at least 4.5:1, or the colour is not used.",
    ],
    /// `{c}` the colour, `{r}` the ratio reached, `{t}` the theme.
    accent_low: [
        "Цвет {c} не применён: контраст с фоном {t} темы {r}:1, нужно не меньше 4,5:1. Выберите цвет темнее или светлее.",
        "{c} түсі қолданылмады: {t} тақырып фонымен контраст {r}:1, кемінде 4,5:1 қажет. Қоюырақ не ашығырақ түс таңдаңыз.",
        "{c} is not used: its contrast with the {t} theme's background is {r}:1; at least 4.5:1 is needed. Choose a darker or lighter colour.",
    ],
    scheme_light: ["светлой", "ашық", "light"],
    scheme_dark: ["тёмной", "қараңғы", "dark"],
    accent_bad: [
        "Цвет не применён: нужно шесть шестнадцатеричных цифр, например #0b5cad.",
        "Түс қолданылмады: алты он алтылық цифр қажет, мысалы #0b5cad.",
        "The colour is not used: six hex digits are needed, e.g. #0b5cad.",
    ],
    font_inherit: ["Шрифт страницы, где стоит виджет", "Виджет тұрған беттің қарпі", "The host page's font"],
    font_hint: [
        "Скрипт передаёт виджету семейство шрифта вашей страницы; шрифт берётся из системы читателя (веб-шрифты сайта не загружаются). В простом iframe виджет использует свой шрифт.",
        "Скрипт виджетке бетіңіздің қаріп тобын береді; қаріп оқырман жүйесінен алынады (сайттың веб-қаріптері жүктелмейді). Қарапайым iframe-де виджет өз қарпін қолданады.",
        "The script passes your page's font family to the widget; the font comes from the reader's system (your site's web fonts are not loaded). In a plain iframe the widget keeps its own font.",
    ],
    frame_title: ["Название фрейма для экранных дикторов", "Экран оқу құралдарына арналған фрейм атауы", "Frame title for screen readers"],
    not_applied: ["Не применено", "Қолданылмады", "Not applied"],
    err_date: [
        "дата в виде ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД; «по» не раньше «с»",
        "күн ЖЖЖЖ, ЖЖЖЖ-АА не ЖЖЖЖ-АА-КК түрінде; «дейін» «бастап»-тан ерте емес",
        "a date as YYYY, YYYY-MM or YYYY-MM-DD; “to” not before “from”",
    ],
    err_height: ["высота от 240 до 20000 пикселей", "биіктігі 240-тан 20000 пиксельге дейін", "a height from 240 to 20000 pixels"],
    err_title: ["не длиннее 200 символов", "200 таңбадан аспауы керек", "at most 200 characters"],
    code_script: [
        "Код со скриптом (рекомендуется: высота по содержимому, шрифт страницы)",
        "Скрипті бар код (ұсынылады: биіктік мазмұнға қарай, бет қарпі)",
        "Code with the script (recommended: height follows the content, host font)",
    ],
    code_iframe: [
        "Простой iframe (где сторонние скрипты запрещены; высота фиксирована)",
        "Қарапайым iframe (бөгде скрипттерге тыйым салынған жерде; биіктігі тұрақты)",
        "Plain iframe (where third-party scripts are not allowed; fixed height)",
    ],
    code_cms: ["Адрес для CMS (oEmbed)", "CMS үшін мекенжай (oEmbed)", "URL for a CMS (oEmbed)"],
    cms_hint: [
        "Вставьте этот адрес в CMS, которая понимает oEmbed: она сама получит код виджета. Ответ oEmbed:",
        "Бұл мекенжайды oEmbed түсінетін CMS-ке қойыңыз: ол виджет кодын өзі алады. oEmbed жауабы:",
        "Paste this URL into a CMS that reads oEmbed: it fetches the widget's code itself. The oEmbed answer:",
    ],
    code_public: ["Ссылка на публичную страницу", "Жария бетке сілтеме", "Link to the public page"],
    copy: ["Копировать", "Көшіру", "Copy"],
    copied: ["Скопировано", "Көшірілді", "Copied"],
    copy_failed: [
        "Не удалось скопировать: выделите текст и скопируйте вручную.",
        "Көшіру мүмкін болмады: мәтінді белгілеп, қолмен көшіріңіз.",
        "Could not copy: select the text and copy it by hand.",
    ],
    preview_title: ["Предпросмотр виджета", "Виджетті алдын ала қарау", "Widget preview"],
    self_host: [
        "Если наш сайт недоступен вашим читателям, разместите статическую копию виджета с этими фильтрами на своём сервере. Команда (на машине с программой aqiqat и доступом к базе):",
        "Егер біздің сайт оқырмандарыңызға қолжетімсіз болса, осы сүзгілері бар виджеттің статикалық көшірмесін өз серверіңізге орналастырыңыз. Пәрмен (aqiqat бағдарламасы және дерекқорға қолжетімділігі бар машинада):",
        "If our site is unreachable for your readers, host a static copy of the widget with these filters on your own server. The command (on a machine with the aqiqat program and access to the database):",
    ],
    self_host_after: [
        "Затем отдавайте папку DIR любым статическим веб-сервером и повторяйте команду по расписанию (например, cron раз в час).",
        "Содан кейін DIR қалтасын кез келген статикалық веб-сервермен беріңіз және пәрменді кесте бойынша қайталаңыз (мысалы, cron сағат сайын).",
        "Then serve the folder DIR with any static web server, and repeat the command on a schedule (e.g. cron, hourly).",
    ],
}

/// The builder's strings in `lang`.
pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::Ru => &RU,
        Lang::Kk => &KK,
        Lang::En => &EN,
    }
}

/// A language's name in itself.
pub fn lang_name(l: Lang) -> &'static str {
    match l {
        Lang::Ru => "Русский",
        Lang::Kk => "Қазақша",
        Lang::En => "English",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builder_string_has_its_russian_kazakh_and_english_text() {
        let mut blanks = Vec::new();
        for l in Lang::ALL {
            for (k, t) in text(l).all() {
                if t.trim().is_empty() {
                    blanks.push(format!("{k} ({l})"));
                }
            }
        }
        assert_eq!(blanks, Vec::<String>::new());
        let titles: Vec<_> = Lang::ALL.map(|l| text(l).page_title).to_vec();
        assert_eq!(
            titles,
            [
                "Виджет Aqiqat на вашем сайте",
                "Aqiqat виджеті сіздің сайтыңызда",
                "The Aqiqat widget on your site"
            ]
        );
        for l in Lang::ALL {
            let t = text(l).accent_low;
            assert!(
                t.contains("{c}") && t.contains("{r}") && t.contains("{t}"),
                "{l}"
            );
        }
    }
}
