//! Languages and localized text: Russian is required, Kazakh and English are optional, with one fallback order.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, Issues};

/// A UI and content language.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Ru,
    Kk,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Ru, Lang::Kk, Lang::En];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::Kk => "kk",
            Lang::En => "en",
        }
    }

    /// Parses a language code; unknown codes are an error so that a typo in `lang=` is reported, not ignored.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ru" => Some(Lang::Ru),
            "kk" | "kz" => Some(Lang::Kk),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The order in which texts are tried for a reader of this language. Russian is always present, so every
    /// chain reaches a text; Kazakh readers see Russian before English (most Kazakh readers read Russian).
    pub fn fallback_chain(self) -> [Lang; 3] {
        match self {
            Lang::Ru => [Lang::Ru, Lang::En, Lang::Kk],
            Lang::Kk => [Lang::Kk, Lang::Ru, Lang::En],
            Lang::En => [Lang::En, Lang::Ru, Lang::Kk],
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text in up to three languages; `ru` is required and never blank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LocalizedText {
    pub ru: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl LocalizedText {
    pub fn ru(text: impl Into<String>) -> Self {
        LocalizedText {
            ru: text.into(),
            kk: None,
            en: None,
        }
    }

    pub fn with(mut self, lang: Lang, text: impl Into<String>) -> Self {
        let text = text.into();
        match lang {
            Lang::Ru => self.ru = text,
            Lang::Kk => self.kk = Some(text),
            Lang::En => self.en = Some(text),
        }
        self
    }

    /// The text in exactly this language, if present and not blank.
    pub fn exact(&self, lang: Lang) -> Option<&str> {
        let text = match lang {
            Lang::Ru => Some(self.ru.as_str()),
            Lang::Kk => self.kk.as_deref(),
            Lang::En => self.en.as_deref(),
        };
        text.filter(|t| !t.trim().is_empty())
    }

    /// The best text for a reader of `lang`, and the language it is actually in.
    pub fn resolve(&self, lang: Lang) -> (&str, Lang) {
        lang.fallback_chain()
            .into_iter()
            .find_map(|l| self.exact(l).map(|t| (t, l)))
            .unwrap_or((self.ru.as_str(), Lang::Ru))
    }

    pub fn get(&self, lang: Lang) -> &str {
        self.resolve(lang).0
    }

    /// All present texts with their language, for search indexing (each language's words are stemmed their
    /// own way).
    pub fn each(&self) -> impl Iterator<Item = (Lang, &str)> {
        Lang::ALL
            .into_iter()
            .filter_map(|l| self.exact(l).map(|t| (l, t)))
    }

    /// Trims every text, drops blank optional ones; checks `ru` is present and each fits `max_chars`.
    pub(crate) fn normalize(&mut self, field: &str, max_chars: usize, issues: &mut Issues) {
        self.ru = self.ru.trim().to_owned();
        for opt in [&mut self.kk, &mut self.en] {
            if let Some(t) = opt {
                let trimmed = t.trim();
                if trimmed.is_empty() {
                    *opt = None;
                } else {
                    *t = trimmed.to_owned();
                }
            }
        }
        if self.ru.is_empty() {
            issues.push(FieldError::new(
                format!("{field}.ru"),
                "required",
                "the Russian text is required",
            ));
        }
        for lang in Lang::ALL {
            if let Some(t) = self.exact(lang)
                && t.chars().count() > max_chars
            {
                issues.push(FieldError::new(
                    format!("{field}.{lang}"),
                    "too_long",
                    format!("at most {max_chars} characters"),
                ));
            }
        }
    }
}

/// A label in the three UI languages; the tables of enum labels are built from these.
#[derive(Debug, Clone, Copy)]
pub struct Label {
    pub ru: &'static str,
    pub kk: &'static str,
    pub en: &'static str,
}

impl Label {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ru => self.ru,
            Lang::Kk => self.kk,
            Lang::En => self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_prefers_requested_then_russian() {
        let t = LocalizedText::ru("Утечка").with(Lang::En, "Leak");
        assert_eq!(t.resolve(Lang::En), ("Leak", Lang::En));
        assert_eq!(t.resolve(Lang::Kk), ("Утечка", Lang::Ru));
        assert_eq!(t.resolve(Lang::Ru), ("Утечка", Lang::Ru));
        let kk = LocalizedText::ru("Утечка").with(Lang::Kk, "Ағып кету");
        assert_eq!(kk.resolve(Lang::En), ("Утечка", Lang::Ru));
        assert_eq!(kk.resolve(Lang::Kk), ("Ағып кету", Lang::Kk));
    }

    #[test]
    fn blank_translations_do_not_count() {
        let t = LocalizedText::ru("Текст").with(Lang::En, "   ");
        assert_eq!(t.resolve(Lang::En), ("Текст", Lang::Ru));
        let mut issues = Issues::default();
        let mut t2 = t.clone();
        t2.normalize("title", 10, &mut issues);
        assert!(issues.is_empty());
        assert_eq!(t2.en, None);
    }

    #[test]
    fn russian_is_required() {
        let mut issues = Issues::default();
        LocalizedText::ru("  ")
            .with(Lang::En, "x")
            .normalize("title", 10, &mut issues);
        let errors = issues.into_result(()).unwrap_err();
        assert_eq!(errors.0[0].field, "title.ru");
        assert_eq!(errors.0[0].code, "required");
    }

    #[test]
    fn lang_codes() {
        assert_eq!(Lang::parse("KK"), Some(Lang::Kk));
        assert_eq!(Lang::parse("kz"), Some(Lang::Kk));
        assert_eq!(Lang::parse("de"), None);
    }
}
