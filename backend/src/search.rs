//! Word normalization for full-text search, the same at indexing and at query time: lower case, `ё` → `е`,
//! Snowball stemming (Russian for Cyrillic words, English for Latin ones), so that «утечка», «утечки» and
//! «утечку» meet. Kazakh words go through the same path: a word always stems to the same string, so the exact
//! word matches even where the Russian stemmer knows nothing of Kazakh endings.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::db::Backend;

static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// At most this many words of a query are used; the API already limits `q` to 200 characters.
const MAX_QUERY_TERMS: usize = 16;

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

fn stem(word: &str) -> String {
    let cyrillic = word.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
    let latin = word.chars().any(|c| c.is_ascii_alphabetic());
    let stemmed = if cyrillic {
        RUSSIAN.stem(word)
    } else if latin {
        ENGLISH.stem(word)
    } else {
        return word.to_owned();
    };
    if stemmed.is_empty() {
        return word.to_owned();
    }
    let mut stem = stemmed.into_owned();
    // Snowball keeps the surname suffix in oblique cases (Ахмедьярова → ахмедьяров) but strips it in the
    // nominative (Ахмедьяров → ахмедьяр). Dropping -ов/-ев/-ин/-ын from long stems makes every case of a
    // Russian-style surname meet; applied at index and query time alike.
    if cyrillic {
        for suffix in ["ов", "ев", "ин", "ын"] {
            if let Some(rest) = stem.strip_suffix(suffix)
                && rest.chars().count() >= 5
            {
                stem.truncate(rest.len());
                break;
            }
        }
    }
    stem
}

/// The text stored in the FTS index for a document.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&stem(&w));
    }
    out
}

/// [`index_text`] for many documents that share words (bulk loads): each distinct word is stemmed once.
#[derive(Default)]
pub struct CachedIndexer {
    stems: std::collections::HashMap<String, String>,
}

impl CachedIndexer {
    /// Forgets the cache past this many distinct words, so that memory stays bounded on any input.
    const MAX_WORDS: usize = 200_000;

    pub fn index_text(&mut self, text: &str) -> String {
        if self.stems.len() > Self::MAX_WORDS {
            self.stems.clear();
        }
        let mut out = String::with_capacity(text.len());
        for w in words(text) {
            if !out.is_empty() {
                out.push(' ');
            }
            match self.stems.get(&w) {
                Some(s) => out.push_str(s),
                None => {
                    let s = stem(&w);
                    out.push_str(&s);
                    self.stems.insert(w, s);
                }
            }
        }
        out
    }
}

/// The search expression for a reader's query: every word must match, as a prefix of a stem (so a word still
/// being typed finds results). SQLite gets an FTS5 MATCH string, PostgreSQL a `tsquery` text; both are built
/// from the same stems, which contain only letters and digits. `None` when the query has no searchable word.
pub fn match_expression(backend: Backend, query: &str) -> Option<String> {
    let stems: Vec<String> = words(query)
        .take(MAX_QUERY_TERMS)
        .map(|w| stem(&w))
        .collect();
    if stems.is_empty() {
        return None;
    }
    Some(match backend {
        Backend::Sqlite => stems
            .iter()
            .map(|s| format!("\"{s}\"*"))
            .collect::<Vec<_>>()
            .join(" "),
        Backend::Postgres => stems
            .iter()
            .map(|s| format!("'{s}':*"))
            .collect::<Vec<_>>()
            .join(" & "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cached_indexer_agrees_with_index_text() {
        let mut cached = CachedIndexer::default();
        for text in [
            "Утечка данных: утечки, утечку. Ахмедьярова и Ахмедьяров",
            "Утечка данных снова; Data leaks leaked",
        ] {
            assert_eq!(cached.index_text(text), index_text(text));
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
            let stems: Vec<String> = forms.iter().map(|f| index_text(f)).collect();
            assert!(
                stems.iter().all(|s| *s == stems[0]),
                "{forms:?} → {stems:?}"
            );
        }
        assert_eq!(index_text("ёлка"), index_text("елка"));
    }

    #[test]
    fn kazakh_and_english_words_are_searchable() {
        assert_eq!(index_text("Бұғаттау"), index_text("бұғаттау"));
        assert_eq!(index_text("blocking blocked"), "block block");
    }

    #[test]
    fn queries_are_safe_search_expressions() {
        assert_eq!(match_expression(Backend::Sqlite, "  "), None);
        assert_eq!(
            match_expression(Backend::Sqlite, "\"); DROP"),
            Some("\"drop\"*".to_owned())
        );
        assert_eq!(
            match_expression(Backend::Postgres, "'); DROP"),
            Some("'drop':*".to_owned())
        );
        let (a, b) = (stem("утечки"), stem("данных"));
        assert_eq!(
            match_expression(Backend::Sqlite, "утечки данных").unwrap(),
            format!("\"{a}\"* \"{b}\"*")
        );
        assert_eq!(
            match_expression(Backend::Postgres, "утечки, данных").unwrap(),
            format!("'{a}':* & '{b}':*")
        );
    }
}
