//! An incident: one event of the monitoring digest (a blocking, a leak, a court case, a new law...).

use std::ops::Deref;

use serde::{Deserialize, Serialize};

use crate::common::{
    Correction, Slug, Source, normalize_corrections, normalize_sources, normalize_tags, trim_opt,
};
use crate::date::{DateEnd, PartialDate, span_bounds};
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
    /// When it happened (or began).
    pub date: PartialDate,
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
        if let Some(DateEnd::On(end)) = &self.end_date
            && end.last_day() < self.date.first_day()
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

    /// `(first day, last day)` the incident covers, for date-range filters.
    pub fn bounds(&self) -> (String, String) {
        span_bounds(&self.0.date, self.0.end_date.as_ref())
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
            date: "2025-12-10".parse().unwrap(),
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
