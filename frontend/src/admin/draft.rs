//! The forms' plain data: what the editor typed, before it is a valid `IncidentInput` / `ClaimInput` /
//! `StoryInput`. Ids and
//! dates stay text here until they parse, so a half-typed value is kept and reported next to its field, never
//! dropped. `check` runs the shared crate's `validate()`, the same rules the server applies.

use aqiqat_shared::common::Correction;
use aqiqat_shared::enums::LegalCode;
use aqiqat_shared::{
    Actor, Category, ClaimInput, DateEnd, DatePeriod, FieldError, IncidentInput, Kind, LegalRef,
    LocalizedText, PartialDate, Platform, Precision, Region, Slug, Source, Speaker, Stage,
    StoryInput, StoryKind, StoryStep, Verdict,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndMode {
    None,
    On,
    Ongoing,
}

impl EndMode {
    pub const ALL: [EndMode; 3] = [EndMode::None, EndMode::On, EndMode::Ongoing];

    pub fn as_str(self) -> &'static str {
        match self {
            EndMode::None => "none",
            EndMode::On => "date",
            EndMode::Ongoing => "ongoing",
        }
    }
}

pub fn precision_str(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Year => "year",
    }
}

pub const PRECISIONS: [Precision; 3] = [Precision::Day, Precision::Month, Precision::Year];

/// A date as typed: its precision and the text of the matching input (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRaw {
    pub precision: Precision,
    pub value: String,
}

impl DateRaw {
    /// Today, in the browser's time zone.
    pub fn today() -> DateRaw {
        let d = js_sys::Date::new_0();
        DateRaw {
            precision: Precision::Day,
            value: format!(
                "{:04}-{:02}-{:02}",
                d.get_full_year(),
                d.get_month() + 1,
                d.get_date()
            ),
        }
    }

    /// An empty month, for a period not yet typed.
    pub fn blank_month() -> DateRaw {
        DateRaw {
            precision: Precision::Month,
            value: String::new(),
        }
    }

    pub fn of(d: &PartialDate) -> DateRaw {
        DateRaw {
            precision: d.precision(),
            value: d.to_string(),
        }
    }

    pub fn parse(&self, field: &str) -> Result<PartialDate, FieldError> {
        let v = self.value.trim();
        if v.is_empty() {
            return Err(FieldError::new(field, "required", "a date is required"));
        }
        let d: PartialDate = v.parse().map_err(|e: aqiqat_shared::date::DateError| {
            FieldError::new(field, "invalid_date", e.to_string())
        })?;
        if d.precision() != self.precision {
            return Err(FieldError::new(
                field,
                "invalid_date",
                "the date does not match the chosen precision",
            ));
        }
        Ok(d)
    }

    /// The same date at another precision, keeping the parts that are known (a new part starts at `01`).
    pub fn with_precision(&self, p: Precision) -> DateRaw {
        let v = self.value.trim();
        let part = |from: usize, to: usize| {
            v.get(from..to)
                .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        };
        let value = match (part(0, 4), p) {
            (None, _) => String::new(),
            (Some(y), Precision::Year) => y.to_owned(),
            (Some(y), Precision::Month) => format!("{y}-{}", part(5, 7).unwrap_or("01")),
            (Some(y), Precision::Day) => format!(
                "{y}-{}-{}",
                part(5, 7).unwrap_or("01"),
                part(8, 10).unwrap_or("01")
            ),
        };
        DateRaw {
            precision: p,
            value,
        }
    }
}

fn opt(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_owned())
}

/// An optional localized text: absent when every language is blank.
pub fn opt_text(t: &LocalizedText) -> Option<LocalizedText> {
    let blank = t.ru.trim().is_empty()
        && t.kk.as_deref().is_none_or(|s| s.trim().is_empty())
        && t.en.as_deref().is_none_or(|s| s.trim().is_empty());
    (!blank).then(|| t.clone())
}

pub fn split_tags(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceRaw {
    pub url: String,
    pub outlet: String,
    pub title: String,
    pub date: String,
}

impl SourceRaw {
    pub fn of(s: &Source) -> SourceRaw {
        SourceRaw {
            url: s.url.clone(),
            outlet: s.outlet.clone().unwrap_or_default(),
            title: s.title.clone().unwrap_or_default(),
            date: s.date.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    fn to_source(&self, field: &str, errs: &mut Vec<FieldError>) -> Source {
        let date = match self.date.trim() {
            "" => None,
            d => match d.parse::<PartialDate>() {
                Ok(d) => Some(d),
                Err(e) => {
                    errs.push(FieldError::new(
                        format!("{field}.date"),
                        "invalid_date",
                        e.to_string(),
                    ));
                    None
                }
            },
        };
        Source {
            url: self.url.trim().to_owned(),
            outlet: opt(&self.outlet),
            title: opt(&self.title),
            date,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalRaw {
    pub code: LegalCode,
    pub article: String,
    pub part: String,
    pub law: String,
}

impl LegalRaw {
    pub fn blank() -> LegalRaw {
        LegalRaw {
            code: LegalCode::CriminalCode,
            article: String::new(),
            part: String::new(),
            law: String::new(),
        }
    }

    pub fn of(r: &LegalRef) -> LegalRaw {
        LegalRaw {
            code: r.code,
            article: r.article.clone(),
            part: r.part.clone().unwrap_or_default(),
            law: r.law.clone().unwrap_or_default(),
        }
    }

    fn to_ref(&self) -> LegalRef {
        LegalRef {
            code: self.code,
            article: self.article.clone(),
            part: opt(&self.part),
            law: opt(&self.law),
        }
    }
}

fn parse_id(id: &str, errs: &mut Vec<FieldError>) -> Slug {
    Slug::parse(id.trim()).unwrap_or_else(|e| {
        errs.push(FieldError::new("id", "invalid_id", e.to_string()));
        Slug::from_text("item")
    })
}

/// A stand-in for a date that did not parse, so the other fields are still checked and reported at once.
fn placeholder_date() -> PartialDate {
    PartialDate::year(2000).expect("2000 is within the allowed years")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentRaw {
    pub id: String,
    /// Dated by a period it happened within (`period_from`..`period_to`) instead of `date`.
    pub within: bool,
    pub date: DateRaw,
    pub period_from: DateRaw,
    pub period_to: DateRaw,
    pub end_mode: EndMode,
    pub end: DateRaw,
    pub title: LocalizedText,
    pub summary: LocalizedText,
    pub category: Category,
    pub kind: Kind,
    pub actors: Vec<Actor>,
    pub region: Option<Region>,
    pub city: String,
    pub platforms: Vec<Platform>,
    pub legal_refs: Vec<LegalRaw>,
    pub sources: Vec<SourceRaw>,
    pub tags: String,
    /// Published corrections are kept as they are; a new one is written in the correction note, not here.
    pub corrections: Vec<Correction>,
}

impl IncidentRaw {
    pub fn blank() -> IncidentRaw {
        IncidentRaw {
            id: String::new(),
            within: false,
            date: DateRaw::today(),
            period_from: DateRaw::blank_month(),
            period_to: DateRaw::blank_month(),
            end_mode: EndMode::None,
            end: DateRaw {
                precision: Precision::Day,
                value: String::new(),
            },
            title: LocalizedText::default(),
            summary: LocalizedText::default(),
            category: Category::ALL[0],
            kind: Kind::Other,
            actors: Vec::new(),
            region: None,
            city: String::new(),
            platforms: Vec::new(),
            legal_refs: Vec::new(),
            sources: vec![SourceRaw::default()],
            tags: String::new(),
            corrections: Vec::new(),
        }
    }

    pub fn of(i: &IncidentInput) -> IncidentRaw {
        let (end_mode, end) = match i.end_date {
            None => (EndMode::None, None),
            Some(DateEnd::Ongoing) => (EndMode::Ongoing, None),
            Some(DateEnd::On(d)) => (EndMode::On, Some(DateRaw::of(&d))),
        };
        let start = i.date.or(i.period.map(|p| p.from));
        IncidentRaw {
            id: i.id.to_string(),
            within: i.period.is_some(),
            date: i.date.as_ref().map_or_else(DateRaw::today, DateRaw::of),
            period_from: i
                .period
                .map_or_else(DateRaw::blank_month, |p| DateRaw::of(&p.from)),
            period_to: i
                .period
                .map_or_else(DateRaw::blank_month, |p| DateRaw::of(&p.to)),
            end_mode,
            end: end.unwrap_or(DateRaw {
                precision: start.map_or(Precision::Day, |d| d.precision()),
                value: String::new(),
            }),
            title: i.title.clone(),
            summary: i.summary.clone(),
            category: i.category,
            kind: i.kind,
            actors: i.actors.clone(),
            region: i.region,
            city: i.city.clone().unwrap_or_default(),
            platforms: i.platforms.clone(),
            legal_refs: i.legal_refs.iter().map(LegalRaw::of).collect(),
            sources: i.sources.iter().map(SourceRaw::of).collect(),
            tags: i.tags.join(", "),
            corrections: i.corrections.clone(),
        }
    }

    /// The incident to send, or every problem with its field path (`title.ru`, `sources[2].url`, ...).
    pub fn check(&self) -> Result<IncidentInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let id = parse_id(&self.id, &mut errs);
        let mut date_ok = true;
        let mut parse = |raw: &DateRaw, field: &str| {
            raw.parse(field).unwrap_or_else(|e| {
                errs.push(e);
                date_ok = false;
                placeholder_date()
            })
        };
        let (date, period) = if self.within {
            let from = parse(&self.period_from, "period.from");
            let to = parse(&self.period_to, "period.to");
            (None, Some(DatePeriod { from, to }))
        } else {
            (Some(parse(&self.date, "date")), None)
        };
        let end_date = match self.end_mode {
            EndMode::None => None,
            EndMode::Ongoing => Some(DateEnd::Ongoing),
            EndMode::On => match self.end.parse("end_date") {
                Ok(d) => Some(DateEnd::On(d)),
                Err(e) => {
                    errs.push(e);
                    None
                }
            },
        };
        let sources = self
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| s.to_source(&format!("sources[{i}]"), &mut errs))
            .collect();
        let input = IncidentInput {
            id,
            date,
            period,
            end_date,
            title: self.title.clone(),
            summary: self.summary.clone(),
            category: self.category,
            kind: self.kind,
            actors: self.actors.clone(),
            region: self.region,
            city: opt(&self.city),
            platforms: self.platforms.clone(),
            legal_refs: self.legal_refs.iter().map(LegalRaw::to_ref).collect(),
            sources,
            tags: split_tags(&self.tags),
            corrections: self.corrections.clone(),
        };
        match input.validate() {
            Ok(valid) if errs.is_empty() => Ok(valid.into_input()),
            Ok(_) => Err(errs),
            Err(v) => {
                // With the start date unknown, "ends before it starts" would be about the stand-in.
                errs.extend(
                    v.0.into_iter().filter(|e| {
                        date_ok || !matches!(e.field.as_str(), "end_date" | "period.to")
                    }),
                );
                Err(errs)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRaw {
    pub id: String,
    pub date: DateRaw,
    pub quote: LocalizedText,
    pub speaker_name: LocalizedText,
    pub speaker_position: LocalizedText,
    pub speaker_organisation: LocalizedText,
    pub said_at: SourceRaw,
    pub category: Category,
    pub verdict: Option<Verdict>,
    pub explanation: LocalizedText,
    pub evidence: Vec<SourceRaw>,
    pub incident_ids: Vec<String>,
    pub tags: String,
    pub corrections: Vec<Correction>,
}

impl ClaimRaw {
    pub fn blank() -> ClaimRaw {
        ClaimRaw {
            id: String::new(),
            date: DateRaw::today(),
            quote: LocalizedText::default(),
            speaker_name: LocalizedText::default(),
            speaker_position: LocalizedText::default(),
            speaker_organisation: LocalizedText::default(),
            said_at: SourceRaw::default(),
            category: Category::ALL[0],
            verdict: None,
            explanation: LocalizedText::default(),
            evidence: Vec::new(),
            incident_ids: Vec::new(),
            tags: String::new(),
            corrections: Vec::new(),
        }
    }

    pub fn of(c: &ClaimInput) -> ClaimRaw {
        ClaimRaw {
            id: c.id.to_string(),
            date: DateRaw::of(&c.date),
            quote: c.quote.clone(),
            speaker_name: c.speaker.name.clone(),
            speaker_position: c.speaker.position.clone().unwrap_or_default(),
            speaker_organisation: c.speaker.organisation.clone().unwrap_or_default(),
            said_at: SourceRaw::of(&c.said_at),
            category: c.category,
            verdict: c.verdict,
            explanation: c.explanation.clone().unwrap_or_default(),
            evidence: c.evidence.iter().map(SourceRaw::of).collect(),
            incident_ids: c.incident_ids.iter().map(ToString::to_string).collect(),
            tags: c.tags.join(", "),
            corrections: c.corrections.clone(),
        }
    }

    pub fn check(&self) -> Result<ClaimInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let id = parse_id(&self.id, &mut errs);
        let date = self.date.parse("date").unwrap_or_else(|e| {
            errs.push(e);
            placeholder_date()
        });
        let said_at = self.said_at.to_source("said_at", &mut errs);
        let evidence = self
            .evidence
            .iter()
            .enumerate()
            .map(|(i, s)| s.to_source(&format!("evidence[{i}]"), &mut errs))
            .collect();
        let mut incident_ids = Vec::new();
        for (i, id) in self.incident_ids.iter().enumerate() {
            match Slug::parse(id) {
                Ok(s) => incident_ids.push(s),
                Err(e) => errs.push(FieldError::new(
                    format!("incident_ids[{i}]"),
                    "invalid_id",
                    e.to_string(),
                )),
            }
        }
        let input = ClaimInput {
            id,
            date,
            quote: self.quote.clone(),
            speaker: Speaker {
                name: self.speaker_name.clone(),
                position: opt_text(&self.speaker_position),
                organisation: opt_text(&self.speaker_organisation),
            },
            said_at,
            category: self.category,
            verdict: self.verdict,
            explanation: opt_text(&self.explanation),
            evidence,
            incident_ids,
            tags: split_tags(&self.tags),
            corrections: self.corrections.clone(),
        };
        match input.validate() {
            Ok(valid) if errs.is_empty() => Ok(valid.into_input()),
            Ok(_) => Err(errs),
            Err(v) => {
                errs.extend(v.0);
                Err(errs)
            }
        }
    }
}

/// Which item a story step links, as chosen in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Incident,
    Claim,
    None,
}

impl LinkKind {
    pub const ALL: [LinkKind; 3] = [LinkKind::Incident, LinkKind::Claim, LinkKind::None];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Incident => "incident",
            LinkKind::Claim => "claim",
            LinkKind::None => "none",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRaw {
    pub stage: Stage,
    pub link: LinkKind,
    /// The linked incident's or claim's id, as typed.
    pub item_id: String,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or empty.
    pub date: String,
    pub note: LocalizedText,
}

impl StepRaw {
    pub fn blank(kind: StoryKind) -> StepRaw {
        StepRaw {
            stage: kind.stages().next().unwrap_or(Stage::CaseOpened),
            link: LinkKind::Incident,
            item_id: String::new(),
            date: String::new(),
            note: LocalizedText::default(),
        }
    }

    pub fn of(s: &StoryStep) -> StepRaw {
        let (link, item_id) = match (&s.incident_id, &s.claim_id) {
            (Some(i), _) => (LinkKind::Incident, i.to_string()),
            (None, Some(c)) => (LinkKind::Claim, c.to_string()),
            (None, None) => (LinkKind::None, String::new()),
        };
        StepRaw {
            stage: s.stage,
            link,
            item_id,
            date: s.date.map(|d| d.to_string()).unwrap_or_default(),
            note: s.note.clone().unwrap_or_default(),
        }
    }

    fn to_step(&self, field: &str, errs: &mut Vec<FieldError>) -> StoryStep {
        let mut id = |name: &str| match Slug::parse(self.item_id.trim()) {
            Ok(s) => Some(s),
            Err(e) => {
                errs.push(FieldError::new(
                    format!("{field}.{name}"),
                    "invalid_id",
                    e.to_string(),
                ));
                None
            }
        };
        let (incident_id, claim_id) = match self.link {
            LinkKind::Incident => (id("incident_id"), None),
            LinkKind::Claim => (None, id("claim_id")),
            LinkKind::None => (None, None),
        };
        let date = match self.date.trim() {
            "" => None,
            d => match d.parse::<PartialDate>() {
                Ok(d) => Some(d),
                Err(e) => {
                    errs.push(FieldError::new(
                        format!("{field}.date"),
                        "invalid_date",
                        e.to_string(),
                    ));
                    None
                }
            },
        };
        StoryStep {
            stage: self.stage,
            incident_id,
            claim_id,
            date,
            note: opt_text(&self.note),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRaw {
    pub id: String,
    pub title: LocalizedText,
    pub summary: LocalizedText,
    pub kind: StoryKind,
    pub steps: Vec<StepRaw>,
    pub corrections: Vec<Correction>,
}

impl StoryRaw {
    pub fn blank() -> StoryRaw {
        StoryRaw {
            id: String::new(),
            title: LocalizedText::default(),
            summary: LocalizedText::default(),
            kind: StoryKind::CourtCase,
            steps: vec![StepRaw::blank(StoryKind::CourtCase)],
            corrections: Vec::new(),
        }
    }

    pub fn of(s: &StoryInput) -> StoryRaw {
        StoryRaw {
            id: s.id.to_string(),
            title: s.title.clone(),
            summary: s.summary.clone().unwrap_or_default(),
            kind: s.kind,
            steps: s.steps.iter().map(StepRaw::of).collect(),
            corrections: s.corrections.clone(),
        }
    }

    pub fn check(&self) -> Result<StoryInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let id = parse_id(&self.id, &mut errs);
        let steps = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| s.to_step(&format!("steps[{i}]"), &mut errs))
            .collect();
        let input = StoryInput {
            id,
            title: self.title.clone(),
            summary: opt_text(&self.summary),
            kind: self.kind,
            steps,
            corrections: self.corrections.clone(),
        };
        match input.validate() {
            Ok(valid) if errs.is_empty() => Ok(valid.into_input()),
            Ok(_) => Err(errs),
            Err(v) => {
                // A step whose id did not parse is not also "missing a link".
                let step_of = |f: &str| f.split('.').next().unwrap_or_default().to_owned();
                let bad: Vec<String> = errs.iter().map(|e| step_of(&e.field)).collect();
                errs.extend(
                    v.0.into_iter()
                        .filter(|e| !(e.code == "required" && bad.contains(&step_of(&e.field)))),
                );
                Err(errs)
            }
        }
    }
}
