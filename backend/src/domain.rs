//! The domain: what an editorial item is, whatever stores or serves it. `ItemDoc` is the one place that matches on
//! the kind of an item; the data layer, the editorial service and the HTTP layer treat items through it, so a new
//! kind is a new arm here (and a table), not a new set of functions elsewhere.

use aqiqat_shared::admin::ItemKind;
use aqiqat_shared::filter::VerdictFilter;
use aqiqat_shared::{Claim, Correction, Incident, Region, Slug, ValidationErrors};

/// A stored document that is not a valid item any more (a bug or a manual edit of the database).
#[derive(Debug, Clone, thiserror::Error)]
#[error("stored item {id} is not valid any more: {reason}")]
pub struct CorruptDoc {
    pub id: String,
    pub reason: String,
}

/// A validated item of either kind. (Passed by reference and short-lived: boxing the larger variant would buy
/// nothing but an allocation.)
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum ItemDoc {
    Incident(Incident),
    Claim(Claim),
}

impl ItemDoc {
    pub fn kind(&self) -> ItemKind {
        match self {
            ItemDoc::Incident(_) => ItemKind::Incident,
            ItemDoc::Claim(_) => ItemKind::Claim,
        }
    }

    pub fn id(&self) -> &Slug {
        match self {
            ItemDoc::Incident(i) => &i.id,
            ItemDoc::Claim(c) => &c.id,
        }
    }

    pub fn to_json(&self) -> String {
        let r = match self {
            ItemDoc::Incident(i) => serde_json::to_string(i),
            ItemDoc::Claim(c) => serde_json::to_string(c),
        };
        r.unwrap_or_default()
    }

    pub fn to_value(&self) -> serde_json::Value {
        let r = match self {
            ItemDoc::Incident(i) => serde_json::to_value(i),
            ItemDoc::Claim(c) => serde_json::to_value(c),
        };
        r.unwrap_or_default()
    }

    /// Reads a stored document back (re-validating it).
    pub fn parse(kind: ItemKind, id: &str, doc: &str) -> Result<ItemDoc, CorruptDoc> {
        let bad = |e: serde_json::Error| CorruptDoc {
            id: id.to_owned(),
            reason: e.to_string(),
        };
        Ok(match kind {
            ItemKind::Incident => ItemDoc::Incident(serde_json::from_str(doc).map_err(bad)?),
            ItemKind::Claim => ItemDoc::Claim(serde_json::from_str(doc).map_err(bad)?),
        })
    }

    pub(crate) fn search_text(&self) -> String {
        match self {
            ItemDoc::Incident(i) => i.search_text(),
            ItemDoc::Claim(c) => c.search_text(),
        }
    }

    /// The derived columns filters use, as (column, value).
    pub(crate) fn columns(&self) -> Vec<(&'static str, Option<String>)> {
        match self {
            ItemDoc::Incident(i) => {
                let (lo, hi) = i.bounds();
                vec![
                    ("category", Some(i.category.as_str().to_owned())),
                    ("kind", Some(i.kind.as_str().to_owned())),
                    ("region", i.region.map(|r| Region::as_str(r).to_owned())),
                    ("date_lo", Some(lo)),
                    ("date_hi", Some(hi)),
                    ("sort_key", Some(i.date.sort_key())),
                ]
            }
            ItemDoc::Claim(c) => vec![
                ("category", Some(c.category.as_str().to_owned())),
                (
                    "verdict",
                    Some(VerdictFilter::of(c.verdict).as_str().to_owned()),
                ),
                ("date_lo", Some(c.date.first_day())),
                ("date_hi", Some(c.date.last_day())),
                ("sort_key", Some(c.date.sort_key())),
            ],
        }
    }
}

impl ItemDoc {
    /// The item's public corrections, oldest first.
    pub fn corrections(&self) -> &[Correction] {
        match self {
            ItemDoc::Incident(i) => &i.corrections,
            ItemDoc::Claim(c) => &c.corrections,
        }
    }

    /// The same item with `corrections` instead of its own (validated again: a correction is checked content).
    pub fn with_corrections(
        self,
        corrections: Vec<Correction>,
    ) -> Result<ItemDoc, ValidationErrors> {
        Ok(match self {
            ItemDoc::Incident(i) => {
                let mut input = i.into_input();
                input.corrections = corrections;
                ItemDoc::Incident(input.validate()?)
            }
            ItemDoc::Claim(c) => {
                let mut input = c.into_input();
                input.corrections = corrections;
                ItemDoc::Claim(input.validate()?)
            }
        })
    }

    /// Ids of the incidents this item links to (a claim's), which must exist.
    pub fn linked_incidents(&self) -> &[Slug] {
        match self {
            ItemDoc::Incident(_) => &[],
            ItemDoc::Claim(c) => &c.incident_ids,
        }
    }
}
