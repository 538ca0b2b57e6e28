//! The domain: what an editorial item is, whatever stores or serves it. `ItemDoc` is the one place that matches on
//! the kind of an item; the data layer, the editorial service and the HTTP layer treat items through it, so a new
//! kind is a new arm here (and a table), not a new set of functions elsewhere.

use aqiqat_shared::admin::ItemKind;
use aqiqat_shared::filter::VerdictFilter;
use aqiqat_shared::{Claim, Correction, Incident, Lang, Region, Slug, Story, ValidationErrors};

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
    Story(Story),
}

impl ItemDoc {
    pub fn kind(&self) -> ItemKind {
        match self {
            ItemDoc::Incident(_) => ItemKind::Incident,
            ItemDoc::Claim(_) => ItemKind::Claim,
            ItemDoc::Story(_) => ItemKind::Story,
        }
    }

    pub fn id(&self) -> &Slug {
        match self {
            ItemDoc::Incident(i) => &i.id,
            ItemDoc::Claim(c) => &c.id,
            ItemDoc::Story(s) => &s.id,
        }
    }

    pub fn to_json(&self) -> String {
        let r = match self {
            ItemDoc::Incident(i) => serde_json::to_string(i),
            ItemDoc::Claim(c) => serde_json::to_string(c),
            ItemDoc::Story(s) => serde_json::to_string(s),
        };
        r.unwrap_or_default()
    }

    pub fn to_value(&self) -> serde_json::Value {
        let r = match self {
            ItemDoc::Incident(i) => serde_json::to_value(i),
            ItemDoc::Claim(c) => serde_json::to_value(c),
            ItemDoc::Story(s) => serde_json::to_value(s),
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
            ItemKind::Story => ItemDoc::Story(serde_json::from_str(doc).map_err(bad)?),
        })
    }

    /// The texts search indexes, each with its language.
    pub(crate) fn search_text(&self) -> Vec<(Option<Lang>, &str)> {
        match self {
            ItemDoc::Incident(i) => i.search_text(),
            ItemDoc::Claim(c) => c.search_text(),
            ItemDoc::Story(s) => s.search_text(),
        }
    }

    /// The derived columns filters use, as (column, value).
    pub(crate) fn columns(&self) -> Vec<(&'static str, Option<String>)> {
        match self {
            ItemDoc::Incident(i) => {
                let (lo, hi) = i.bounds();
                let (month_lo, month_hi) = i.months();
                vec![
                    ("category", Some(i.category.as_str().to_owned())),
                    ("kind", Some(i.kind.as_str().to_owned())),
                    ("region", i.region.map(|r| Region::as_str(r).to_owned())),
                    ("date_lo", Some(lo)),
                    ("date_hi", Some(hi)),
                    ("sort_key", Some(i.sort_key())),
                    ("month_lo", Some(month_lo)),
                    ("month_hi", Some(month_hi)),
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
            // The sort key is completed from the linked items once the steps are written (`write_subrows`).
            ItemDoc::Story(s) => vec![
                ("kind", Some(s.kind.as_str().to_owned())),
                ("stage", Some(s.stage().as_str().to_owned())),
                (
                    "sort_key",
                    Some(
                        s.steps
                            .iter()
                            .filter_map(|st| st.date)
                            .max()
                            .map_or_else(|| NO_DATE.to_owned(), |d| d.sort_key()),
                    ),
                ),
            ],
        }
    }
}

/// The sort key of a story none of whose steps has a date.
const NO_DATE: &str = "0000-00-00";

impl ItemDoc {
    /// The item's public corrections, oldest first.
    pub fn corrections(&self) -> &[Correction] {
        match self {
            ItemDoc::Incident(i) => &i.corrections,
            ItemDoc::Claim(c) => &c.corrections,
            ItemDoc::Story(s) => &s.corrections,
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
            ItemDoc::Story(s) => {
                let mut input = s.into_input();
                input.corrections = corrections;
                ItemDoc::Story(input.validate()?)
            }
        })
    }

    /// The items this item links to, which must exist: `(field, kind, id)` (a claim's incidents, a story's steps).
    pub fn links(&self) -> Vec<(String, ItemKind, &Slug)> {
        match self {
            ItemDoc::Incident(_) => Vec::new(),
            ItemDoc::Claim(c) => c
                .incident_ids
                .iter()
                .map(|id| ("incident_ids".to_owned(), ItemKind::Incident, id))
                .collect(),
            ItemDoc::Story(s) => s
                .steps
                .iter()
                .enumerate()
                .flat_map(|(i, step)| {
                    let incident = step
                        .incident_id
                        .as_ref()
                        .map(|id| (format!("steps[{i}].incident_id"), ItemKind::Incident, id));
                    let claim = step
                        .claim_id
                        .as_ref()
                        .map(|id| (format!("steps[{i}].claim_id"), ItemKind::Claim, id));
                    incident.into_iter().chain(claim)
                })
                .collect(),
        }
    }
}
