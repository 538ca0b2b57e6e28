//! An incident: one event of the monitoring digest (a blocking, a leak, a court case, a new law...).

use std::ops::Deref;

use serde::{Deserialize, Serialize};

use crate::common::{
    Correction, Slug, Source, normalize_corrections, normalize_sources, normalize_tags, trim_opt,
};
use crate::date::{DateEnd, DatePeriod, PartialDate, first_month, last_month};
use crate::enums::{ActorRole, Category, Kind, LegalCode, Platform, Region};
use crate::error::{Issues, ValidationErrors};
use crate::i18n::{Lang, LocalizedText};

/// A person or organisation involved, and in what role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: LocalizedText,
    pub role: ActorRole,
}

/// A reference to an article of a code or law, e.g. Criminal Code art. 174, Administrative Code art. 456-2 part 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalRef {
    pub code: LegalCode,
    pub article: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// The law's name, required when `code` is `law` (e.g. «О связи»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law: Option<String>,
}

impl LegalRef {
    /// A human reading, e.g. `УК РК, ст. 174` or `Закон «О связи», ст. 41-1`.
    pub fn display(&self, lang: Lang) -> String {
        let (art, part) = match lang {
            Lang::Ru => ("ст.", "ч."),
            Lang::Kk => ("бап", "бөлік"),
            Lang::En => ("art.", "part"),
        };
        let code = match (&self.law, self.code) {
            (Some(law), LegalCode::Law) => format!("{} «{law}»", self.code.label(lang)),
            _ => self.code.label(lang).to_owned(),
        };
        let mut s = if lang == Lang::Kk {
            format!("{code}, {} {art}", self.article)
        } else {
            format!("{code}, {art} {}", self.article)
        };
        if let Some(p) = &self.part {
            if lang == Lang::Kk {
                s.push_str(&format!(", {p} {part}"));
            } else {
                s.push_str(&format!(", {part} {p}"));
            }
        }
        s
    }

    fn normalize(&mut self, field: &str, issues: &mut Issues) {
        self.article = self.article.trim().to_owned();
        let article_ok = !self.article.is_empty()
            && self.article.len() <= 20
            && self
                .article
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !article_ok {
            issues.add(
                format!("{field}.article"),
                "invalid_article",
                "an article number such as 174 or 456-2",
            );
        }
        trim_opt(&mut self.part, &format!("{field}.part"), 20, issues);
        trim_opt(&mut self.law, &format!("{field}.law"), 200, issues);
        if self.code == LegalCode::Law && self.law.is_none() {
            issues.add(
                format!("{field}.law"),
                "required",
                "name the law this article belongs to",
            );
        }
    }
}

/// An incident as an editor writes it; not yet checked. Make an [`Incident`] from it to use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentInput {
    pub id: Slug,
    /// When it happened (or began): a day, a month or a year. Absent when only a `period` is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Sometime within these months or days, when the incident's own date is not known (e.g. the period of the
    /// digest that reported it). An incident has a `date` or a `period`, never both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<DatePeriod>,
    /// When it ended, or `ongoing`; absent for a one-off event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<DateEnd>,
    pub title: LocalizedText,
    pub summary: LocalizedText,
    pub category: Category,
    pub kind: Kind,
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default)]
    pub platforms: Vec<Platform>,
    #[serde(default)]
    pub legal_refs: Vec<LegalRef>,
    pub sources: Vec<Source>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

pub const TITLE_MAX: usize = 300;
pub const SUMMARY_MAX: usize = 5000;

impl IncidentInput {
    /// Checks every field and normalizes it (trims text, dedupes lists). All problems are reported at once.
    pub fn validate(mut self) -> Result<Incident, ValidationErrors> {
        let mut issues = Issues::default();
        match (&self.date, &self.period) {
            (None, None) => issues.add(
                "date",
                "required",
                "a date (a day, a month or a year), or a period it happened within",
            ),
            (Some(_), Some(_)) => issues.add(
                "period",
                "conflict",
                "give a date or a period it happened within, not both",
            ),
            (None, Some(p)) => {
                if let Err(e) = p.check() {
                    issues.add("period.to", "before_start", e.to_string());
                }
            }
            (Some(_), None) => {}
        }
        let start = self.date.or(self.period.map(|p| p.from));
        if let (Some(DateEnd::On(end)), Some(start)) = (&self.end_date, start)
            && end.last_day() < start.first_day()
        {
            issues.add(
                "end_date",
                "before_start",
                "the end date is before the start date",
            );
        }
        self.title.normalize("title", TITLE_MAX, &mut issues);
        self.summary.normalize("summary", SUMMARY_MAX, &mut issues);
        if self.actors.len() > 30 {
            issues.add("actors", "too_many", "at most 30 actors");
        }
        for (i, a) in self.actors.iter_mut().enumerate() {
            a.name
                .normalize(&format!("actors[{i}].name"), 200, &mut issues);
        }
        trim_opt(&mut self.city, "city", 100, &mut issues);
        let mut seen = Vec::new();
        self.platforms.retain(|p| {
            if seen.contains(p) {
                false
            } else {
                seen.push(*p);
                true
            }
        });
        if self.legal_refs.len() > 20 {
            issues.add("legal_refs", "too_many", "at most 20 legal references");
        }
        for (i, r) in self.legal_refs.iter_mut().enumerate() {
            r.normalize(&format!("legal_refs[{i}]"), &mut issues);
        }
        normalize_sources(&mut self.sources, "sources", 1, &mut issues);
        normalize_tags(&mut self.tags, "tags", &mut issues);
        normalize_corrections(&mut self.corrections, "corrections", &mut issues);
        issues.into_result(Incident(self))
    }
}

/// A checked incident: holding one means every field is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "IncidentInput", into = "IncidentInput")]
pub struct Incident(IncidentInput);

impl Incident {
    pub fn into_input(self) -> IncidentInput {
        self.0
    }

    /// The date the incident is known by: its own, or the start of the period it happened within.
    pub fn start(&self) -> PartialDate {
        match (self.0.date, self.0.period) {
            (Some(d), _) => d,
            (None, Some(p)) => p.from,
            (None, None) => unreachable!("validate() requires a date or a period"),
        }
    }

    /// The last date the incident may have happened on (not when it ended: see `end_date`).
    fn latest(&self) -> PartialDate {
        self.0.period.map_or_else(|| self.start(), |p| p.to)
    }

    /// `(first day, last day)` the incident may cover, for date-range filters: from the first day it may have
    /// happened on to the day it ended (`9999-12-31` while ongoing), or else the last day it may have happened on.
    pub fn bounds(&self) -> (String, String) {
        let hi = match self.0.end_date {
            Some(DateEnd::On(d)) => d.last_day().max(self.latest().last_day()),
            Some(DateEnd::Ongoing) => "9999-12-31".to_owned(),
            None => self.latest().last_day(),
        };
        (self.start().first_day(), hi)
    }

    /// `(first month, last month)` as `YYYY-MM` in which the incident may have happened: one month when its date
    /// is a day or a month, several for a year or a period. Where the timeline places it.
    pub fn months(&self) -> (String, String) {
        (first_month(&self.start()), last_month(&self.latest()))
    }

    /// The key lists are ordered by (see [`PartialDate::sort_key`]): a period sorts by its start.
    pub fn sort_key(&self) -> String {
        self.start().sort_key()
    }

    /// Every text a reader could search for, in all languages, each with its language where it has one.
    pub fn search_text<'a>(&'a self) -> Vec<(Option<Lang>, &'a str)> {
        let i = &self.0;
        let mut parts: Vec<(Option<Lang>, &'a str)> = Vec::new();
        let mut localized = |t: &'a LocalizedText| {
            parts.extend(t.each().map(|(l, s)| (Some(l), s)));
        };
        localized(&i.title);
        localized(&i.summary);
        for a in &i.actors {
            localized(&a.name);
        }
        parts.extend(i.city.as_deref().map(|c| (None, c)));
        parts.extend(i.tags.iter().map(|t| (None, t.as_str())));
        for s in &i.sources {
            parts.extend(s.outlet.as_deref().map(|o| (None, o)));
        }
        parts
    }
}

impl Deref for Incident {
    type Target = IncidentInput;
    fn deref(&self) -> &IncidentInput {
        &self.0
    }
}

impl TryFrom<IncidentInput> for Incident {
    type Error = ValidationErrors;
    fn try_from(i: IncidentInput) -> Result<Self, ValidationErrors> {
        i.validate()
    }
}

impl From<Incident> for IncidentInput {
    fn from(i: Incident) -> Self {
        i.0
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample() -> IncidentInput {
        IncidentInput {
            id: Slug::parse("vlast-ddos-2025-12").unwrap(),
            date: Some("2025-12-10".parse().unwrap()),
            period: None,
            end_date: None,
            title: LocalizedText::ru("Сайт «Власти» под DDoS-атакой")
                .with(Lang::En, "Vlast.kz under DDoS"),
            summary: LocalizedText::ru("Атаки продолжаются четвёртую неделю."),
            category: Category::FreedomOfExpression,
            kind: Kind::Ddos,
            actors: vec![Actor {
                name: LocalizedText::ru("Власть"),
                role: ActorRole::MediaOutlet,
            }],
            region: Some(Region::Almaty),
            city: None,
            platforms: vec![Platform::Website, Platform::Website],
            legal_refs: vec![],
            sources: vec![Source::url(
                "https://factcheck.kz/novosti/sayt-izdaniya-vlast/",
            )],
            tags: vec!["DDoS".into()],
            corrections: vec![],
        }
    }

    #[test]
    fn valid_incident_is_normalized() {
        let inc = sample().validate().unwrap();
        assert_eq!(inc.platforms, [Platform::Website]);
        assert_eq!(inc.tags, ["ddos"]);
        assert_eq!(inc.bounds(), ("2025-12-10".into(), "2025-12-10".into()));
    }

    #[test]
    fn an_incident_is_dated_by_a_date_or_a_period() {
        let mut within = sample();
        within.date = None;
        within.period = Some(DatePeriod {
            from: "2025-08".parse().unwrap(),
            to: "2026-01".parse().unwrap(),
        });
        let inc = within.clone().validate().unwrap();
        assert_eq!(inc.bounds(), ("2025-08-01".into(), "2026-01-31".into()));
        assert_eq!(inc.months(), ("2025-08".into(), "2026-01".into()));
        assert_eq!(inc.sort_key(), "2025-08-00");
        let mut ongoing = within.clone();
        ongoing.end_date = Some(DateEnd::Ongoing);
        assert_eq!(ongoing.validate().unwrap().bounds().1, "9999-12-31");
        // The months of a span are those it began in: it is placed where it started.
        let mut span = sample();
        span.end_date = Some(DateEnd::On("2026-02".parse().unwrap()));
        let span = span.validate().unwrap();
        assert_eq!(span.months(), ("2025-12".into(), "2025-12".into()));
        assert_eq!(span.bounds().1, "2026-02-28");
        let mut year = sample();
        year.date = Some("2023".parse().unwrap());
        assert_eq!(
            year.validate().unwrap().months(),
            ("2023-01".into(), "2023-12".into())
        );

        let mut neither = sample();
        neither.date = None;
        assert_eq!(
            (neither.validate().unwrap_err().first().field.as_str()),
            "date"
        );
        let mut both = within.clone();
        both.date = Some("2025-09".parse().unwrap());
        assert_eq!(both.validate().unwrap_err().first().code, "conflict");
        let mut reversed = within.clone();
        reversed.period = Some(DatePeriod {
            from: "2026-01".parse().unwrap(),
            to: "2025-08".parse().unwrap(),
        });
        assert_eq!(reversed.validate().unwrap_err().first().field, "period.to");
        let mut ends_early = within;
        ends_early.end_date = Some(DateEnd::On("2025-07".parse().unwrap()));
        assert_eq!(ends_early.validate().unwrap_err().first().field, "end_date");
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut bad = sample();
        bad.title.ru = " ".into();
        bad.sources = vec![Source::url("not a url")];
        bad.end_date = Some(DateEnd::On("2025-11".parse().unwrap()));
        bad.legal_refs = vec![LegalRef {
            code: LegalCode::Law,
            article: "41-1".into(),
            part: None,
            law: None,
        }];
        let errs = bad.validate().unwrap_err();
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "end_date",
                "title.ru",
                "legal_refs[0].law",
                "sources[0].url"
            ]
        );
        assert_eq!(errs.for_field("sources").count(), 1);
    }

    #[test]
    fn sources_are_required_and_unique() {
        let mut bad = sample();
        bad.sources.clear();
        assert_eq!(bad.validate().unwrap_err().first().field, "sources");
        let mut dup = sample();
        dup.sources.push(dup.sources[0].clone());
        assert_eq!(dup.validate().unwrap_err().first().code, "duplicate");
    }

    #[test]
    fn serde_round_trip_validates() {
        let inc = sample().validate().unwrap();
        let json = serde_json::to_string(&inc).unwrap();
        let back: Incident = serde_json::from_str(&json).unwrap();
        assert_eq!(back, inc);
        let broken = json.replace(
            "\"category\":\"freedom_of_expression\"",
            "\"category\":\"politics\"",
        );
        assert!(serde_json::from_str::<Incident>(&broken).is_err());
        let no_ru = json.replace("\"ru\":\"Сайт «Власти» под DDoS-атакой\"", "\"ru\":\"\"");
        let err = serde_json::from_str::<Incident>(&no_ru)
            .unwrap_err()
            .to_string();
        assert!(err.contains("title.ru"), "{err}");
    }

    #[test]
    fn legal_refs_read_naturally() {
        let r = LegalRef {
            code: LegalCode::AdministrativeCode,
            article: "456-2".into(),
            part: Some("3".into()),
            law: None,
        };
        assert_eq!(r.display(Lang::Ru), "КоАП РК, ст. 456-2, ч. 3");
        assert_eq!(
            r.display(Lang::En),
            "Code of Administrative Offences, art. 456-2, part 3"
        );
        let l = LegalRef {
            code: LegalCode::Law,
            article: "41-1".into(),
            part: None,
            law: Some("О связи".into()),
        };
        assert_eq!(l.display(Lang::Ru), "Закон «О связи», ст. 41-1");
    }
}
