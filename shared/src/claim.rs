//! A claim: something an official (or anyone) said, and, once fact-checked with evidence, its verdict.

use std::ops::Deref;

use serde::{Deserialize, Serialize};

use crate::common::{
    Correction, Slug, Source, normalize_corrections, normalize_sources, normalize_tags,
};
use crate::date::PartialDate;
use crate::enums::{Category, Verdict};
use crate::error::{Issues, ValidationErrors};
use crate::i18n::{Lang, LocalizedText};

/// Who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub name: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<LocalizedText>,
}

/// A claim as an editor writes it; not yet checked. Make a [`Claim`] from it to use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimInput {
    pub id: Slug,
    /// When it was said.
    pub date: PartialDate,
    /// The statement, quoted or closely paraphrased.
    pub quote: LocalizedText,
    pub speaker: Speaker,
    /// Where it was said or reported.
    pub said_at: Source,
    pub category: Category,
    /// `None` until fact-checkers rate it with evidence.
    #[serde(default)]
    pub verdict: Option<Verdict>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<LocalizedText>,
    #[serde(default)]
    pub evidence: Vec<Source>,
    /// Incidents this claim is about.
    #[serde(default)]
    pub incident_ids: Vec<Slug>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

impl ClaimInput {
    /// Checks every field. A verdict needs an explanation and at least one evidence source: a claim without
    /// documented evidence stays unrated.
    pub fn validate(mut self) -> Result<Claim, ValidationErrors> {
        let mut issues = Issues::default();
        self.quote.normalize("quote", 2000, &mut issues);
        self.speaker
            .name
            .normalize("speaker.name", 200, &mut issues);
        if let Some(p) = &mut self.speaker.position {
            p.normalize("speaker.position", 300, &mut issues);
        }
        if let Some(o) = &mut self.speaker.organisation {
            o.normalize("speaker.organisation", 300, &mut issues);
        }
        self.said_at.normalize("said_at", &mut issues);
        if let Some(e) = &mut self.explanation {
            e.normalize("explanation", 5000, &mut issues);
        }
        normalize_sources(&mut self.evidence, "evidence", 0, &mut issues);
        if self.verdict.is_some() {
            if self.explanation.is_none() {
                issues.add("explanation", "required", "a verdict needs an explanation");
            }
            if self.evidence.is_empty() {
                issues.add(
                    "evidence",
                    "required",
                    "a verdict needs at least one evidence source",
                );
            }
        }
        let mut seen = std::collections::HashSet::new();
        self.incident_ids.retain(|id| seen.insert(id.clone()));
        if self.incident_ids.len() > 50 {
            issues.add("incident_ids", "too_many", "at most 50 linked incidents");
        }
        normalize_tags(&mut self.tags, "tags", &mut issues);
        normalize_corrections(&mut self.corrections, "corrections", &mut issues);
        issues.into_result(Claim(self))
    }
}

/// A checked claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ClaimInput", into = "ClaimInput")]
pub struct Claim(ClaimInput);

impl Claim {
    pub fn into_input(self) -> ClaimInput {
        self.0
    }

    /// Every text a reader could search for, in all languages, each with its language where it has one.
    pub fn search_text<'a>(&'a self) -> Vec<(Option<Lang>, &'a str)> {
        let c = &self.0;
        let mut parts: Vec<(Option<Lang>, &'a str)> = Vec::new();
        let mut localized = |t: &'a LocalizedText| {
            parts.extend(t.each().map(|(l, s)| (Some(l), s)));
        };
        localized(&c.quote);
        localized(&c.speaker.name);
        for t in [&c.speaker.position, &c.speaker.organisation, &c.explanation]
            .into_iter()
            .flatten()
        {
            localized(t);
        }
        parts.extend(c.tags.iter().map(|t| (None, t.as_str())));
        parts.extend(c.said_at.outlet.as_deref().map(|o| (None, o)));
        parts
    }
}

impl Deref for Claim {
    type Target = ClaimInput;
    fn deref(&self) -> &ClaimInput {
        &self.0
    }
}

impl TryFrom<ClaimInput> for Claim {
    type Error = ValidationErrors;
    fn try_from(c: ClaimInput) -> Result<Self, ValidationErrors> {
        c.validate()
    }
}

impl From<Claim> for ClaimInput {
    fn from(c: Claim) -> Self {
        c.0
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::i18n::Lang;

    pub fn sample() -> ClaimInput {
        ClaimInput {
            id: Slug::parse("no-accidental-blockings").unwrap(),
            date: "2025-11".parse().unwrap(),
            quote: LocalizedText::ru("Случайных блокировок не будет"),
            speaker: Speaker {
                name: LocalizedText::ru("Евгений Кочетов").with(Lang::En, "Yevgeny Kochetov"),
                position: Some(LocalizedText::ru("вице-министр культуры и информации")),
                organisation: None,
            },
            said_at: Source::url("https://kaztag.kz/ru/news/avtomaticheski-vyyavlyat-dipfeyki"),
            category: Category::LegalRegulation,
            verdict: None,
            explanation: None,
            evidence: vec![],
            incident_ids: vec![],
            tags: vec![],
            corrections: vec![],
        }
    }

    #[test]
    fn unrated_claim_needs_no_evidence() {
        assert!(sample().validate().is_ok());
    }

    #[test]
    fn a_verdict_needs_explanation_and_evidence() {
        let mut c = sample();
        c.verdict = Some(Verdict::False);
        let errs = c.validate().unwrap_err();
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["explanation", "evidence"]);
    }

    #[test]
    fn repeated_links_are_kept_once_wherever_they_are() {
        let mut c = sample();
        let (a, b) = (
            Slug::parse("incident-a").unwrap(),
            Slug::parse("incident-b").unwrap(),
        );
        c.incident_ids = vec![a.clone(), b.clone(), a.clone()];
        assert_eq!(c.validate().unwrap().incident_ids, [a, b]);
    }

    #[test]
    fn serde_round_trip() {
        let c = sample().validate().unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains("\"verdict\":null"));
        assert_eq!(serde_json::from_str::<Claim>(&json).unwrap(), c);
    }
}
