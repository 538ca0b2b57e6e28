//! Kazakh as readers use it, over the public API on both databases: inflected Kazakh words, Latin-script
//! queries and mixed queries find their incidents and nothing else, and every demo item reads in Kazakh.
//!
//! The recall and precision test generates the inflected forms itself (plural, the six oblique cases, the
//! 3rd-person possessive and the cases after it) from a table of nouns in the demo's Kazakh texts, with its own
//! rules of harmony and assimilation, independent of the server's stemmer.

mod common;

use std::collections::{BTreeSet, HashMap};

use aqiqat_shared::api::{ClaimDetail, IncidentDetail};
use common::TestApp;
use sqlx::Connection;

fn enc(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Every incident, with its Kazakh text (title, summary, actors) as lower-case words.
fn demo_words() -> HashMap<String, BTreeSet<String>> {
    aqiqat_backend::demo::incidents()
        .expect("demo")
        .into_iter()
        .map(|i| {
            let mut text = String::new();
            for t in [&i.title, &i.summary]
                .into_iter()
                .chain(i.actors.iter().map(|a| &a.name))
            {
                text.push_str(t.kk.as_deref().unwrap_or_default());
                text.push(' ');
            }
            let words = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            (i.id.to_string(), words)
        })
        .collect()
}

async fn ids(app: &TestApp, q: &str) -> BTreeSet<String> {
    app.incidents(&format!("lang=kk&limit=100&q={}", enc(q)))
        .await
        .items
        .into_iter()
        .map(|i| i.id)
        .collect()
}

// ---- a small Kazakh form generator (the test's own rules) ------------------------------------------------

/// Whether a word takes back-vowel suffixes: its last vowel (у, a glide or neutral, skipped) is а о ұ ы я.
fn back(word: &str) -> bool {
    word.chars()
        .rev()
        .find(|c| "аәеөүіиоұыэюя".contains(*c))
        .is_none_or(|c| "аоұыя".contains(c))
}

/// Which variant a suffix takes after the word's last sound.
#[derive(Clone, Copy, PartialEq)]
enum Sound {
    Vowel,
    /// р, й, у
    Glide,
    /// л, з, ж
    Voiced,
    /// м, н, ң
    Nasal,
    Voiceless,
}

fn sound(word: &str) -> Sound {
    match word.chars().last().unwrap_or('а') {
        c if "аәеөүіиоұыэюя".contains(c) => Sound::Vowel,
        'р' | 'й' | 'у' => Sound::Glide,
        'л' | 'з' | 'ж' => Sound::Voiced,
        'м' | 'н' | 'ң' => Sound::Nasal,
        _ => Sound::Voiceless,
    }
}

/// The word before a vowel-initial suffix: к, қ, п voice to г, ғ, б.
fn voiced(word: &str) -> String {
    let mut w: Vec<char> = word.chars().collect();
    if let Some(last) = w.last_mut() {
        *last = match *last {
            'к' => 'г',
            'қ' => 'ғ',
            'п' => 'б',
            c => c,
        };
    }
    w.into_iter().collect()
}

/// `w` + `suffix`; an -ст word loses its т before a т-suffix or a vowel (журналистер, журналисі).
fn join(w: &str, suffix: &str) -> String {
    match w.strip_suffix("ст") {
        Some(rest) if suffix.starts_with(['т', 'ы', 'і']) => format!("{rest}с{suffix}"),
        _ => format!("{w}{suffix}"),
    }
}

/// A word and the harmony of its suffixes (loanwords may take either).
struct Word<'a> {
    w: &'a str,
    back: bool,
}

impl Word<'_> {
    fn h<'s>(&self, back_form: &'s str, front_form: &'s str) -> &'s str {
        if self.back { back_form } else { front_form }
    }

    fn plural(&self) -> String {
        let s = match sound(self.w) {
            Sound::Vowel | Sound::Glide => self.h("лар", "лер"),
            Sound::Voiced | Sound::Nasal => self.h("дар", "дер"),
            Sound::Voiceless => self.h("тар", "тер"),
        };
        join(self.w, s)
    }

    /// Genitive, accusative, dative, locative, ablative, instrumental of `w` (the word or its plural).
    fn cases(&self, w: &str) -> Vec<String> {
        let s = sound(w);
        let genitive = match s {
            Sound::Vowel | Sound::Nasal => self.h("ның", "нің"),
            Sound::Glide | Sound::Voiced => self.h("дың", "дің"),
            Sound::Voiceless => self.h("тың", "тің"),
        };
        let acc = match s {
            Sound::Vowel => self.h("ны", "ні"),
            Sound::Glide | Sound::Voiced | Sound::Nasal => self.h("ды", "ді"),
            Sound::Voiceless => self.h("ты", "ті"),
        };
        let dat = if s == Sound::Voiceless {
            self.h("қа", "ке")
        } else {
            self.h("ға", "ге")
        };
        let loc = if s == Sound::Voiceless {
            self.h("та", "те")
        } else {
            self.h("да", "де")
        };
        let abl = match s {
            Sound::Nasal => self.h("нан", "нен"),
            Sound::Voiceless => self.h("тан", "тен"),
            _ => self.h("дан", "ден"),
        };
        let ins = match s {
            Sound::Vowel | Sound::Glide => "мен",
            Sound::Voiced | Sound::Nasal => "бен",
            Sound::Voiceless => "пен",
        };
        [genitive, acc, dat, loc, abl, ins]
            .iter()
            .map(|s| join(w, s))
            .collect()
    }

    /// 3rd-person possessive of `w` and the cases after it.
    fn possessive(&self, w: &str) -> Vec<String> {
        let p = if sound(w) == Sound::Vowel {
            format!("{w}{}", self.h("сы", "сі"))
        } else {
            join(&voiced(w), self.h("ы", "і"))
        };
        let mut out = vec![p.clone()];
        for s in [
            self.h("ның", "нің"),
            "н",
            self.h("на", "не"),
            self.h("нда", "нде"),
            self.h("нан", "нен"),
        ] {
            out.push(format!("{p}{s}"));
        }
        out
    }

    /// The forms a reader types: plural, six cases, possessive and its cases, plural in four cases.
    fn query_forms(&self) -> Vec<String> {
        let mut out = vec![self.plural()];
        out.extend(self.cases(self.w));
        out.extend(self.possessive(self.w));
        out.extend(self.cases(&self.plural()).into_iter().take(4));
        out
    }

    /// Every form that counts as the word being in a text: the above, the bare word, the plural's possessive
    /// with its cases, -дағы and -ндағы.
    fn all_forms(&self) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.query_forms().into_iter().collect();
        out.insert(self.w.to_owned());
        out.extend(self.possessive(&self.plural()));
        out.extend(self.cases(&self.plural()));
        for base in [self.w.to_owned(), self.plural()] {
            let loc = &self.cases(&base)[3];
            out.insert(format!("{loc}{}", self.h("ғы", "гі")));
            let poss = &self.possessive(&base)[0];
            out.insert(format!("{poss}{}", self.h("ндағы", "ндегі")));
        }
        out
    }
}

/// The forms a reader would type for a noun, in its harmony.
fn query_forms(w: &str) -> Vec<String> {
    Word { w, back: back(w) }.query_forms()
}

/// The forms that count as the noun being in a text, in either harmony (loanwords vary).
fn all_forms(w: &str) -> BTreeSet<String> {
    let mut out = Word { w, back: true }.all_forms();
    out.extend(Word { w, back: false }.all_forms());
    out
}

/// (incident, nouns of its Kazakh text in their bare form).
const NOUNS: &[(&str, &[&str])] = &[
    (
        "tokayev-social-media-provocations-2025-09",
        &["желі", "ақпарат"],
    ),
    ("scc-anti-disinformation-centre", &["орталық", "қызмет"]),
    ("respublika-blocking-2012-court-ruling", &["сайт", "шешім"]),
    (
        "instagram-boreyko-niyazov-accounts-removed",
        &["журналист", "аккаунт"],
    ),
    (
        "akhmedyarov-facebook-account-deleted",
        &["аккаунт", "министрлік", "жазба"],
    ),
    ("factcheck-kz-restricted-in-russia", &["оқырман", "сайт"]),
    ("vlast-ddos-attacks-2025-12", &["басылым", "сайт"]),
    (
        "uralskaya-nedelya-instagram-blocked-2025-11",
        &["басылым", "аккаунт"],
    ),
    ("data-leak-16-mln-citizens-2025-06", &["дерек", "миллион"]),
    (
        "ministry-explains-16-mln-data-leak",
        &["министрлік", "база"],
    ),
    (
        "tokayev-aitu-messenger-state-bodies-2025-08",
        &["мессенджер", "орган"],
    ),
    ("tsarka-cybersecurity-demo-day", &["министрлік", "шешім"]),
    (
        "personal-data-offences-up-18-percent-2025",
        &["сала", "дерек"],
    ),
    (
        "kundelik-schoolchildren-data-leak-2025-12",
        &["күнделік", "дерек"],
    ),
    (
        "criminal-liability-mass-data-leaks-proposal",
        &["жауапкершілік", "дерек"],
    ),
    (
        "ministry-of-ai-created-2025-09",
        &["министрлік", "интеллект"],
    ),
    ("cybercrime-nearly-doubles-2025", &["киберқылмыс"]),
    ("knb-86-mln-cyberattacks-2023", &["кибершабуыл", "ресурс"]),
    (
        "apple-google-spyware-warnings-central-asia-2025-12",
        &["пайдаланушы", "әрекет"],
    ),
    ("kyzdar-net-mirrors-blocking", &["сайт", "топ"]),
    (
        "factcheck-online-expression-restrictions-2025",
        &["бостандық", "интернет"],
    ),
    (
        "ai-content-labelling-fines-2026-01",
        &["контент", "айыппұл"],
    ),
    ("kochetov-deepfake-detection-system", &["дипфейк", "жүйе"]),
    ("ai-law-signed-2025-11", &["заң", "интеллект"]),
    ("media-platform-launch-delayed", &["медиаплатформа", "заң"]),
    ("social-media-regulation-bill", &["талап", "жоба"]),
    ("lgbt-propaganda-ban-law", &["заң", "насихат"]),
    (
        "draft-constitution-speech-restrictions-2026-01",
        &["конституция", "түзету"],
    ),
    (
        "constitutional-court-internet-shutdowns-appeal",
        &["норма", "сот"],
    ),
    ("myrzataiuly-detained-almaty", &["журналист", "блогер"]),
    ("senate-banner-rules-journalists", &["журналист", "баннер"]),
    ("sotreport-wins-business-reputation-case", &["сот", "бедел"]),
    (
        "khabarov-instagram-story-false-information",
        &["хаттама", "сторис"],
    ),
    ("bazhkenova-orda-criminal-cases", &["полиция", "редактор"]),
    ("kaztag-executives-criminal-case", &["агенттік", "басшы"]),
    ("pavlov-administrative-case-dropped", &["мақала", "мерзім"]),
    ("gusev-suspended-sentence-court-data", &["мақала", "сайт"]),
    (
        "azattyq-accreditation-appeal-2026-01-14",
        &["тілші", "алқа"],
    ),
];

/// Recall: a form of a noun finds the incident whose Kazakh text has the noun. Precision: what a form finds
/// has the noun (in some form) in its Kazakh text. Both over every (incident, noun, form) of the table.
async fn inflected_kazakh_forms_find_their_incidents_with_high_recall_and_precision(app: TestApp) {
    let words = demo_words();
    let (mut queries, mut found, mut returned, mut relevant) = (0usize, 0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    let mut strays = Vec::new();
    for (id, nouns) in NOUNS {
        let text = words.get(*id).unwrap_or_else(|| panic!("no incident {id}"));
        for noun in *nouns {
            let forms = all_forms(noun);
            assert!(
                text.iter().any(|w| forms.contains(w)),
                "{id}: its Kazakh text lacks {noun}"
            );
            for form in query_forms(noun) {
                let got = ids(&app, &form).await;
                queries += 1;
                if got.contains(*id) {
                    found += 1;
                } else {
                    misses.push(format!("{form} ({id})"));
                }
                for other in &got {
                    returned += 1;
                    if words[other].iter().any(|w| forms.contains(w)) {
                        relevant += 1;
                    } else {
                        strays.push(format!("{form} → {other}"));
                    }
                }
            }
        }
    }
    let recall = found as f64 / queries as f64;
    let precision = relevant as f64 / returned.max(1) as f64;
    eprintln!(
        "Kazakh word forms over the demo data: {queries} queries, recall {:.1} % ({found}), precision {:.1} % ({relevant} of {returned} results)",
        recall * 100.0,
        precision * 100.0
    );
    eprintln!("missed: {misses:?}");
    eprintln!("results without the word: {strays:?}");
    assert!(queries >= 500, "{queries}");
    assert!(recall >= 0.95, "recall {recall}: missed {misses:?}");
    assert!(precision >= 0.90, "precision {precision}: {strays:?}");
}

async fn inflected_queries_find_exactly_the_incidents_with_the_word(app: TestApp) {
    let words = demo_words();
    for (query, stem_forms) in [
        (
            "Конституцияның",
            &["конституция", "конституцияға", "конституцияны"][..],
        ),
        ("Тоқаевтың", &["тоқаев"]),
        (
            "журналистерге",
            &[
                "журналист",
                "журналистер",
                "журналистерге",
                "журналистің",
                "журналистке",
            ],
        ),
        (
            "Орталықтан",
            &["орталық", "орталығы", "орталығының", "орталығына"],
        ),
        ("киберқауіпсіздікке", &["киберқауіпсіздік"]),
    ] {
        let got = ids(&app, query).await;
        assert!(!got.is_empty(), "{query} finds nothing");
        for id in &got {
            assert!(
                words[id]
                    .iter()
                    .any(|w| stem_forms.iter().any(|f| w.starts_with(f))),
                "{query} finds {id}, which lacks the word"
            );
        }
    }
    // Every incident whose Kazakh text names Тоқаев, in any form.
    let tokayev: BTreeSet<String> = words
        .iter()
        .filter(|(_, w)| w.iter().any(|w| w.starts_with("тоқаев")))
        .map(|(id, _)| id.clone())
        .collect();
    assert!(tokayev.len() >= 3);
    assert_eq!(ids(&app, "Тоқаевтың").await, tokayev);
    assert_eq!(ids(&app, "Тоқаевқа").await, tokayev);
    // Several words: each must match.
    let both = ids(&app, "журналистерге Сенатта").await;
    assert_eq!(
        both,
        BTreeSet::from(["senate-banner-rules-journalists".to_owned()])
    );
    assert!(ids(&app, "Конституцияның Сенатта").await.is_empty());
}

async fn latin_and_mixed_queries_find_cyrillic_incidents(app: TestApp) {
    let aitu = "tokayev-aitu-messenger-state-bodies-2025-08";
    for q in [
        "Toqaev",
        "Tokayev",
        "Tokaev",
        "Toqaevtyñ",
        "Тоқаевтың",
        "Токаева",
    ] {
        assert!(ids(&app, q).await.contains(aitu), "{q}");
    }
    for (q, id) in [
        ("jurnalist Gusev", "gusev-suspended-sentence-court-data"),
        ("Bajkenova", "bazhkenova-orda-criminal-cases"),
        ("Bazhkenova", "bazhkenova-orda-criminal-cases"),
        (
            "Konstitutsiya",
            "draft-constitution-speech-restrictions-2026-01",
        ),
        ("Qazaqstanda deepfake", "kochetov-deepfake-detection-system"),
    ] {
        let got = ids(&app, q).await;
        assert!(got.contains(id), "{q} → {got:?}");
    }
    // A Russian word and a Kazakh word: both must match, each in its own language's text.
    let got = ids(&app, "переписку Тоқаевтың").await;
    assert_eq!(got, BTreeSet::from([aitu.to_owned()]));
    assert!(
        ids(&app, "Nazarbayev").await.is_empty(),
        "a name absent from the data finds nothing"
    );
}

async fn every_demo_item_reads_in_kazakh(app: TestApp) {
    for i in aqiqat_backend::demo::incidents().expect("demo") {
        let d: IncidentDetail = app
            .json(&format!("/api/v1/incidents/{}?lang=kk", i.id))
            .await;
        assert_eq!(d.card.text_lang.as_str(), "kk", "{}", i.id);
        assert_eq!(Some(d.card.summary.as_str()), i.summary.kk.as_deref());
        for a in &d.actors {
            assert!(
                i.actors
                    .iter()
                    .any(|x| x.name.kk.as_deref() == Some(a.name.as_str())),
                "{}: actor {} has no Kazakh name",
                i.id,
                a.name
            );
        }
    }
    for c in aqiqat_backend::demo::claims().expect("demo") {
        let d: ClaimDetail = app.json(&format!("/api/v1/claims/{}?lang=kk", c.id)).await;
        assert_eq!(d.card.text_lang.as_str(), "kk", "{}", c.id);
        assert_eq!(Some(d.card.quote.as_str()), c.quote.kk.as_deref());
        assert_eq!(
            Some(d.card.speaker.name.as_str()),
            c.speaker.name.kk.as_deref()
        );
        if let Some(e) = &c.explanation {
            assert_eq!(d.explanation.as_deref(), e.kk.as_deref(), "{}", c.id);
        }
    }
}

/// A database indexed with older stems (here: emptied and marked as version 1) is reindexed when the program
/// migrates it, as every start does.
async fn an_index_of_older_stems_is_rebuilt_on_start(app: TestApp) {
    let query = "Конституцияның";
    assert!(!ids(&app, query).await.is_empty());
    let statements = [
        "DELETE FROM incidents_fts",
        "DELETE FROM claims_fts",
        "UPDATE meta SET value = 1 WHERE key = 'search_stems'",
        "UPDATE meta SET value = value + 1 WHERE key = 'data_version'",
    ];
    if app.url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(&app.url)
            .await
            .expect("sqlite");
        for s in statements {
            sqlx::query(s).execute(&mut conn).await.expect(s);
        }
    } else {
        let mut conn = sqlx::PgConnection::connect(&app.url)
            .await
            .expect("postgres");
        for s in statements {
            sqlx::query(s).execute(&mut conn).await.expect(s);
        }
    }
    assert!(
        ids(&app, "Тоқаевтың").await.is_empty(),
        "the index is empty"
    );
    app.db.migrate().await.expect("migrate");
    assert!(!ids(&app, query).await.is_empty(), "rebuilt");
    assert!(!ids(&app, "Тоқаевтың").await.is_empty(), "rebuilt");
    let claims = app.claims(&format!("q={}", enc("дипфейктерді"))).await;
    assert!(claims.total > 0, "claims rebuilt too");
    // Once rebuilt, a start does nothing more.
    app.db.migrate().await.expect("migrate");
}

on_both_databases!(
    inflected_kazakh_forms_find_their_incidents_with_high_recall_and_precision,
    inflected_queries_find_exactly_the_incidents_with_the_word,
    latin_and_mixed_queries_find_cyrillic_incidents,
    every_demo_item_reads_in_kazakh,
    an_index_of_older_stems_is_rebuilt_on_start,
);
