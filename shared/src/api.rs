//! The public JSON API's response shapes, and the one function that turns a stored item into what readers see
//! (the admin preview uses the same function, so a preview cannot drift from the widget).

use serde::{Deserialize, Serialize};

use crate::claim::Claim;
use crate::common::Source;
use crate::date::{DateEnd, PartialDate};
use crate::enums::{ActorRole, Category, Kind, LegalCode, Platform, Region, Verdict};
use crate::i18n::{Lang, LocalizedText};
use crate::incident::Incident;

/// One page of a list. `next_cursor` continues the same query; `null` on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub next_cursor: Option<String>,
}

/// An incident in a list, its texts resolved to one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentCard {
    pub id: String,
    pub date: PartialDate,
    #[serde(default)]
    pub end_date: Option<DateEnd>,
    pub title: String,
    pub summary: String,
    /// The language `title` and `summary` are actually in (differs from the requested one on fallback).
    pub text_lang: Lang,
    pub category: Category,
    pub kind: Kind,
    #[serde(default)]
    pub region: Option<Region>,
    #[serde(default)]
    pub city: Option<String>,
    pub platforms: Vec<Platform>,
    pub tags: Vec<String>,
    pub source_count: u32,
    pub corrected: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorView {
    pub name: String,
    pub role: ActorRole,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegalRefView {
    pub code: LegalCode,
    pub article: String,
    #[serde(default)]
    pub part: Option<String>,
    #[serde(default)]
    pub law: Option<String>,
    /// Ready to show, e.g. «УК РК, ст. 174».
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectionView {
    pub date: PartialDate,
    pub note: String,
}

/// Everything readers see of one incident.
///
/// Deserialized by hand (below), without `#[serde(flatten)]`: flatten buffers the whole object and deserializes
/// every card field a second way, which doubles that code in the widget. The JSON is the same in both directions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentDetail {
    #[serde(flatten)]
    pub card: IncidentCard,
    pub actors: Vec<ActorView>,
    pub legal_refs: Vec<LegalRefView>,
    pub sources: Vec<Source>,
    pub corrections: Vec<CorrectionView>,
    /// Published claims linked to this incident.
    pub claims: Vec<ClaimCard>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerView {
    pub name: String,
    #[serde(default)]
    pub position: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
}

/// A claim in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimCard {
    pub id: String,
    pub date: PartialDate,
    pub quote: String,
    pub text_lang: Lang,
    pub speaker: SpeakerView,
    pub category: Category,
    /// `null` while not yet rated.
    pub verdict: Option<Verdict>,
    pub incident_ids: Vec<String>,
    pub corrected: bool,
}

/// Everything readers see of one claim. Deserialized by hand, like [`IncidentDetail`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimDetail {
    #[serde(flatten)]
    pub card: ClaimCard,
    pub said_at: Source,
    #[serde(default)]
    pub explanation: Option<String>,
    pub evidence: Vec<Source>,
    pub corrections: Vec<CorrectionView>,
    /// Published incidents this claim is about.
    pub incidents: Vec<IncidentCard>,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// When the fact-check was first published (RFC 3339).
    #[serde(default)]
    pub published_at: Option<String>,
}

/// How many items each value of a dimension would give. Each dimension is counted with every other filter applied
/// but not its own, so a reader sees the alternatives to what they chose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Facets {
    /// Incidents matching the whole filter.
    pub incidents: u64,
    /// Claims matching the whole filter.
    pub claims: u64,
    pub category: Vec<FacetCount>,
    pub kind: Vec<FacetCount>,
    pub region: Vec<FacetCount>,
    pub platform: Vec<FacetCount>,
    /// Claims per verdict, `unrated` included.
    pub verdict: Vec<FacetCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Incidents per month and category, and claims per month and verdict, for the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Timeline {
    pub buckets: Vec<TimelineBucket>,
    pub claims: Vec<ClaimBucket>,
    /// Items known only to the year: counted here, not placed on a month.
    pub year_only: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineBucket {
    /// `YYYY-MM`
    pub month: String,
    pub category: Category,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimBucket {
    pub month: String,
    /// A verdict's name, or `unrated`.
    pub verdict: String,
    pub count: u64,
}

/// Every error the API answers: `{"error": {"code", "message", "field"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every field problem of a rejected item, for forms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<crate::error::FieldError>,
}

/// [`IncidentDetail`]'s JSON, flat: the card's fields beside the detail's. Building the card from it names every
/// field, so a field added to the card without being added here does not compile.
#[derive(Deserialize)]
struct IncidentDetailWire {
    id: String,
    date: PartialDate,
    #[serde(default)]
    end_date: Option<DateEnd>,
    title: String,
    summary: String,
    text_lang: Lang,
    category: Category,
    kind: Kind,
    #[serde(default)]
    region: Option<Region>,
    #[serde(default)]
    city: Option<String>,
    platforms: Vec<Platform>,
    tags: Vec<String>,
    source_count: u32,
    corrected: bool,
    actors: Vec<ActorView>,
    legal_refs: Vec<LegalRefView>,
    sources: Vec<Source>,
    corrections: Vec<CorrectionView>,
    claims: Vec<ClaimCard>,
    #[serde(default)]
    updated_at: Option<String>,
}

impl<'de> Deserialize<'de> for IncidentDetail {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = IncidentDetailWire::deserialize(d)?;
        Ok(IncidentDetail {
            card: IncidentCard {
                id: w.id,
                date: w.date,
                end_date: w.end_date,
                title: w.title,
                summary: w.summary,
                text_lang: w.text_lang,
                category: w.category,
                kind: w.kind,
                region: w.region,
                city: w.city,
                platforms: w.platforms,
                tags: w.tags,
                source_count: w.source_count,
                corrected: w.corrected,
            },
            actors: w.actors,
            legal_refs: w.legal_refs,
            sources: w.sources,
            corrections: w.corrections,
            claims: w.claims,
            updated_at: w.updated_at,
        })
    }
}

/// [`ClaimDetail`]'s JSON, flat (see [`IncidentDetailWire`]).
#[derive(Deserialize)]
struct ClaimDetailWire {
    id: String,
    date: PartialDate,
    quote: String,
    text_lang: Lang,
    speaker: SpeakerView,
    category: Category,
    verdict: Option<Verdict>,
    incident_ids: Vec<String>,
    corrected: bool,
    said_at: Source,
    #[serde(default)]
    explanation: Option<String>,
    evidence: Vec<Source>,
    corrections: Vec<CorrectionView>,
    incidents: Vec<IncidentCard>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    published_at: Option<String>,
}

impl<'de> Deserialize<'de> for ClaimDetail {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = ClaimDetailWire::deserialize(d)?;
        Ok(ClaimDetail {
            card: ClaimCard {
                id: w.id,
                date: w.date,
                quote: w.quote,
                text_lang: w.text_lang,
                speaker: w.speaker,
                category: w.category,
                verdict: w.verdict,
                incident_ids: w.incident_ids,
                corrected: w.corrected,
            },
            said_at: w.said_at,
            explanation: w.explanation,
            evidence: w.evidence,
            corrections: w.corrections,
            incidents: w.incidents,
            updated_at: w.updated_at,
            published_at: w.published_at,
        })
    }
}

fn text(t: &LocalizedText, lang: Lang) -> String {
    t.get(lang).to_owned()
}

fn corrections(c: &[crate::common::Correction], lang: Lang) -> Vec<CorrectionView> {
    c.iter()
        .map(|c| CorrectionView {
            date: c.date,
            note: text(&c.note, lang),
        })
        .collect()
}

impl IncidentCard {
    pub fn new(i: &Incident, lang: Lang) -> IncidentCard {
        let (title, text_lang) = i.title.resolve(lang);
        IncidentCard {
            id: i.id.to_string(),
            date: i.date,
            end_date: i.end_date,
            title: title.to_owned(),
            summary: i
                .summary
                .exact(text_lang)
                .unwrap_or_else(|| i.summary.get(lang))
                .to_owned(),
            text_lang,
            category: i.category,
            kind: i.kind,
            region: i.region,
            city: i.city.clone(),
            platforms: i.platforms.clone(),
            tags: i.tags.clone(),
            source_count: u32::try_from(i.sources.len()).unwrap_or(u32::MAX),
            corrected: !i.corrections.is_empty(),
        }
    }
}

impl IncidentDetail {
    pub fn new(
        i: &Incident,
        lang: Lang,
        claims: Vec<ClaimCard>,
        updated_at: Option<String>,
    ) -> IncidentDetail {
        IncidentDetail {
            card: IncidentCard::new(i, lang),
            actors: i
                .actors
                .iter()
                .map(|a| ActorView {
                    name: text(&a.name, lang),
                    role: a.role,
                })
                .collect(),
            legal_refs: i
                .legal_refs
                .iter()
                .map(|r| LegalRefView {
                    code: r.code,
                    article: r.article.clone(),
                    part: r.part.clone(),
                    law: r.law.clone(),
                    text: r.display(lang),
                })
                .collect(),
            sources: i.sources.clone(),
            corrections: corrections(&i.corrections, lang),
            claims,
            updated_at,
        }
    }
}

impl ClaimCard {
    pub fn new(c: &Claim, lang: Lang) -> ClaimCard {
        let (quote, text_lang) = c.quote.resolve(lang);
        ClaimCard {
            id: c.id.to_string(),
            date: c.date,
            quote: quote.to_owned(),
            text_lang,
            speaker: SpeakerView {
                name: text(&c.speaker.name, lang),
                position: c.speaker.position.as_ref().map(|p| text(p, lang)),
                organisation: c.speaker.organisation.as_ref().map(|o| text(o, lang)),
            },
            category: c.category,
            verdict: c.verdict,
            incident_ids: c.incident_ids.iter().map(ToString::to_string).collect(),
            corrected: !c.corrections.is_empty(),
        }
    }
}

impl ClaimDetail {
    pub fn new(
        c: &Claim,
        lang: Lang,
        incidents: Vec<IncidentCard>,
        updated_at: Option<String>,
    ) -> ClaimDetail {
        ClaimDetail {
            card: ClaimCard::new(c, lang),
            said_at: c.said_at.clone(),
            explanation: c.explanation.as_ref().map(|e| text(e, lang)),
            evidence: c.evidence.clone(),
            corrections: corrections(&c.corrections, lang),
            incidents,
            updated_at,
            published_at: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_uses_the_language_it_found() {
        let inc = crate::incident::tests::sample().validate().unwrap();
        let en = IncidentCard::new(&inc, Lang::En);
        assert_eq!(
            (en.title.as_str(), en.text_lang),
            ("Vlast.kz under DDoS", Lang::En)
        );
        // The summary has no English text: the card keeps title and summary in one language where it can.
        assert_eq!(en.summary, "Атаки продолжаются четвёртую неделю.");
        let kk = IncidentCard::new(&inc, Lang::Kk);
        assert_eq!(kk.text_lang, Lang::Ru);
        let json = serde_json::to_value(IncidentDetail::new(&inc, Lang::Ru, vec![], None)).unwrap();
        assert_eq!(json["id"], "vlast-ddos-2025-12");
        assert_eq!(json["category"], "freedom_of_expression");
        assert_eq!(
            json["sources"][0]["url"],
            "https://factcheck.kz/novosti/sayt-izdaniya-vlast/"
        );
        let back: IncidentDetail = serde_json::from_value(json).unwrap();
        assert_eq!(back.card.id, "vlast-ddos-2025-12");
        assert_eq!(back, IncidentDetail::new(&inc, Lang::Ru, vec![], None));
    }

    #[test]
    fn details_round_trip_through_json() {
        let inc = crate::incident::tests::sample().validate().unwrap();
        let claim = crate::claim::tests::sample().validate().unwrap();
        let card = ClaimCard::new(&claim, Lang::Ru);
        let detail = IncidentDetail::new(&inc, Lang::Ru, vec![card], Some("2026-01-02".into()));
        let json = serde_json::to_string(&detail).unwrap();
        assert_eq!(
            serde_json::from_str::<IncidentDetail>(&json).unwrap(),
            detail
        );
        // Flat on the wire: the card's fields sit beside the detail's.
        assert!(json.starts_with("{\"id\":"), "{json}");
        let detail = ClaimDetail::new(
            &claim,
            Lang::En,
            vec![IncidentCard::new(&inc, Lang::En)],
            None,
        );
        let json = serde_json::to_string(&detail).unwrap();
        assert_eq!(serde_json::from_str::<ClaimDetail>(&json).unwrap(), detail);
    }
}
