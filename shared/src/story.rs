//! A story: incidents and claims an editor links in order, so readers can follow a court case through its hearings
//! or a law from draft to entry into force. Each step has a stage from the story kind's closed vocabulary.

use std::ops::Deref;

use serde::{Deserialize, Serialize};

use crate::common::{Correction, Slug, normalize_corrections};
use crate::date::PartialDate;
use crate::enums::{Stage, StoryKind};
use crate::error::{Issues, ValidationErrors};
use crate::i18n::{Lang, LocalizedText};

/// The most steps a story may have.
pub const STEPS_MAX: usize = 50;

/// One step: a stage, and what documents it: a linked incident or claim, its own date, a note (at least one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryStep {
    pub stage: Stage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<Slug>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_id: Option<Slug>,
    /// The step's date when the source states it; absent, readers see the linked item's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// What happened at this step, when no linked item says it (e.g. «first-instance ruling upheld the refusal»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<LocalizedText>,
}

/// A story as an editor writes it; not yet checked. Make a [`Story`] from it to use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryInput {
    pub id: Slug,
    pub title: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<LocalizedText>,
    pub kind: StoryKind,
    /// In the order they happened.
    pub steps: Vec<StoryStep>,
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

impl StoryInput {
    /// Checks every field: at least one step, every stage of the story's kind, one linked item at most per step,
    /// something to show on each, and dates that do not go backwards. All problems are reported at once.
    pub fn validate(mut self) -> Result<Story, ValidationErrors> {
        let mut issues = Issues::default();
        self.title.normalize("title", 300, &mut issues);
        if let Some(s) = &mut self.summary {
            s.normalize("summary", 2000, &mut issues);
        }
        if self.steps.is_empty() {
            issues.add("steps", "required", "a story has at least one step");
        }
        if self.steps.len() > STEPS_MAX {
            issues.add("steps", "too_many", format!("at most {STEPS_MAX} steps"));
        }
        let mut last_dated: Option<(usize, PartialDate)> = None;
        for (i, step) in self.steps.iter_mut().enumerate() {
            let field = format!("steps[{i}]");
            if step.stage.story_kind() != self.kind {
                issues.add(
                    format!("{field}.stage"),
                    "wrong_kind",
                    format!(
                        "{} is not a stage of a {}; use one of: {}",
                        step.stage.as_str(),
                        self.kind.as_str(),
                        self.kind
                            .stages()
                            .map(Stage::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
            if step.incident_id.is_some() && step.claim_id.is_some() {
                issues.add(
                    format!("{field}.claim_id"),
                    "conflict",
                    "a step links one incident or one claim, not both",
                );
            }
            if let Some(n) = &mut step.note {
                n.normalize(&format!("{field}.note"), 1000, &mut issues);
            }
            if step.incident_id.is_none()
                && step.claim_id.is_none()
                && step.date.is_none()
                && step.note.is_none()
            {
                issues.add(
                    format!("{field}.incident_id"),
                    "required",
                    "link an incident or a claim, or give the step a date or a note",
                );
            }
            if let Some(d) = step.date {
                if let Some((j, before)) = last_dated
                    && d.last_day() < before.first_day()
                {
                    issues.add(
                        format!("{field}.date"),
                        "out_of_order",
                        format!("this step ({d}) is dated before step {} ({before})", j + 1),
                    );
                }
                last_dated = Some((i, d));
            }
        }
        normalize_corrections(&mut self.corrections, "corrections", &mut issues);
        issues.into_result(Story(self))
    }
}

/// A checked story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StoryInput", into = "StoryInput")]
pub struct Story(StoryInput);

impl Story {
    pub fn into_input(self) -> StoryInput {
        self.0
    }

    /// Where the story stands: the stage of its last step.
    pub fn stage(&self) -> Stage {
        self.0
            .steps
            .last()
            .map_or_else(|| unreachable!("validate() requires a step"), |s| s.stage)
    }

    /// The texts search indexes, each with its language (which chooses its stemmer).
    pub fn search_text<'a>(&'a self) -> Vec<(Option<Lang>, &'a str)> {
        let s = &self.0;
        let mut parts: Vec<(Option<Lang>, &'a str)> = Vec::new();
        let mut localized = |t: &'a LocalizedText| {
            parts.extend(t.each().map(|(l, s)| (Some(l), s)));
        };
        localized(&s.title);
        if let Some(t) = &s.summary {
            localized(t);
        }
        for step in &s.steps {
            if let Some(n) = &step.note {
                localized(n);
            }
        }
        parts
    }
}

impl Deref for Story {
    type Target = StoryInput;
    fn deref(&self) -> &StoryInput {
        &self.0
    }
}

impl TryFrom<StoryInput> for Story {
    type Error = ValidationErrors;
    fn try_from(s: StoryInput) -> Result<Self, ValidationErrors> {
        s.validate()
    }
}

impl From<Story> for StoryInput {
    fn from(s: Story) -> Self {
        s.0
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn step(stage: Stage, incident: Option<&str>, date: Option<&str>) -> StoryStep {
        StoryStep {
            stage,
            incident_id: incident.map(|i| Slug::parse(i).unwrap()),
            claim_id: None,
            date: date.map(|d| d.parse().unwrap()),
            note: None,
        }
    }

    pub fn sample() -> StoryInput {
        StoryInput {
            id: Slug::parse("ai-law").unwrap(),
            title: LocalizedText::ru("Закон об искусственном интеллекте"),
            summary: None,
            kind: StoryKind::Law,
            steps: vec![
                step(Stage::Signed, Some("ai-law-signed"), Some("2025-11-17")),
                step(Stage::InForce, Some("ai-law-in-force"), None),
            ],
            corrections: vec![],
        }
    }

    #[test]
    fn a_valid_story_stands_at_its_last_stage() {
        let s = sample().validate().unwrap();
        assert_eq!(s.stage(), Stage::InForce);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Story>(&json).unwrap(), s);
    }

    #[test]
    fn every_problem_is_reported_with_its_step() {
        let mut bad = sample();
        bad.steps.push(step(Stage::Appeal, None, Some("2025-10")));
        bad.steps.push(step(Stage::Amended, None, None));
        bad.steps[0].claim_id = Some(Slug::parse("some-claim").unwrap());
        let errs = bad.validate().unwrap_err();
        let got: Vec<(&str, &str)> = errs
            .0
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("steps[0].claim_id", "conflict"),
                ("steps[2].stage", "wrong_kind"),
                ("steps[2].date", "out_of_order"),
                ("steps[3].incident_id", "required"),
            ]
        );
        let mut empty = sample();
        empty.steps.clear();
        assert_eq!(empty.validate().unwrap_err().first().field, "steps");
    }
}
