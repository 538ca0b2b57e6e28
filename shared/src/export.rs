//! What `/api/v1/export/*` sends: one row per published item of a view. An NDJSON line is the row as JSON (the
//! list's card plus `url`, `published_at`, `updated_at`); a CSV record is the same row flattened to the columns
//! below (lists joined with `;`, enum values by their API name, plus their label in the export's language).

use serde::{Deserialize, Serialize};

use crate::api::{ClaimCard, IncidentCard};
use crate::i18n::Lang;

/// An incident as an export gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentRow {
    #[serde(flatten)]
    pub card: IncidentCard,
    /// The incident's public page (absolute, in the export's language).
    pub url: String,
    /// When it was first published (RFC 3339).
    pub published_at: Option<String>,
    /// When it last changed (RFC 3339): a correction moves it.
    pub updated_at: String,
}

/// A claim as an export gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimRow {
    #[serde(flatten)]
    pub card: ClaimCard,
    pub url: String,
    pub published_at: Option<String>,
    pub updated_at: String,
}

/// The incidents CSV's header row.
pub const INCIDENT_COLUMNS: [&str; 22] = [
    "id",
    "url",
    "date",
    "period_from",
    "period_to",
    "end_date",
    "title",
    "summary",
    "text_lang",
    "category",
    "category_label",
    "kind",
    "kind_label",
    "region",
    "region_label",
    "city",
    "platforms",
    "tags",
    "source_count",
    "corrected",
    "published_at",
    "updated_at",
];

/// The claims CSV's header row.
pub const CLAIM_COLUMNS: [&str; 16] = [
    "id",
    "url",
    "date",
    "quote",
    "text_lang",
    "speaker",
    "speaker_position",
    "speaker_organisation",
    "category",
    "category_label",
    "verdict",
    "verdict_label",
    "incident_ids",
    "corrected",
    "published_at",
    "updated_at",
];

fn opt(v: Option<impl ToString>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn joined<T>(v: &[T], f: impl Fn(&T) -> &str) -> String {
    v.iter().map(f).collect::<Vec<_>>().join(";")
}

impl IncidentRow {
    /// The CSV record, in the order of [`INCIDENT_COLUMNS`]; labels in `lang`.
    pub fn csv_record(&self, lang: Lang) -> [String; 22] {
        let c = &self.card;
        [
            c.id.clone(),
            self.url.clone(),
            opt(c.date),
            opt(c.period.map(|p| p.from)),
            opt(c.period.map(|p| p.to)),
            opt(c.end_date.map(String::from)),
            c.title.clone(),
            c.summary.clone(),
            c.text_lang.as_str().to_owned(),
            c.category.as_str().to_owned(),
            c.category.label(lang).to_owned(),
            c.kind.as_str().to_owned(),
            c.kind.label(lang).to_owned(),
            opt(c.region.map(|r| r.as_str())),
            opt(c.region.map(|r| r.label(lang))),
            c.city.clone().unwrap_or_default(),
            joined(&c.platforms, |p| p.as_str()),
            joined(&c.tags, |t| t.as_str()),
            c.source_count.to_string(),
            c.corrected.to_string(),
            self.published_at.clone().unwrap_or_default(),
            self.updated_at.clone(),
        ]
    }
}

impl ClaimRow {
    /// The CSV record, in the order of [`CLAIM_COLUMNS`]; labels in `lang` (`verdict` is empty while unrated).
    pub fn csv_record(&self, lang: Lang) -> [String; 16] {
        let c = &self.card;
        [
            c.id.clone(),
            self.url.clone(),
            c.date.to_string(),
            c.quote.clone(),
            c.text_lang.as_str().to_owned(),
            c.speaker.name.clone(),
            c.speaker.position.clone().unwrap_or_default(),
            c.speaker.organisation.clone().unwrap_or_default(),
            c.category.as_str().to_owned(),
            c.category.label(lang).to_owned(),
            opt(c.verdict.map(|v| v.as_str())),
            opt(c.verdict.map(|v| v.label(lang))),
            joined(&c.incident_ids, |i| i.as_str()),
            c.corrected.to_string(),
            self.published_at.clone().unwrap_or_default(),
            self.updated_at.clone(),
        ]
    }
}
