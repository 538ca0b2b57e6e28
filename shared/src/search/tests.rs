use super::*;

fn index(text: &str) -> String {
    index_text([(None, text)])
}

fn index_kk(text: &str) -> String {
    index_text([(Some(Lang::Kk), text)])
}

/// The stems a query word matches, as `stem` or `stem*`.
fn alternatives(word: &str) -> Vec<String> {
    let terms = query_terms(word);
    assert_eq!(terms.len(), 1, "{word}");
    terms[0]
        .alternatives
        .iter()
        .map(|a| format!("{}{}", a.stem, if a.prefix { "*" } else { "" }))
        .collect()
}

/// Whether the query finds a document with this index text (the databases' semantics, in Rust).
fn finds(query: &str, indexed: &str) -> bool {
    let tokens: Vec<&str> = indexed.split(' ').collect();
    query_terms(query).iter().all(|t| {
        t.alternatives.iter().any(|a| {
            tokens.iter().any(|tok| {
                if a.prefix {
                    tok.starts_with(&a.stem)
                } else {
                    *tok == a.stem
                }
            })
        })
    })
}

#[test]
fn the_cached_indexer_agrees_with_index_text() {
    let mut cached = CachedIndexer::default();
    for text in [
        "Утечка данных: утечки, утечку. Ахмедьярова и Ахмедьяров",
        "Утечка данных снова; Data leaks leaked",
    ] {
        assert_eq!(cached.index_text([(None, text)]), index(text));
        assert_eq!(cached.index_text([(Some(Lang::Kk), text)]), index_kk(text));
    }
}

#[test]
fn russian_word_forms_share_a_stem() {
    for forms in [
        &["утечка", "утечки", "утечку", "утечке"][..],
        &["Ахмедьяров", "Ахмедьярова", "АХМЕДЬЯРОВУ", "Ахмедьяровым"],
        &["Бажкенова", "Бажкеновой", "Бажкеновую"],
        &["Хабаров", "Хабарова", "Хабарову"],
        &["блокировка", "блокировки", "блокировку", "блокировкой"],
        &["журналист", "журналиста", "журналисту", "журналистом"],
    ] {
        let stems: Vec<String> = forms.iter().map(|f| index(f)).collect();
        assert!(
            stems.iter().all(|s| *s == stems[0]),
            "{forms:?} → {stems:?}"
        );
    }
    assert_eq!(index("ёлка"), index("елка"));
}

#[test]
fn the_stemmer_is_chosen_per_word() {
    // Kazakh letters make a word Kazakh anywhere; a Kazakh text makes its Cyrillic words Kazakh.
    assert_eq!(index("Тоқаевтың"), "тоқаев");
    assert_eq!(index_kk("журналистерге"), "журналис");
    assert_eq!(index("журналистам"), "журналист");
    assert_eq!(index("blocking blocked"), "block block");
    assert_eq!(index("2025"), "2025");
    // A Russian text with a Kazakh name: each word its own way.
    assert_eq!(index("суд Қасымның"), "суд қасым");
}

#[test]
fn inflected_kazakh_queries_find_kazakh_texts() {
    let title = index_kk(
        "Конституция жобасына енгізілген түзетулер сөз бен митингілерді шектеуге жаңа негіздер қосады",
    );
    for q in [
        "Конституцияның",
        "конституцияда",
        "түзетулерді",
        "митингілер",
        "шектеу",
        "негіздері",
    ] {
        assert!(finds(q, &title), "{q} in {title}");
    }
    let title = index_kk(
        "Журналист Олег Гусевке сот сайтындағы деректерді пайдаланып жазған мақаласы үшін шартты жаза тағайындалды",
    );
    for q in [
        "журналистке",
        "Гусевтің",
        "соттың",
        "сайттан",
        "деректер",
        "мақала",
    ] {
        assert!(finds(q, &title), "{q} in {title}");
    }
    // Unrelated words do not match.
    for q in ["сенат", "Тоқаев", "блогер"] {
        assert!(!finds(q, &title), "{q} in {title}");
    }
}

#[test]
fn a_mixed_query_needs_each_word_in_its_own_language() {
    let doc = [
        (
            Some(Lang::Ru),
            "Токаев раскритиковал распространение дезинформации",
        ),
        (
            Some(Lang::Kk),
            "Тоқаев әлеуметтік желілердегі жалған ақпаратты сынады",
        ),
    ];
    let indexed = index_text(doc);
    assert!(finds("дезинформацию Тоқаевтың", &indexed));
    assert!(finds("желілерде Токаева", &indexed));
    assert!(!finds("дезинформацию Сенаттың", &indexed));
}

#[test]
fn a_kazakh_query_also_finds_the_russian_spelling_of_a_name() {
    let russian_only = index_text([(Some(Lang::Ru), "Касым-Жомарт Токаев подписал указ")]);
    assert!(finds("Тоқаевтың", &russian_only));
    assert!(finds("Қасымның", &russian_only));
}

#[test]
fn latin_queries_find_cyrillic_texts() {
    let doc = index_text([
        (
            Some(Lang::Ru),
            "Журналиста Токаева Хабарова задержали в Алматы",
        ),
        (Some(Lang::Kk), "Тоқаев журналистерге Қазақстанда сотта"),
    ]);
    for q in [
        "Toqaev",
        "Tokayev",
        "Tokaev",
        "jurnalist",
        "zhurnalist",
        "jurnalisterge",
        "Khabarov",
        "Qazaqstan",
        "Qazaqstanda",
        "Almaty",
        "sotta",
        "sotqa",
    ] {
        assert!(finds(q, &doc), "{q}: {:?}", alternatives(q));
    }
    assert!(!finds("Nazarbayev", &doc));
}

#[test]
fn unchanged_words_match_as_prefixes_and_stripped_ones_whole() {
    assert!(alternatives("Тоқаев").contains(&"тоқаев*".to_owned()));
    assert!(alternatives("Тоқаевтың").contains(&"тоқаев".to_owned()));
    // A Russian word keeps today's single prefix term when its Kazakh reading adds nothing.
    assert_eq!(alternatives("утечки"), ["утечк*"]);
    // A word without Kazakh letters may be Kazakh: both readings.
    let a = alternatives("журналистерге");
    assert!(a.contains(&"журналис".to_owned()), "{a:?}");
}

#[test]
fn title_keys_ignore_word_forms_case_and_punctuation() {
    assert_eq!(
        title_key("Утечка данных 16 млн"),
        title_key("утечки  данных, 16 млн!")
    );
    assert_eq!(
        title_key("Тоқаев Конституцияны сынады"),
        title_key("ТОҚАЕВ конституцияның сынады")
    );
    assert_ne!(title_key("Утечка данных"), title_key("Утечка паролей"));
}
