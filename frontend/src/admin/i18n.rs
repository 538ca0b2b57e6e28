//! The panel's own interface strings in Russian (the default), Kazakh and English, one line per string. Enum
//! labels come from the shared crate.

use aqiqat_shared::{FieldError, Lang};
use leptos::prelude::*;

use super::Session;

macro_rules! ui_table {
    ($($key:ident => $ru:literal, $kk:literal, $en:literal;)+) => {
        pub struct Ui { $(pub $key: &'static str,)+ }
        pub const RU: Ui = Ui { $($key: $ru,)+ };
        pub const KK: Ui = Ui { $($key: $kk,)+ };
        pub const EN: Ui = Ui { $($key: $en,)+ };

        /// Every string of a table, by name (for the completeness test).
        #[cfg(test)]
        fn texts(u: &Ui) -> Vec<(&'static str, &'static str)> {
            vec![$((stringify!($key), u.$key),)+]
        }
    };
}

ui_table! {
    panel => "редакция", "редакция", "newsroom";
    loading => "Загрузка…", "Жүктелуде…", "Loading…";
    not_found => "Такой страницы нет.", "Мұндай бет жоқ.", "There is no such page.";
    admins_only => "Эта страница только для администраторов.", "Бұл бет тек әкімшілерге арналған.", "This page is for administrators only.";
    ui_language => "Язык интерфейса", "Интерфейс тілі", "Interface language";
    nav_label => "Разделы", "Бөлімдер", "Sections";
    nav_incidents => "Инциденты", "Оқиғалар", "Incidents";
    nav_claims => "Заявления", "Мәлімдемелер", "Claims";
    nav_new_incident => "Новый инцидент", "Жаңа оқиға", "New incident";
    nav_new_claim => "Новое заявление", "Жаңа мәлімдеме", "New claim";
    nav_stories => "Сюжеты", "Сюжеттер", "Stories";
    nav_new_story => "Новый сюжет", "Жаңа сюжет", "New story";
    nav_import => "Импорт дайджеста", "Дайджест импорты", "Digest import";
    nav_users => "Пользователи", "Пайдаланушылар", "Users";
    nav_audit => "Журнал действий", "Әрекеттер журналы", "Audit log";
    nav_partners => "Партнёры", "Серіктестер", "Partners";
    logout => "Выйти", "Шығу", "Sign out";
    logout_everywhere => "Выйти на всех устройствах", "Барлық құрылғыдан шығу", "Sign out everywhere";

    login_title => "Вход для редакторов", "Редакторларға кіру", "Editors' sign-in";
    email => "Эл. почта", "Эл. пошта", "E-mail";
    password => "Пароль", "Құпиясөз", "Password";
    sign_in => "Войти", "Кіру", "Sign in";
    bad_credentials => "Неверная почта или пароль.", "Пошта немесе құпиясөз қате.", "Wrong e-mail or password.";
    rate_limited => "Слишком много попыток входа", "Кіру әрекеттері тым көп", "Too many sign-in attempts";
    login_failed => "Не удалось войти", "Кіру мүмкін болмады", "Could not sign in";

    search => "Поиск", "Іздеу", "Search";
    any => "Все", "Барлығы", "Any";
    all_statuses => "Все", "Барлығы", "All";
    from => "С месяца", "Айдан бастап", "From month";
    to => "По месяц", "Айға дейін", "To month";
    reset => "Сбросить фильтры", "Сүзгілерді тазарту", "Reset filters";
    mine_only => "Только мои", "Тек менікі", "Mine only";
    found => "Найдено", "Табылды", "Found";
    nothing_found => "Ничего не найдено.", "Ештеңе табылмады.", "Nothing found.";
    load_more => "Показать ещё", "Тағы көрсету", "Load more";
    load_failed => "Не удалось загрузить", "Жүктеу мүмкін болмады", "Could not load";

    new_incident => "Новый инцидент", "Жаңа оқиға", "New incident";
    new_claim => "Новое заявление", "Жаңа мәлімдеме", "New claim";
    new_story => "Новый сюжет", "Жаңа сюжет", "New story";
    story_kind => "Тип сюжета", "Сюжет түрі", "Story type";
    story_steps => "Этапы", "Кезеңдер", "Steps";
    story_steps_hint => "В порядке событий. Этап связывается с инцидентом или заявлением по его id; дату и примечание указывайте, только если их называет источник.", "Оқиғалар ретімен. Кезең оқиғамен немесе мәлімдемемен id арқылы байланысады; күн мен ескертпені тек дереккөз атаса ғана көрсетіңіз.", "In the order they happened. A step links an incident or a claim by its id; give a date or a note only when a source states it.";
    add_step => "Добавить этап", "Кезең қосу", "Add a step";
    stage => "Этап", "Кезең", "Stage";
    step_link => "Связан с", "Байланысты", "Linked to";
    link_incident => "инцидентом", "оқиғамен", "an incident";
    link_claim => "заявлением", "мәлімдемемен", "a claim";
    link_none => "ничем", "ешнәрсемен", "nothing";
    step_item_id => "id материала", "Материал id", "Item id";
    step_date => "Дата этапа (ГГГГ-ММ-ДД, ГГГГ-ММ или ГГГГ)", "Кезең күні (ЖЖЖЖ-АА-КК, ЖЖЖЖ-АА немесе ЖЖЖЖ)", "Step date (YYYY-MM-DD, YYYY-MM or YYYY)";
    step_note => "Примечание", "Ескертпе", "Note";
    dating => "Когда", "Қашан", "When";
    dating_date => "Известна дата (день, месяц или год)", "Күні белгілі (күн, ай немесе жыл)", "A known date (day, month or year)";
    dating_period => "Когда-то в периоде", "Кезең ішінде бір уақытта", "Sometime within a period";
    period_from => "Период: с", "Кезең: бастап", "Period: from";
    period_to => "Период: по", "Кезең: дейін", "Period: to";
    import_period => "В период", "Кезеңде", "Within";
    period_hint => "Для материалов без точной даты, например период дайджеста. Уточните, когда источник называет дату.", "Нақты күні жоқ материалдар үшін, мысалы дайджест кезеңі. Дереккөз күнін атаса, нақтылаңыз.", "For items without an exact date, such as a digest's period. Narrow it when a source gives the date.";
    status => "Статус", "Мәртебе", "Status";
    version => "Версия", "Нұсқа", "Version";
    author => "Автор", "Автор", "Author";
    submitted_by => "Отправил на проверку", "Тексеруге жіберген", "Submitted by";
    created => "Создано", "Құрылды", "Created";
    updated => "Изменено", "Өзгертілді", "Updated";
    published_at => "Опубликовано", "Жарияланды", "Published";
    origin => "Происхождение", "Шығу тегі", "Origin";
    workflow => "Рабочий процесс", "Жұмыс барысы", "Workflow";
    retracted_readonly => "Отозванный материал хранится для истории и не редактируется.", "Кері қайтарылған материал тарих үшін сақталады және өңделмейді.", "A retracted item is kept for the record and cannot be edited.";
    save_first => "Сначала сохраните изменения.", "Алдымен өзгерістерді сақтаңыз.", "Save your changes first.";
    own_submission_hint => "Вы отправили это на проверку: опубликовать должен другой редактор или администратор.", "Сіз мұны тексеруге жібердіңіз: басқа редактор немесе әкімші жариялауы керек.", "You submitted this for review: another editor or an administrator must publish it.";
    retract_note => "Почему материал отзывается (обязательно)", "Материал неге кері қайтарылады (міндетті)", "Why is it retracted (required)";
    confirm_retract => "Отозвать", "Кері қайтару", "Retract";
    cancel => "Отмена", "Болдырмау", "Cancel";
    preview => "Предпросмотр", "Алдын ала қарау", "Preview";
    preview_language => "Язык предпросмотра", "Алдын ала қарау тілі", "Preview language";
    preview_saved_only => "Показана сохранённая версия; несохранённые изменения в ней не видны.", "Сақталған нұсқа көрсетілген; сақталмаған өзгерістер көрінбейді.", "This is the saved version; unsaved changes are not shown.";
    history => "История", "Тарих", "History";
    history_hint => "Отметьте две версии, чтобы сравнить их.", "Салыстыру үшін екі нұсқаны белгілеңіз.", "Tick two versions to compare them.";
    compare => "Сравнить", "Салыстыру", "Compare";
    compare_selected => "Сравнить отмеченные", "Белгіленгендерді салыстыру", "Compare the ticked versions";
    who => "Кто", "Кім", "Who";
    when => "Когда", "Қашан", "When";
    note => "Что сделано", "Не істелді", "What happened";
    changed_fields => "Изменённые поля", "Өзгерген өрістер", "Changed fields";
    restore => "Восстановить эту версию", "Осы нұсқаны қалпына келтіру", "Restore this version";
    restored_as => "Восстановлено как версия", "Нұсқа ретінде қалпына келтірілді", "Restored as version";
    field => "Поле", "Өріс", "Field";
    before => "Было", "Бұрын", "Before";
    after => "Стало", "Кейін", "After";
    no_changes => "Изменений нет.", "Өзгерістер жоқ.", "No changes.";
    save => "Сохранить", "Сақтау", "Save";
    unsaved => "Есть несохранённые изменения", "Сақталмаған өзгерістер бар", "Unsaved changes";
    saved_version => "Сохранено, версия", "Сақталды, нұсқа", "Saved, version";
    status_now => "Статус теперь:", "Қазіргі мәртебе:", "Status is now:";
    fix_errors => "Исправьте отмеченные поля: ничего не отправлено.", "Белгіленген өрістерді түзетіңіз: ештеңе жіберілмеді.", "Fix the marked fields: nothing was sent.";
    server_refused_fields => "Сервер не принял отмеченные поля.", "Сервер белгіленген өрістерді қабылдамады.", "The server refused the marked fields.";
    server_error => "Не удалось выполнить:", "Орындау мүмкін болмады:", "Could not do it:";
    own_submission => "Нельзя опубликовать то, что вы сами отправили на проверку: это делает другой редактор или администратор.", "Өзіңіз тексеруге жіберген материалды жариялай алмайсыз: мұны басқа редактор немесе әкімші жасайды.", "You cannot publish what you submitted yourself: another editor or an administrator must.";
    correction_required => "Опубликованный материал меняется только с публичной заметкой об исправлении.", "Жарияланған материал тек түзету туралы жария ескертпемен өзгереді.", "A published item changes only with a public correction note.";
    stale_notice => "Кто-то сохранил более новую версию; ваши изменения не отправлены и не потеряны.", "Біреу жаңарақ нұсқаны сақтады; сіздің өзгерістеріңіз жіберілмеді және жоғалмады.", "Someone saved a newer version; your changes were not sent and are not lost.";
    stale_title => "Кто-то другой сохранил версию", "Басқа біреу нұсқаны сақтады:", "Someone else saved version";
    stale_explain => "Их изменения относительно версии, с которой вы начали:", "Сіз бастаған нұсқамен салыстырғандағы олардың өзгерістері:", "Their changes since the version you started from:";
    reload_theirs => "Загрузить их версию (мои правки пропадут)", "Олардың нұсқасын жүктеу (менің түзетулерім жойылады)", "Load theirs (drop my edits)";
    keep_mine => "Оставить мою и перезаписать", "Менікін қалдырып, үстінен жазу", "Keep mine and overwrite";
    discard_changes => "Несохранённые изменения пропадут. Продолжить?", "Сақталмаған өзгерістер жойылады. Жалғастыру керек пе?", "Unsaved changes will be lost. Continue?";
    correction_title => "Исправление", "Түзету", "Correction";
    pending_change => "Правка ждёт публикации", "Түзету жариялауды күтіп тұр", "Change awaiting publication";
    pending_hint => "Читатели видят прежний текст, пока другой человек не опубликует правку вместе с заметкой о ней.", "Басқа адам түзетуді ескертпесімен бірге жарияламайынша, оқырмандар бұрынғы мәтінді көреді.", "Readers see the published text until another person publishes this change with its note.";
    pending_saved => "Правка сохранена и ждёт публикации другим человеком, версия", "Түзету сақталды және басқа адамның жариялауын күтіп тұр, нұсқа", "Change saved; it waits for another person to publish it, version";
    own_change_hint => "Это ваша правка: опубликовать её должен другой редактор или администратор.", "Бұл сіздің түзетуіңіз: оны басқа редактор немесе әкімші жариялауы керек.", "This is your change: another editor or an administrator must publish it.";
    correction_hint => "Материал опубликован: изменения увидят читатели вместе с этой заметкой и датой.", "Материал жарияланған: оқырмандар өзгерістерді осы ескертпемен және күнімен бірге көреді.", "This item is published: readers will see the change with this note and its date.";
    correction_note => "Заметка об исправлении", "Түзету туралы ескертпе", "Correction note";

    section_text => "Текст", "Мәтін", "Text";
    section_classification => "Классификация", "Жіктеу", "Classification";
    section_when_where => "Когда и где", "Қашан және қайда", "When and where";
    title => "Заголовок", "Тақырып", "Title";
    summary => "Описание", "Сипаттама", "Summary";
    item_id => "Идентификатор (для ссылок)", "Идентификатор (сілтемелер үшін)", "Id (used in links)";
    item_id_hint => "3–80 символов: a–z, 0–9 и дефисы. После создания не меняется.", "3–80 таңба: a–z, 0–9 және дефис. Құрылғаннан кейін өзгермейді.", "3–80 characters: a–z, 0–9 and hyphens. Fixed once created.";
    make_slug => "Сделать из заголовка", "Тақырыптан жасау", "Make from title";
    category => "Раздел", "Бөлім", "Section";
    kind => "Тип", "Түрі", "Type";
    tags => "Теги", "Тегтер", "Tags";
    tags_hint => "Через запятую", "Үтір арқылы", "Comma-separated";
    date => "Дата", "Күні", "Date";
    date_value => "значение", "мәні", "value";
    precision => "Точность даты", "Күн дәлдігі", "Date precision";
    precision_day => "День", "Күн", "Day";
    precision_month => "Месяц", "Ай", "Month";
    precision_year => "Год", "Жыл", "Year";
    end_date => "Окончание", "Аяқталуы", "End";
    end_date_value => "Дата окончания", "Аяқталу күні", "End date";
    end_none => "Нет (разовое событие)", "Жоқ (бір реттік оқиға)", "None (a one-off event)";
    end_on => "Дата", "Күні", "A date";
    end_ongoing => "продолжается", "жалғасуда", "ongoing";
    region => "Регион", "Өңір", "Region";
    not_set => "Не указан", "Көрсетілмеген", "Not set";
    city => "Город / населённый пункт", "Қала / елді мекен", "City or town";
    platforms => "Платформы", "Платформалар", "Platforms";
    sources => "Источники", "Дереккөздер", "Sources";
    sources_list => "Ссылки (минимум одна)", "Сілтемелер (кемінде біреу)", "Links (at least one)";
    source_url => "Ссылка", "Сілтеме", "Link";
    source_outlet => "Издание", "Басылым", "Outlet";
    source_title => "Заголовок материала", "Материал тақырыбы", "Article title";
    source_date => "Дата публикации", "Жарияланған күні", "Publication date";
    date_formats => "ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД", "ЖЖЖЖ, ЖЖЖЖ-АА немесе ЖЖЖЖ-АА-КК", "YYYY, YYYY-MM or YYYY-MM-DD";
    open_link => "открыть ↗", "ашу ↗", "open ↗";
    url_invalid => "Проверьте ссылку", "Сілтемені тексеріңіз", "Check the link";
    add_source => "Добавить источник", "Дереккөз қосу", "Add a source";
    move_up => "Выше", "Жоғары", "Move up";
    move_down => "Ниже", "Төмен", "Move down";
    remove => "Удалить", "Жою", "Remove";
    actors => "Участники", "Қатысушылар", "People and organisations";
    actor_name => "Имя или название", "Аты немесе атауы", "Name";
    actor_role => "Роль", "Рөлі", "Role";
    add_actor => "Добавить участника", "Қатысушы қосу", "Add a person or organisation";
    legal_refs => "Нормы права", "Құқық нормалары", "Legal references";
    legal_code => "Кодекс или закон", "Кодекс немесе заң", "Code or law";
    legal_article => "Статья", "Бап", "Article";
    legal_part => "Часть", "Бөлік", "Part";
    legal_law => "Название закона", "Заңның атауы", "Name of the law";
    add_legal => "Добавить норму", "Норма қосу", "Add a legal reference";

    quote => "Цитата", "Дәйексөз", "Quote";
    speaker_name => "Кто сказал", "Кім айтты", "Speaker";
    speaker_position => "Должность", "Лауазымы", "Position";
    speaker_organisation => "Организация", "Ұйым", "Organisation";
    said_on => "Когда сказано", "Қашан айтылды", "Said on";
    said_at => "Где сказано", "Қайда айтылды", "Where it was said";
    verdict => "Вердикт", "Үкім", "Verdict";
    not_rated => "Не проверено", "Тексерілмеген", "Not rated";
    fact_check => "Проверка фактов", "Фактілерді тексеру", "Fact-check";
    explanation => "Обоснование", "Негіздеме", "Explanation";
    evidence => "Доказательства", "Дәлелдер", "Evidence";
    linked_incidents => "Связанные инциденты", "Байланысты оқиғалар", "Linked incidents";
    link_search => "Найти инцидент для связи", "Байланыстыру үшін оқиға іздеу", "Find an incident to link";

    name => "Имя", "Аты", "Name";
    role => "Роль", "Рөлі", "Role";
    state => "Состояние", "Күйі", "State";
    active => "активен", "белсенді", "active";
    disabled => "отключён", "өшірілген", "disabled";
    enable => "Включить", "Қосу", "Enable";
    disable => "Отключить", "Өшіру", "Disable";
    reset_password => "Сменить пароль", "Құпиясөзді ауыстыру", "Reset password";
    new_password => "Новый пароль", "Жаңа құпиясөз", "New password";
    new_user => "Новый пользователь", "Жаңа пайдаланушы", "New user";
    password_rule => "Не короче 12 символов.", "Кемінде 12 таңба.", "At least 12 characters.";
    create => "Создать", "Құру", "Create";
    user_created => "Пользователь создан", "Пайдаланушы құрылды", "User created";
    user_updated => "Пользователь изменён", "Пайдаланушы өзгертілді", "User updated";

    audit_caption => "Последние записи, не больше", "Соңғы жазбалар, ең көбі", "Latest entries, at most";
    audit_action => "Действие", "Әрекет", "Action";
    audit_target => "Объект", "Нысан", "Target";
    audit_detail => "Подробности", "Толығырақ", "Details";

    domains => "Домены", "Домендер", "Domains";
    domains_hint => "По одному в строке, например news.example.kz", "Әр жолға біреуден, мысалы news.example.kz", "One per line, e.g. news.example.kz";
    contact => "Контакт", "Байланыс", "Contact";
    edit => "Изменить", "Өзгерту", "Edit";
    edit_partner => "Изменить партнёра", "Серіктесті өзгерту", "Edit partner";
    new_partner => "Новый партнёр", "Жаңа серіктес", "New partner";
    actions => "Действия", "Әрекеттер", "Actions";
    embed_code => "Код для вставки", "Енгізу коды", "Embed code";
    snippet_hint => "Скопируйте код и вставьте в HTML страницы партнёра.", "Кодты көшіріп, серіктес бетінің HTML-іне қойыңыз.", "Copy the code into the partner page's HTML.";

    import_paste => "Текст дайджеста", "Дайджест мәтіні", "Digest text";
    import_file => "…или файл (.txt, .md)", "…немесе файл (.txt, .md)", "…or a file (.txt, .md)";
    import_file_failed => "Не удалось прочитать файл.", "Файлды оқу мүмкін болмады.", "Could not read the file.";
    import_preview => "Разобрать", "Талдау", "Parse and preview";
    import_entries => "Найденные записи", "Табылған жазбалар", "Entries found";
    import_take => "Взять", "Алу", "Take";
    import_flags => "Замечания", "Ескертулер", "Flags";
    duplicate_of => "Возможно, дубликат:", "Қайталануы мүмкін:", "Possible duplicate of";
    import_accept => "Создать черновики из отмеченных", "Белгіленгендерден жобалар жасау", "Create drafts from the ticked entries";
    import_created => "Создано черновиков", "Жобалар құрылды", "Drafts created";
    import_skipped => "Пропущено", "Өткізілді", "Skipped";

    err_required => "Обязательное поле.", "Міндетті өріс.", "Required.";
    err_too_long => "Слишком длинно", "Тым ұзын", "Too long";
    err_too_many => "Слишком много", "Тым көп", "Too many";
    err_invalid_url => "Нужна полная ссылка http(s)://…", "Толық http(s)://… сілтеме керек", "A full http(s)://… link is needed";
    err_duplicate => "Эта ссылка уже есть в списке.", "Бұл сілтеме тізімде бар.", "This link is already listed.";
    err_invalid_date => "Неверная дата", "Күні қате", "Invalid date";
    err_invalid_id => "Только a–z, 0–9 и одиночные дефисы, 3–80 символов.", "Тек a–z, 0–9 және жалғыз дефистер, 3–80 таңба.", "Only a–z, 0–9 and single hyphens, 3–80 characters.";
    err_id_taken => "Такой идентификатор уже занят.", "Бұл идентификатор бос емес.", "This id is already taken.";
    err_invalid_article => "Номер статьи, например 174 или 456-2.", "Бап нөмірі, мысалы 174 немесе 456-2.", "An article number such as 174 or 456-2.";
    err_invalid_tag => "Тег: до 40 букв, цифр или дефисов.", "Тег: 40-қа дейін әріп, сан немесе дефис.", "A tag is up to 40 letters, digits or hyphens.";
    err_before_start => "Окончание раньше начала.", "Аяқталуы басталуынан ерте.", "The end is before the start.";
    err_invalid_email => "Адрес вида name@example.kz.", "name@example.kz түріндегі мекенжай.", "An address such as name@example.kz.";
    err_too_short => "Не короче 12 символов.", "Кемінде 12 таңба.", "At least 12 characters.";
    err_too_weak => "Слишком простой пароль.", "Құпиясөз тым қарапайым.", "Too easy to guess.";
    err_invalid_domain => "Домен вида news.example.kz", "news.example.kz түріндегі домен", "A host name such as news.example.kz";
}

pub fn ui(lang: Lang) -> &'static Ui {
    match lang {
        Lang::Ru => &RU,
        Lang::Kk => &KK,
        Lang::En => &EN,
    }
}

/// A reactive interface string, in the language chosen in the session.
pub fn tr(
    text: fn(&Ui) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = expect_context::<Session>().lang;
    move || text(ui(lang.get()))
}

/// A field error in the interface language. Known codes are translated; the shared crate's message (English,
/// with any detail such as a limit) follows where it adds something.
pub fn error_text(u: &Ui, e: &FieldError) -> String {
    let known = match e.code.as_str() {
        "required" => u.err_required,
        "invalid_url" => u.err_invalid_url,
        "duplicate" => u.err_duplicate,
        "invalid_id" | "invalid_slug" => u.err_invalid_id,
        "id_taken" => u.err_id_taken,
        "invalid_article" => u.err_invalid_article,
        "invalid_tag" => u.err_invalid_tag,
        "before_start" => u.err_before_start,
        "invalid_email" => u.err_invalid_email,
        "too_short" => u.err_too_short,
        "too_weak" => u.err_too_weak,
        "invalid_domain" => u.err_invalid_domain,
        "too_long" => return with_detail(u.err_too_long, &e.message),
        "too_many" => return with_detail(u.err_too_many, &e.message),
        "invalid_date" => return with_detail(u.err_invalid_date, &e.message),
        _ => return e.message.clone(),
    };
    known.to_owned()
}

fn with_detail(text: &str, detail: &str) -> String {
    format!("{text} ({detail})")
}

const LANG_KEY: &str = "aqiqat-admin-lang";

/// The interface language chosen last time in this browser (Russian at first).
pub fn saved_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|v| Lang::parse(&v))
        .unwrap_or_default()
}

pub fn save_lang(lang: Lang) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(LANG_KEY, lang.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ui_string_has_its_russian_kazakh_and_english_text() {
        let mut blank = Vec::new();
        for lang in Lang::ALL {
            for (key, text) in texts(ui(lang)) {
                if text.trim().is_empty() {
                    blank.push(format!("{key} ({lang})"));
                }
            }
        }
        assert_eq!(blank, Vec::<String>::new());
        // Each language has its own table (one used twice would pass the check above).
        let claims = Lang::ALL.map(|l| ui(l).nav_claims);
        assert_eq!(claims, ["Заявления", "Мәлімдемелер", "Claims"]);
    }
}
