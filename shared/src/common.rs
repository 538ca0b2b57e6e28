//! Building blocks shared by incidents and claims: ids, sources, tags, corrections.

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::error::{FieldError, Issues};
use crate::i18n::LocalizedText;

/// A stable public id: 3–80 characters of `a-z`, `0-9` and single inner hyphens. It appears in shared links, so
/// it never changes once published.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an id is 3–80 characters of a-z, 0-9 and single inner hyphens, got {0:?}")]
pub struct SlugError(pub String);

impl Slug {
    pub fn parse(s: &str) -> Result<Slug, SlugError> {
        let ok = (3..=80).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Slug(s.to_owned()))
        } else {
            Err(SlugError(s.chars().take(90).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A slug made from free text (transliterating Cyrillic, Kazakh letters included), for new items and imports.
    /// Always valid: short or empty input is padded with `item`.
    pub fn from_text(text: &str) -> Slug {
        let mut out = String::new();
        for ch in text.chars().flat_map(char::to_lowercase) {
            let piece: &str = match ch {
                'a'..='z' | '0'..='9' => {
                    out.push(ch);
                    continue;
                }
                'а' | 'ә' => "a",
                'б' => "b",
                'в' => "v",
                'г' | 'ғ' => "g",
                'д' => "d",
                'е' | 'ё' | 'э' => "e",
                'ж' => "zh",
                'з' => "z",
                'и' | 'й' | 'і' => "i",
                'к' | 'қ' => "k",
                'л' => "l",
                'м' => "m",
                'н' | 'ң' => "n",
                'о' | 'ө' => "o",
                'п' => "p",
                'р' => "r",
                'с' => "s",
                'т' => "t",
                'у' | 'ұ' | 'ү' => "u",
                'ф' => "f",
                'х' | 'һ' => "h",
                'ц' => "ts",
                'ч' => "ch",
                'ш' => "sh",
                'щ' => "sch",
                'ы' => "y",
                'ю' => "yu",
                'я' => "ya",
                'ъ' | 'ь' => "",
                _ => "-",
            };
            out.push_str(piece);
        }
        let mut slug = String::new();
        for part in out.split('-').filter(|p| !p.is_empty()) {
            if slug.len() + part.len() + 1 > 60 {
                break;
            }
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(part);
        }
        while slug.len() < 3 {
            slug.push_str(if slug.is_empty() { "item" } else { "-item" });
        }
        Slug(slug)
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(s: String) -> Result<Self, SlugError> {
        Slug::parse(&s)
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> String {
        s.0
    }
}

/// Checks that `url` is an absolute http(s) URL with a host. Returns the normalized form.
pub fn check_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if url.len() > 2000 {
        return Err("a URL is at most 2000 characters".into());
    }
    let parsed = url::Url::parse(url).map_err(|e| format!("not a valid URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("only http and https links are allowed".into());
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".into());
    }
    Ok(parsed.to_string())
}

/// Where a fact comes from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
}

impl Source {
    pub fn url(url: impl Into<String>) -> Source {
        Source {
            url: url.into(),
            outlet: None,
            title: None,
            date: None,
        }
    }

    /// The outlet's name, or the link's host when none was given. (Plain string work, not `url::Url`: the widget
    /// calls this, and the URL parser's Unicode tables would add weight to its bundle for no gain here.)
    pub fn display_outlet(&self) -> String {
        if let Some(o) = &self.outlet {
            return o.clone();
        }
        let rest = self
            .url
            .split_once("://")
            .map_or(self.url.as_str(), |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        host.strip_prefix("www.").unwrap_or(host).to_owned()
    }

    pub(crate) fn normalize(&mut self, field: &str, issues: &mut Issues) {
        match check_url(&self.url) {
            Ok(u) => self.url = u,
            Err(msg) => issues.add(format!("{field}.url"), "invalid_url", msg),
        }
        trim_opt(&mut self.outlet, &format!("{field}.outlet"), 200, issues);
        trim_opt(&mut self.title, &format!("{field}.title"), 500, issues);
    }
}

/// Checks a list of sources: at least `min`, at most 30, no URL twice.
pub(crate) fn normalize_sources(
    sources: &mut [Source],
    field: &str,
    min: usize,
    issues: &mut Issues,
) {
    if sources.len() < min {
        issues.add(
            field,
            "required",
            format!("at least {min} source(s) with a link"),
        );
    }
    if sources.len() > 30 {
        issues.add(field, "too_many", "at most 30 sources");
    }
    for (i, s) in sources.iter_mut().enumerate() {
        s.normalize(&format!("{field}[{i}]"), issues);
    }
    for i in 1..sources.len() {
        if sources[..i].iter().any(|s| s.url == sources[i].url) {
            issues.add(
                format!("{field}[{i}].url"),
                "duplicate",
                "this link is already listed",
            );
        }
    }
}

/// Trims an optional text, dropping it when blank, and checks its length.
pub(crate) fn trim_opt(
    value: &mut Option<String>,
    field: &str,
    max_chars: usize,
    issues: &mut Issues,
) {
    if let Some(v) = value {
        let t = v.trim();
        if t.is_empty() {
            *value = None;
        } else {
            if t.chars().count() > max_chars {
                issues.push(FieldError::new(
                    field,
                    "too_long",
                    format!("at most {max_chars} characters"),
                ));
            }
            *v = t.to_owned();
        }
    }
}

/// Normalizes free-form tags: lower case, trimmed, words joined by hyphens, no duplicates.
pub(crate) fn normalize_tags(tags: &mut Vec<String>, field: &str, issues: &mut Issues) {
    let mut out: Vec<String> = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        let norm = t
            .trim()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-");
        if norm.is_empty() {
            continue;
        }
        if norm.chars().count() > 40
            || !norm
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            issues.add(
                format!("{field}[{i}]"),
                "invalid_tag",
                "a tag is up to 40 letters, digits or hyphens",
            );
        }
        if !out.contains(&norm) {
            out.push(norm);
        }
    }
    if out.len() > 20 {
        issues.add(field, "too_many", "at most 20 tags");
    }
    *tags = out;
}

/// A public correction of a published item: it stays visible to readers with its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub date: PartialDate,
    pub note: LocalizedText,
}

pub(crate) fn normalize_corrections(
    corrections: &mut [Correction],
    field: &str,
    issues: &mut Issues,
) {
    for (i, c) in corrections.iter_mut().enumerate() {
        c.note
            .normalize(&format!("{field}[{i}].note"), 2000, issues);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(Slug::parse("vlast-ddos-2025-12").is_ok());
        for bad in [
            "ab",
            "Upper",
            "-a-b",
            "a-b-",
            "a--b",
            "с-кириллицей",
            &"x".repeat(81),
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Slug::from_text("Утечка данных: 16 млн").as_str(),
            "utechka-dannyh-16-mln"
        );
        assert_eq!(
            Slug::from_text("Қазақстан ақиқат").as_str(),
            "kazakstan-akikat"
        );
        assert_eq!(Slug::from_text("!!").as_str(), "item");
        assert!(
            Slug::parse(Slug::from_text(&"очень длинное название ".repeat(10)).as_str()).is_ok()
        );
    }

    #[test]
    fn urls_must_be_http_with_a_host() {
        assert!(check_url("https://vlast.kz/novosti/1.html").is_ok());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("ftp://x.kz/").is_err());
        assert!(check_url("vlast.kz").is_err());
    }

    #[test]
    fn outlet_falls_back_to_the_host() {
        assert_eq!(
            Source::url("https://www.zakon.kz/a/b?c=1").display_outlet(),
            "zakon.kz"
        );
        assert_eq!(
            Source::url("https://t.me/lmc_kz/4982").display_outlet(),
            "t.me"
        );
        let named = Source {
            outlet: Some("Власть".into()),
            ..Source::url("https://vlast.kz/")
        };
        assert_eq!(named.display_outlet(), "Власть");
    }

    #[test]
    fn tags_are_normalized() {
        let mut tags = vec![
            " Свобода слова ".to_owned(),
            "свобода-слова".to_owned(),
            "".to_owned(),
        ];
        let mut issues = Issues::default();
        normalize_tags(&mut tags, "tags", &mut issues);
        assert!(issues.is_empty());
        assert_eq!(tags, ["свобода-слова"]);
    }
}
