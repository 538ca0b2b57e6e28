//! The reader's filter: one definition for the API's query string and the widget's URL, so that a filter means
//! the same on both sides. Lists are comma-separated (`category=personal_data,cybersecurity`).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::common::Slug;
use crate::date::PartialDate;
use crate::enums::{Category, Kind, Platform, Region, Stage, UnknownValue, Verdict};
use crate::error::FieldError;
use crate::i18n::Lang;

pub const Q_MAX_CHARS: usize = 200;
pub const LIMIT_DEFAULT: u32 = 20;
pub const LIMIT_MAX: u32 = 100;
const LIST_MAX: usize = 30;

/// The query string as it arrives: every value still text. [`ListQuery::parse`] checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// `any` (items that are a step of a published story) or a story's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// Stages (comma-separated): items that are a step of one of these stages in a published story.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// The data version the client knows (`/api/v1/version`): a cache key, so that caches may keep versioned
    /// answers long and a publish still reaches readers at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v: Option<String>,
}

/// A verdict filter value: a rating, or `unrated` for claims not yet fact-checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerdictFilter {
    Rated(Verdict),
    Unrated,
}

impl VerdictFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictFilter::Rated(v) => v.as_str(),
            VerdictFilter::Unrated => "unrated",
        }
    }

    pub fn of(verdict: Option<Verdict>) -> VerdictFilter {
        verdict.map_or(VerdictFilter::Unrated, VerdictFilter::Rated)
    }
}

impl FromStr for VerdictFilter {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, UnknownValue> {
        if s == "unrated" {
            return Ok(VerdictFilter::Unrated);
        }
        s.parse()
            .map(VerdictFilter::Rated)
            .map_err(|mut e: UnknownValue| {
                e.expected.push_str(", unrated");
                e
            })
    }
}

/// Which stories an item must be a step of.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StoryFilter {
    /// Any published story.
    Any,
    /// This published story.
    Id(Slug),
}

impl StoryFilter {
    pub fn as_str(&self) -> &str {
        match self {
            StoryFilter::Any => "any",
            StoryFilter::Id(id) => id.as_str(),
        }
    }
}

/// What a reader filters by. Empty lists and `None` mean "any".
///
/// For incidents: `category`, `kind`, `region`, `platform` and the date range apply to the incident itself;
/// `verdict` keeps incidents with a published linked claim of that verdict. For claims: `category`, `verdict` and
/// the date range apply to the claim; `kind`, `region` and `platform` keep claims linked to a matching incident.
/// For both, `story` and `stages` keep items that are themselves a step (of one of those stages) of a published
/// story. A date range keeps items that may have happened within it: their date, period or span overlaps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub categories: Vec<Category>,
    pub kinds: Vec<Kind>,
    pub regions: Vec<Region>,
    pub platforms: Vec<Platform>,
    pub verdicts: Vec<VerdictFilter>,
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
    pub q: Option<String>,
    pub story: Option<StoryFilter>,
    pub stages: Vec<Stage>,
}

/// A list request: the filter, the language of texts, and paging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub filter: Filter,
    pub lang: Lang,
    pub limit: u32,
    pub cursor: Option<String>,
    /// The data version the client knows, if any (see [`RawQuery::v`]).
    pub data_version: Option<u64>,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            filter: Filter::default(),
            lang: Lang::Ru,
            limit: LIMIT_DEFAULT,
            cursor: None,
            data_version: None,
        }
    }
}

fn parse_list<T: FromStr<Err = UnknownValue> + PartialEq>(
    field: &str,
    raw: Option<&str>,
) -> Result<Vec<T>, FieldError> {
    let mut out = Vec::new();
    for part in raw
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let v = part
            .parse::<T>()
            .map_err(|e| FieldError::new(field, "unknown_value", e.to_string()))?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    if out.len() > LIST_MAX {
        return Err(FieldError::new(
            field,
            "too_many_values",
            format!("at most {LIST_MAX} values"),
        ));
    }
    Ok(out)
}

fn parse_date(field: &str, raw: Option<&str>) -> Result<Option<PartialDate>, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|e: crate::date::DateError| {
            FieldError::new(field, "invalid_date", e.to_string())
        }),
    }
}

impl Filter {
    pub fn parse(raw: &RawQuery) -> Result<Filter, FieldError> {
        let from = parse_date("from", raw.from.as_deref())?;
        let to = parse_date("to", raw.to.as_deref())?;
        if let (Some(f), Some(t)) = (&from, &to)
            && f.first_day() > t.last_day()
        {
            return Err(FieldError::new(
                "to",
                "invalid_date_range",
                format!("the range ends ({t}) before it starts ({f})"),
            ));
        }
        let q = raw
            .q
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        if let Some(q) = &q
            && q.chars().count() > Q_MAX_CHARS
        {
            return Err(FieldError::new(
                "q",
                "query_too_long",
                format!("the search text is at most {Q_MAX_CHARS} characters"),
            ));
        }
        let story = match raw
            .story
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some("any") => Some(StoryFilter::Any),
            Some(id) => Some(StoryFilter::Id(Slug::parse(id).map_err(|_| {
                FieldError::new("story", "invalid_story", "story is `any` or a story's id")
            })?)),
        };
        Ok(Filter {
            categories: parse_list("category", raw.category.as_deref())?,
            kinds: parse_list("kind", raw.kind.as_deref())?,
            regions: parse_list("region", raw.region.as_deref())?,
            platforms: parse_list("platform", raw.platform.as_deref())?,
            verdicts: parse_list("verdict", raw.verdict.as_deref())?,
            from,
            to,
            q,
            story,
            stages: parse_list("stage", raw.stage.as_deref())?,
        })
    }

    /// The range as `(first day, last day)` text bounds; open ends are `None`.
    pub fn day_bounds(&self) -> (Option<String>, Option<String>) {
        (
            self.from.map(|d| d.first_day()),
            self.to.map(|d| d.last_day()),
        )
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// This filter without its date range: what the reader views' timeline draws, so that a chosen month or
    /// period stands out among the others instead of being all there is.
    pub fn without_dates(&self) -> Filter {
        Filter {
            from: None,
            to: None,
            ..self.clone()
        }
    }

    /// This filter without one dimension, for facet counts that show the alternatives to a chosen value.
    pub fn without(&self, facet: Facet) -> Filter {
        let mut f = self.clone();
        match facet {
            Facet::Category => f.categories.clear(),
            Facet::Kind => f.kinds.clear(),
            Facet::Region => f.regions.clear(),
            Facet::Platform => f.platforms.clear(),
            Facet::Verdict => f.verdicts.clear(),
            Facet::Stage => f.stages.clear(),
        }
        f
    }

    /// Back to the query-string form (canonical order, lists comma-joined).
    pub fn to_raw(&self) -> RawQuery {
        fn join<T>(v: &[T], f: impl Fn(&T) -> &'static str) -> Option<String> {
            if v.is_empty() {
                None
            } else {
                Some(v.iter().map(f).collect::<Vec<_>>().join(","))
            }
        }
        RawQuery {
            category: join(&self.categories, |c| c.as_str()),
            kind: join(&self.kinds, |k| k.as_str()),
            region: join(&self.regions, |r| r.as_str()),
            platform: join(&self.platforms, |p| p.as_str()),
            verdict: join(&self.verdicts, |v| v.as_str()),
            from: self.from.map(|d| d.to_string()),
            to: self.to.map(|d| d.to_string()),
            q: self.q.clone(),
            story: self.story.as_ref().map(|s| s.as_str().to_owned()),
            stage: join(&self.stages, |s| s.as_str()),
            ..RawQuery::default()
        }
    }
}

/// The dimensions that have facet counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Category,
    Kind,
    Region,
    Platform,
    Verdict,
    Stage,
}

impl ListQuery {
    pub fn parse(raw: &RawQuery) -> Result<ListQuery, FieldError> {
        let filter = Filter::parse(raw)?;
        let lang = match raw.lang.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Lang::Ru,
            Some(s) => Lang::parse(s).ok_or_else(|| {
                FieldError::new(
                    "lang",
                    "unknown_value",
                    format!("unknown language {s:?}; expected ru, kk or en"),
                )
            })?,
        };
        let limit = match raw
            .limit
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => LIMIT_DEFAULT,
            Some(s) => match s.parse::<u32>() {
                Ok(n) if (1..=LIMIT_MAX).contains(&n) => n,
                _ => {
                    return Err(FieldError::new(
                        "limit",
                        "invalid_limit",
                        format!(
                            "limit is a whole number from 1 to {LIMIT_MAX}, got {:?}",
                            s.chars().take(20).collect::<String>()
                        ),
                    ));
                }
            },
        };
        let cursor = raw
            .cursor
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let data_version = match raw.v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(s.parse::<u64>().map_err(|_| {
                FieldError::new(
                    "v",
                    "invalid_version",
                    "v is the whole number /api/v1/version gave",
                )
            })?),
        };
        Ok(ListQuery {
            filter,
            lang,
            limit,
            cursor,
            data_version,
        })
    }

    pub fn parse_query_string(qs: &str) -> Result<ListQuery, FieldError> {
        let raw: RawQuery = serde_urlencoded::from_str(qs.trim_start_matches('?'))
            .map_err(|e| FieldError::new("query", "invalid_query", e.to_string()))?;
        ListQuery::parse(&raw)
    }

    pub fn to_raw(&self) -> RawQuery {
        let mut raw = self.filter.to_raw();
        if self.lang != Lang::Ru {
            raw.lang = Some(self.lang.as_str().to_owned());
        }
        if self.limit != LIMIT_DEFAULT {
            raw.limit = Some(self.limit.to_string());
        }
        raw.cursor = self.cursor.clone();
        raw.v = self.data_version.map(|v| v.to_string());
        raw
    }

    /// The canonical query string (without `?`); empty for the default query.
    pub fn to_query_string(&self) -> String {
        serde_urlencoded::to_string(self.to_raw()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(qs: &str) -> Result<ListQuery, FieldError> {
        ListQuery::parse_query_string(qs)
    }

    #[test]
    fn parses_every_filter() {
        let q = parse("category=personal_data,cybersecurity&kind=data_leak&region=almaty&platform=telegram&verdict=false,unrated&from=2025-08&to=2026-01-31&q=%D1%83%D1%82%D0%B5%D1%87%D0%BA%D0%B0&lang=kk&limit=50&cursor=abc").unwrap();
        assert_eq!(
            q.filter.categories,
            [Category::PersonalData, Category::Cybersecurity]
        );
        assert_eq!(q.filter.kinds, [Kind::DataLeak]);
        assert_eq!(q.filter.regions, [Region::Almaty]);
        assert_eq!(q.filter.platforms, [Platform::Telegram]);
        assert_eq!(
            q.filter.verdicts,
            [VerdictFilter::Rated(Verdict::False), VerdictFilter::Unrated]
        );
        assert_eq!(
            q.filter.day_bounds(),
            (Some("2025-08-01".into()), Some("2026-01-31".into()))
        );
        assert_eq!(q.filter.q.as_deref(), Some("утечка"));
        assert_eq!(
            (q.lang, q.limit, q.cursor.as_deref()),
            (Lang::Kk, 50, Some("abc"))
        );
    }

    #[test]
    fn story_filters_parse_and_round_trip() {
        let q = parse("story=any&stage=appeal,first_instance_ruling,appeal").unwrap();
        assert_eq!(q.filter.story, Some(StoryFilter::Any));
        assert_eq!(q.filter.stages, [Stage::Appeal, Stage::FirstInstanceRuling]);
        assert_eq!(parse(&q.to_query_string()).unwrap(), q);
        let one = parse("story=ai-law").unwrap();
        assert_eq!(
            one.filter.story,
            Some(StoryFilter::Id(Slug::parse("ai-law").unwrap()))
        );
        assert_eq!(parse(&one.to_query_string()).unwrap(), one);
        assert!(one.filter.without(Facet::Stage).story.is_some());
    }

    #[test]
    fn round_trips_through_the_query_string() {
        let q =
            parse("verdict=unrated&category=court_cases&q=%D0%B0+%D0%B1&lang=en&limit=5").unwrap();
        let again = parse(&q.to_query_string()).unwrap();
        assert_eq!(again, q);
        assert_eq!(ListQuery::default().to_query_string(), "");
    }

    #[test]
    fn bad_input_names_the_field() {
        let cases = [
            ("category=politics", "category", "unknown_value"),
            ("verdict=maybe", "verdict", "unknown_value"),
            ("from=2025-13", "from", "invalid_date"),
            ("from=2026-01&to=2025-12", "to", "invalid_date_range"),
            ("limit=0", "limit", "invalid_limit"),
            ("limit=101", "limit", "invalid_limit"),
            ("limit=ten", "limit", "invalid_limit"),
            ("lang=de", "lang", "unknown_value"),
            ("v=abc", "v", "invalid_version"),
            ("stage=verdict", "stage", "unknown_value"),
            ("story=Not%20an%20id", "story", "invalid_story"),
            ("categroy=court_cases", "query", "invalid_query"),
        ];
        for (qs, field, code) in cases {
            let e = parse(qs).unwrap_err();
            assert_eq!((e.field.as_str(), e.code.as_str()), (field, code), "{qs}");
        }
        let long = format!("q={}", "я".repeat(Q_MAX_CHARS + 1));
        assert_eq!(parse(&long).unwrap_err().code, "query_too_long");
        assert!(parse(&format!("q={}", "я".repeat(Q_MAX_CHARS))).is_ok());
    }

    #[test]
    fn same_month_range_is_fine() {
        let q = parse("from=2025-12&to=2025-12").unwrap();
        assert_eq!(
            q.filter.day_bounds(),
            (Some("2025-12-01".into()), Some("2025-12-31".into()))
        );
    }

    #[test]
    fn without_drops_one_dimension() {
        let f = parse("category=court_cases&kind=fine").unwrap().filter;
        let w = f.without(Facet::Category);
        assert!(w.categories.is_empty());
        assert_eq!(w.kinds, [Kind::Fine]);
    }
}
