//! Word normalization for full-text search, the same at indexing and at query time: words are lower-cased
//! (`ё` → `е`) and stemmed, so that «утечка», «утечки» and «утечку» meet, and «Конституцияның» meets
//! «Конституция». This module only makes stems: the databases' query syntax is built from [`Term`]s in
//! `db::fts`.
//!
//! The stemmer is chosen per word: a word with a letter only Kazakh has (ә ғ қ ң ө ұ ү һ і) is Kazakh
//! ([`kazakh`]); otherwise a Cyrillic word is Kazakh in a Kazakh text and Russian (Snowball) elsewhere, and a
//! Latin word is English (Snowball). A query has no language, so a Cyrillic query word without Kazakh letters
//! looks for both its Russian and its Kazakh stem, a Kazakh word also for its Russian-letter spelling
//! (Тоқаевтың → токаев, as Russian texts write it), and a Latin word also for its Cyrillic spellings
//! ([`translit`]). A query matches an item when every word matches one of its alternatives.

mod kazakh;
mod translit;

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::Lang;
use rust_stemmers::{Algorithm, Stemmer as Snowball};

static RUSSIAN: LazyLock<Snowball> = LazyLock::new(|| Snowball::create(Algorithm::Russian));
static ENGLISH: LazyLock<Snowball> = LazyLock::new(|| Snowball::create(Algorithm::English));

/// The version of the stems in the search index. Raise it whenever a change here changes what a text stems to:
/// the server then rebuilds the index of every item on its next start (`Db::migrate`).
pub const STEMS_VERSION: i64 = 2;

/// At most this many words of a query are used; the API already limits `q` to 200 characters.
const MAX_QUERY_TERMS: usize = 16;

/// One word of a query: an item matches when any alternative does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub alternatives: Vec<Alternative>,
}

/// A stem to look for, as a whole word of the index or as the beginning of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// Letters and digits only.
    pub stem: String,
    /// Matches any indexed stem that starts with `stem`: for a word as typed, which may be unfinished.
    pub prefix: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Stemmer {
    Russian,
    Kazakh,
    English,
    /// Digits and other scripts: the word as it is.
    Verbatim,
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c == 'ё' { 'е' } else { c })
                .collect()
        })
}

fn has_kazakh_letter(word: &str) -> bool {
    word.chars()
        .any(|c| matches!(c, 'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і'))
}

fn is_cyrillic(word: &str) -> bool {
    word.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

fn is_latin(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_alphabetic())
        || word.chars().any(|c| {
            matches!(
                c,
                'ä' | 'á'
                    | 'é'
                    | 'ğ'
                    | 'ǵ'
                    | 'ı'
                    | 'ï'
                    | 'ñ'
                    | 'ń'
                    | 'ö'
                    | 'ó'
                    | 'ş'
                    | 'ū'
                    | 'ü'
                    | 'ú'
                    | 'ý'
                    | 'ç'
            )
        })
}

/// The stemmer for a word of a text in `lang` (`None`: tags, names of places and outlets).
fn stemmer_for(word: &str, lang: Option<Lang>) -> Stemmer {
    if has_kazakh_letter(word) {
        Stemmer::Kazakh
    } else if is_cyrillic(word) {
        if lang == Some(Lang::Kk) {
            Stemmer::Kazakh
        } else {
            Stemmer::Russian
        }
    } else if word.chars().any(|c| c.is_ascii_alphabetic()) {
        Stemmer::English
    } else {
        Stemmer::Verbatim
    }
}

/// The Snowball stem of a Russian word, with one addition: Snowball keeps the surname suffix in oblique cases
/// (Ахмедьярова → ахмедьяров, Токаева → токаев) but strips it in the nominative (Ахмедьяров → ахмедьяр,
/// Токаев → тока). Dropping -ов/-ев/-ин/-ын from stems of at least six letters makes every case of a
/// Russian-style surname meet.
fn russian(word: &str) -> String {
    let stemmed = RUSSIAN.stem(word);
    if stemmed.is_empty() {
        return word.to_owned();
    }
    let mut stem = stemmed.into_owned();
    for suffix in ["ов", "ев", "ин", "ын"] {
        if let Some(rest) = stem.strip_suffix(suffix)
            && rest.chars().count() >= 4
        {
            stem.truncate(rest.len());
            break;
        }
    }
    stem
}

fn english(word: &str) -> String {
    let stemmed = ENGLISH.stem(word);
    if stemmed.is_empty() {
        word.to_owned()
    } else {
        stemmed.into_owned()
    }
}

/// The stems a word is indexed under (two for a Kazakh word with an ambiguous ending).
fn index_stems(word: &str, stemmer: Stemmer) -> Vec<String> {
    match stemmer {
        Stemmer::Russian => vec![russian(word)],
        Stemmer::Kazakh => kazakh::stem(word).stems,
        Stemmer::English => vec![english(word)],
        Stemmer::Verbatim => vec![word.to_owned()],
    }
}

/// Kazakh letters written as the Russian letters that Russian texts use for them (Тоқаев → Токаев), so that a
/// Kazakh query word also finds a name in a Russian text.
fn russian_spelling(stem: &str) -> String {
    stem.chars()
        .map(|c| match c {
            'ә' => 'а',
            'ғ' => 'г',
            'қ' => 'к',
            'ң' => 'н',
            'ө' => 'о',
            'ұ' | 'ү' => 'у',
            'һ' => 'х',
            'і' => 'и',
            c => c,
        })
        .collect()
}

/// The text stored in the search index for a document made of `parts` (each with its language, if it has one):
/// its words' stems, separated by spaces.
pub fn index_text<'a>(parts: impl IntoIterator<Item = (Option<Lang>, &'a str)>) -> String {
    CachedIndexer::default().index_text(parts)
}

/// [`index_text`] for many documents that share words (bulk loads): each distinct word is stemmed once.
#[derive(Default)]
pub struct CachedIndexer {
    stems: HashMap<(String, Stemmer), String>,
}

impl CachedIndexer {
    /// Forgets the cache past this many distinct words, so that memory stays bounded on any input.
    const MAX_WORDS: usize = 200_000;

    pub fn index_text<'a>(
        &mut self,
        parts: impl IntoIterator<Item = (Option<Lang>, &'a str)>,
    ) -> String {
        if self.stems.len() > Self::MAX_WORDS {
            self.stems.clear();
        }
        let mut out = String::new();
        for (lang, text) in parts {
            for w in words(text) {
                if !out.is_empty() {
                    out.push(' ');
                }
                let stemmer = stemmer_for(&w, lang);
                let key = (w, stemmer);
                match self.stems.get(&key) {
                    Some(s) => out.push_str(s),
                    None => {
                        let s = index_stems(&key.0, stemmer).join(" ");
                        out.push_str(&s);
                        self.stems.insert(key, s);
                    }
                }
            }
        }
        out
    }
}

/// Adds a Kazakh word's stems: as a prefix if the word is as typed (it may be unfinished), else whole.
fn push_kazakh(alts: &mut Vec<Alternative>, word: &str) -> kazakh::Stems {
    let k = kazakh::stem(word);
    for s in &k.stems {
        alts.push(Alternative {
            stem: s.clone(),
            prefix: !k.changed,
        });
    }
    k
}

/// The alternatives a query word matches.
fn query_alternatives(word: &str) -> Vec<Alternative> {
    let mut alts: Vec<Alternative> = Vec::new();
    if has_kazakh_letter(word) {
        let k = push_kazakh(&mut alts, word);
        for s in &k.stems {
            alts.push(Alternative {
                stem: russian(&russian_spelling(s)),
                prefix: false,
            });
        }
    } else if is_cyrillic(word) {
        alts.push(Alternative {
            stem: russian(word),
            prefix: true,
        });
        push_kazakh(&mut alts, word);
    } else if is_latin(word) {
        alts.push(Alternative {
            stem: english(word),
            prefix: true,
        });
        // Transliterated candidates are guesses: only a whole stem counts, so that a wrong guess rarely matches.
        for (lang, cyrillic) in translit::cyrillic_candidates(word) {
            let stems = match lang {
                Lang::Kk => kazakh::stem(&cyrillic).stems,
                _ => vec![russian(&cyrillic)],
            };
            alts.extend(stems.into_iter().map(|stem| Alternative {
                stem,
                prefix: false,
            }));
        }
    } else {
        alts.push(Alternative {
            stem: word.to_owned(),
            prefix: true,
        });
    }
    prune(alts)
}

/// Drops alternatives that another one already covers (the same stem, or one that a prefix alternative
/// matches anyway), so that the database looks up each word as few times as it must.
fn prune(alts: Vec<Alternative>) -> Vec<Alternative> {
    let covers = |a: &Alternative, b: &Alternative| {
        if a.prefix {
            b.stem.starts_with(&a.stem)
        } else {
            !b.prefix && a.stem == b.stem
        }
    };
    let mut out: Vec<Alternative> = Vec::with_capacity(alts.len());
    for (i, b) in alts.iter().enumerate() {
        if b.stem.is_empty() || !b.stem.chars().all(char::is_alphanumeric) {
            continue;
        }
        let covered = alts
            .iter()
            .enumerate()
            .any(|(j, a)| j != i && covers(a, b) && (!covers(b, a) || j < i) && !a.stem.is_empty());
        if !covered {
            out.push(b.clone());
        }
    }
    out
}

/// The terms of a reader's query: one per word (at most 16), each with its alternatives. Empty when the query
/// has no searchable word.
pub fn query_terms(query: &str) -> Vec<Term> {
    words(query)
        .take(MAX_QUERY_TERMS)
        .map(|w| Term {
            alternatives: query_alternatives(&w),
        })
        .filter(|t| !t.alternatives.is_empty())
        .collect()
}

/// A title reduced to its words' stems, so that two titles that differ only in word forms, case, punctuation
/// or `ё` are the same (the importer's duplicate check). A title with any Kazakh letter is read as Kazakh; of
/// an ambiguous Kazakh word's readings the first (its longest suffix) stands for it.
pub fn title_key(title: &str) -> String {
    let lang = has_kazakh_letter(&title.to_lowercase()).then_some(Lang::Kk);
    words(title)
        .filter_map(|w| {
            let stemmer = stemmer_for(&w, lang);
            index_stems(&w, stemmer).into_iter().next()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
