//! The public JSON API's response shapes, and the one function that turns a stored item into what readers see
//! (the admin preview uses the same function, so a preview cannot drift from the widget).

use serde::{Deserialize, Serialize};

use crate::claim::Claim;
use crate::common::Source;
use crate::date::{DateEnd, DatePeriod, PartialDate};
use crate::enums::{
    ActorRole, Category, Kind, LegalCode, Platform, Region, Stage, StoryKind, Verdict,
};
use crate::i18n::{Lang, LocalizedText};
use crate::incident::Incident;
use crate::story::{Story, StoryStep};

/// One page of a list. `next_cursor` continues the same query; `null` on the last page.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub next_cursor: Option<String>,
}

/// An incident in a list, its texts resolved to one language.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentCard {
    pub id: String,
    /// A day, a month or a year; `null` when only `period` is known.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// Sometime within `from`..`to` (the incident's own date is not known); `null` when `date` is given.
    #[serde(default)]
    pub period: Option<DatePeriod>,
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

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorView {
    pub name: String,
    pub role: ActorRole,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectionView {
    pub date: PartialDate,
    pub note: String,
}

/// Everything readers see of one incident.
///
/// Deserialized by hand (below), without `#[serde(flatten)]`: flatten buffers the whole object and deserializes
/// every card field a second way, which doubles that code in the widget. The JSON is the same in both directions.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Published stories this incident is a step of: where it stands in each, and what came before and after.
    #[serde(default)]
    pub stories: Vec<IncidentStory>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// A story as the detail of one of its incidents shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentStory {
    pub id: String,
    pub title: String,
    pub kind: StoryKind,
    /// The stage of this incident's step.
    pub stage: Stage,
    /// This incident's step, counted from 1 in `steps`.
    pub position: u32,
    pub steps: Vec<StoryStepView>,
}

/// One public step of a story.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryStepView {
    /// Counted from 1, in the order the steps happened.
    pub position: u32,
    pub stage: Stage,
    /// The step's own date, else its incident's or claim's date; `null` when unknown (see the card's `period`).
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub incident: Option<IncidentCard>,
    #[serde(default)]
    pub claim: Option<ClaimCard>,
}

/// A story in a list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryCard {
    pub id: String,
    pub title: String,
    /// The language `title` is actually in.
    pub text_lang: Lang,
    pub kind: StoryKind,
    /// Where the story stands: the stage of its last public step.
    pub stage: Stage,
    pub step_count: u32,
    /// The date of its latest dated step (`null` when no step has a date).
    #[serde(default)]
    pub latest: Option<PartialDate>,
}

/// Everything readers see of one story: its steps in order, each with its incident or claim.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryDetail {
    pub id: String,
    pub title: String,
    pub text_lang: Lang,
    pub kind: StoryKind,
    pub stage: Stage,
    #[serde(default)]
    pub summary: Option<String>,
    pub steps: Vec<StoryStepView>,
    pub corrections: Vec<CorrectionView>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerView {
    pub name: String,
    #[serde(default)]
    pub position: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
}

/// A claim in a list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Incidents per stage they have in a published story.
    #[serde(default)]
    pub stage: Vec<FacetCount>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Every matching incident, placed where it may have happened: in `buckets` when that is one month (its date is a
/// day or a month), in `ranges` when it is several (a year, or a period such as a digest's six months). So the
/// counts of `buckets` and `ranges` add up to the list's `total` for the same filter. Claims per month and verdict.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Timeline {
    pub buckets: Vec<TimelineBucket>,
    /// Incidents that may have happened in any month from `from` to `to`, per category; oldest first.
    #[serde(default)]
    pub ranges: Vec<TimelineRange>,
    pub claims: Vec<ClaimBucket>,
    /// Items (incidents and claims) whose date, or whose period's start, is known only to the year. The incidents
    /// among them are also in `ranges`; the claims are on no month.
    pub year_only: u64,
    /// Published stories with at least one step among the matching incidents, drawn as paths through their dated
    /// steps (at most [`Timeline::MAX_STORIES`], the latest first).
    #[serde(default)]
    pub stories: Vec<TimelineStory>,
}

/// `2025-09` → months since year 0 (`None` for anything else).
pub fn month_index(m: &str) -> Option<i32> {
    let (y, mo) = m.split_once('-')?;
    let (y, mo) = (y.parse::<i32>().ok()?, mo.get(..2)?.parse::<i32>().ok()?);
    (1..=12).contains(&mo).then_some(y * 12 + mo - 1)
}

/// Months since year 0 → `2025-09` (the inverse of [`month_index`]).
pub fn month_key(i: i32) -> String {
    format!("{:04}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1)
}

impl Timeline {
    /// How many story paths a timeline answer carries at most.
    pub const MAX_STORIES: usize = 24;

    /// Every month the answer names (`YYYY-MM`): its bars', its claims' and both ends of its ranges.
    pub fn months(&self) -> impl Iterator<Item = &str> {
        self.buckets
            .iter()
            .map(|b| b.month.as_str())
            .chain(self.claims.iter().map(|c| c.month.as_str()))
            .chain(
                self.ranges
                    .iter()
                    .flat_map(|r| [r.from.as_str(), r.to.as_str()]),
            )
    }

    /// Only its newest `months` months (counted back from the newest month it has): bars, claims and story steps
    /// before them dropped, bands cut to them (a band wholly before them dropped). What a first screen draws; the
    /// counts of what remains are unchanged. A timeline spanning no more is returned as it is.
    pub fn newest(mut self, months: u32) -> Timeline {
        let (lo, hi) = self
            .months()
            .filter_map(month_index)
            .fold((i32::MAX, i32::MIN), |(lo, hi), m| (lo.min(m), hi.max(m)));
        let first = hi.saturating_sub(i32::try_from(months).unwrap_or(i32::MAX)) + 1;
        if months == 0 || lo >= first {
            return self;
        }
        let cut = month_key(first);
        let kept = |m: &str| month_index(m).is_some_and(|i| i >= first);
        self.buckets.retain(|b| kept(&b.month));
        self.claims.retain(|c| kept(&c.month));
        self.ranges.retain(|r| kept(&r.to));
        for r in &mut self.ranges {
            if !kept(&r.from) {
                r.from = cut.clone();
            }
        }
        for s in &mut self.stories {
            s.steps.retain(|st| kept(&st.month));
        }
        self.stories.retain(|s| !s.steps.is_empty());
        self
    }
}

/// A story on the timeline: its steps that fall on a month, in order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStory {
    pub id: String,
    pub kind: crate::StoryKind,
    pub steps: Vec<TimelineStep>,
}

/// One step of a story on the timeline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStep {
    /// `YYYY-MM`, the month the step happened in.
    pub month: String,
    pub stage: crate::Stage,
    /// The step's incident, if it is one (a step may be a claim, or only a dated note such as a hearing).
    #[serde(default)]
    pub incident: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineRange {
    /// `YYYY-MM`, the first month.
    pub from: String,
    /// `YYYY-MM`, the last month (after `from`).
    pub to: String,
    pub category: Category,
    pub count: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineBucket {
    /// `YYYY-MM`
    pub month: String,
    pub category: Category,
    pub count: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimBucket {
    pub month: String,
    /// A verdict's name, or `unrated`.
    pub verdict: String,
    pub count: u64,
}

/// `/api/v1/view`: what a reader's view shows for one query, in one answer: the list asked for (`incidents` or
/// `claims`), the facet counts of the filter, and the timeline of the filter without its dates (the chart shows every
/// month; the dates choose among them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewAnswer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incidents: Option<Page<IncidentCard>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Page<ClaimCard>>,
    pub facets: Facets,
    pub timeline: Timeline,
}

/// Every error the API answers: `{"error": {"code", "message", "field"}}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: ErrorBody,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// One of `ErrorCode`'s names (a string, so that a client built before a code was added still reads it).
    #[cfg_attr(feature = "openapi", schema(value_type = ErrorCode))]
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every field problem of a rejected item, for forms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<crate::error::FieldError>,
}

/// `GET /api/v1/version`: the current data version. It moves whenever published content changes; the widget sends
/// it back as `v=` so that caches may keep versioned answers longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataVersion {
    pub data_version: u64,
}

macro_rules! error_codes {
    ($( $variant:ident = $wire:literal => $doc:literal; )+) => {
        /// Every `error.code` the API answers with (`{"error": {"code", "message", "field", "details"}}`). Clients
        /// should treat a code they do not know as a generic error of its HTTP status: codes may be added.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $( #[doc = $doc] $variant, )+
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The code's wire name.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $wire),+ }
            }

            /// What the code means (documentation).
            pub fn description(self) -> &'static str {
                match self { $(ErrorCode::$variant => $doc.trim_start()),+ }
            }

            /// The code of a wire name; `None` for a code this build does not know.
            pub fn parse(s: &str) -> Option<ErrorCode> {
                match s { $($wire => Some(ErrorCode::$variant),)+ _ => None }
            }
        }
    };
}

error_codes! {
    BadRequest = "bad_request" => " A request the server could not read (no more specific code applies).";
    InvalidQuery = "invalid_query" => " An unknown query parameter, or a malformed query string.";
    UnknownValue = "unknown_value" => " A filter value that is not one of the parameter's values.";
    TooManyValues = "too_many_values" => " A list parameter with more values than it has.";
    InvalidStory = "invalid_story" => " `story` is neither `any` nor a story id.";
    InvalidDate = "invalid_date" => " `from`/`to` is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.";
    InvalidDateRange = "invalid_date_range" => " `from` is after `to`.";
    QueryTooLong = "query_too_long" => " `q` is longer than 200 characters.";
    InvalidLimit = "invalid_limit" => " `limit` is not a number from 1 to 100.";
    InvalidCursor = "invalid_cursor" => " `cursor` is not one this server gave for this query.";
    InvalidVersion = "invalid_version" => " `v` is not a data version number.";
    InvalidId = "invalid_id" => " A path id that is not a valid id.";
    InvalidJson = "invalid_json" => " A request body that is not valid JSON.";
    InvalidBody = "invalid_body" => " A JSON body without the expected fields or types.";
    MissingUrl = "missing_url" => " `/oembed` without `url`.";
    InvalidDimension = "invalid_dimension" => " `/oembed`'s `maxwidth` or `maxheight` is not a positive number.";
    Unauthenticated = "unauthenticated" => " Signing in is required.";
    InvalidCredentials = "invalid_credentials" => " Wrong e-mail or password.";
    AccountDisabled = "account_disabled" => " The account is disabled.";
    Forbidden = "forbidden" => " The signed-in person may not do this.";
    OwnSubmission = "own_submission" => " A second person must publish what one person submitted or changed.";
    Csrf = "csrf" => " A state-changing request without the session's CSRF token.";
    CrossSite = "cross_site" => " A state-changing request from another site.";
    NotFound = "not_found" => " No published item (or page) with this id or URL.";
    NoRoute = "no_route" => " No API route at this path.";
    MethodNotAllowed = "method_not_allowed" => " The route does not accept this method.";
    InvalidTransition = "invalid_transition" => " The workflow does not allow this step from the item's state.";
    Retracted = "retracted" => " A retracted item cannot be changed.";
    StaleVersion = "stale_version" => " Someone saved a newer version since the one the edit started from.";
    IdTaken = "id_taken" => " An item with this id already exists.";
    EmailTaken = "email_taken" => " A user with this e-mail already exists.";
    LastAdmin = "last_admin" => " The last administrator cannot be removed or demoted.";
    TooLarge = "too_large" => " A request body over the route's limit.";
    UriTooLong = "uri_too_long" => " A request URI over 64 KiB.";
    UnsupportedMediaType = "unsupported_media_type" => " A body that is not sent as `application/json`.";
    Invalid = "invalid" => " A rejected item: every field problem is in `details`.";
    NoteRequired = "note_required" => " The step needs a note.";
    CorrectionRequired = "correction_required" => " A change to a published item needs a correction note.";
    VersionRequired = "version_required" => " The request must name the version it is based on.";
    IdMismatch = "id_mismatch" => " The body's id differs from the path's.";
    UnknownVersion = "unknown_version" => " No revision with this version.";
    UnknownIncident = "unknown_incident" => " A link to an incident that does not exist.";
    UnknownClaim = "unknown_claim" => " A link to a claim that does not exist.";
    InvalidAuthor = "invalid_author" => " An audit filter naming no user.";
    InvalidName = "invalid_name" => " A name that is blank or too long.";
    InvalidDigest = "invalid_digest" => " The text is not a monitoring digest the importer can read.";
    TooManyEntries = "too_many_entries" => " An accept list or edits longer than the digest's entries.";
    UnknownEntry = "unknown_entry" => " An accept list or edit naming an entry the digest does not have.";
    RateLimited = "rate_limited" => " Too many attempts: try again after `Retry-After` seconds.";
    HeadersTooLarge = "headers_too_large" => " Request headers over the server's limit.";
    Internal = "internal" => " Something failed on the server; it has been logged.";
    InvalidBom = "invalid_bom" => " An export's `bom` is not `0` or `1`, or `bom=1` was asked of NDJSON.";
    FormatNotImplemented = "format_not_implemented" => " `/oembed` with a `format` other than `json`.";
    HttpError = "http_error" => " Any other HTTP error without a code of its own.";
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ErrorCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let names: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        crate::openapi::string_enum(&names)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ErrorCode {}

/// [`IncidentDetail`]'s JSON, flat: the card's fields beside the detail's. Building the card from it names every
/// field, so a field added to the card without being added here does not compile.
#[derive(Deserialize)]
struct IncidentDetailWire {
    id: String,
    #[serde(default)]
    date: Option<PartialDate>,
    #[serde(default)]
    period: Option<DatePeriod>,
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
    stories: Vec<IncidentStory>,
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
                period: w.period,
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
            stories: w.stories,
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
            period: i.period,
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
            stories: Vec::new(),
            updated_at,
        }
    }
}

impl IncidentCard {
    /// The date the incident is known by: its own, or the start of its period (what lists are ordered by).
    pub fn start(&self) -> Option<PartialDate> {
        self.date.or(self.period.map(|p| p.from))
    }
}

impl StoryStepView {
    /// A step as readers see it, with its linked item's card (the caller leaves out unpublished ones).
    pub fn new(
        position: u32,
        step: &StoryStep,
        lang: Lang,
        incident: Option<IncidentCard>,
        claim: Option<ClaimCard>,
    ) -> StoryStepView {
        let date = step
            .date
            .or_else(|| incident.as_ref().and_then(|i| i.date))
            .or_else(|| claim.as_ref().map(|c| c.date));
        StoryStepView {
            position,
            stage: step.stage,
            date,
            note: step.note.as_ref().map(|n| text(n, lang)),
            incident,
            claim,
        }
    }
}

/// Where a story stands: its last public step's stage, or its own last stage when no step is public.
fn current_stage(s: &Story, steps: &[StoryStepView]) -> Stage {
    steps.last().map_or_else(|| s.stage(), |st| st.stage)
}

impl StoryCard {
    pub fn new(s: &Story, lang: Lang, steps: &[StoryStepView]) -> StoryCard {
        let (title, text_lang) = s.title.resolve(lang);
        StoryCard {
            id: s.id.to_string(),
            title: title.to_owned(),
            text_lang,
            kind: s.kind,
            stage: current_stage(s, steps),
            step_count: u32::try_from(steps.len()).unwrap_or(u32::MAX),
            latest: steps.iter().filter_map(|st| st.date).max(),
        }
    }
}

impl StoryDetail {
    pub fn new(
        s: &Story,
        lang: Lang,
        steps: Vec<StoryStepView>,
        updated_at: Option<String>,
    ) -> StoryDetail {
        let (title, text_lang) = s.title.resolve(lang);
        StoryDetail {
            id: s.id.to_string(),
            title: title.to_owned(),
            text_lang,
            kind: s.kind,
            stage: current_stage(s, &steps),
            summary: s.summary.as_ref().map(|t| text(t, lang)),
            steps,
            corrections: corrections(&s.corrections, lang),
            updated_at,
        }
    }
}

impl IncidentStory {
    /// The story as the detail of incident `incident_id` shows it; `None` when no public step links it.
    pub fn new(
        s: &Story,
        lang: Lang,
        steps: Vec<StoryStepView>,
        incident_id: &str,
    ) -> Option<IncidentStory> {
        let own = steps
            .iter()
            .find(|st| st.incident.as_ref().is_some_and(|i| i.id == incident_id))?;
        Some(IncidentStory {
            id: s.id.to_string(),
            title: s.title.get(lang).to_owned(),
            kind: s.kind,
            stage: own.stage,
            position: own.position,
            steps,
        })
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
    fn a_timeline_s_newest_months_keep_their_counts_and_cut_older_bands() {
        use crate::{Category, Stage, StoryKind};
        let b = |m: &str, n| TimelineBucket {
            month: m.into(),
            category: Category::CourtCases,
            count: n,
        };
        let r = |from: &str, to: &str, n| TimelineRange {
            from: from.into(),
            to: to.into(),
            category: Category::PersonalData,
            count: n,
        };
        let step = |m: &str| TimelineStep {
            month: m.into(),
            stage: Stage::Hearing,
            incident: None,
        };
        let t = Timeline {
            buckets: vec![b("2023-05", 1), b("2025-11", 2), b("2026-01", 3)],
            ranges: vec![
                r("2023-01", "2023-12", 4),
                r("2025-08", "2026-01", 5),
                r("2024-06", "2025-12", 6),
            ],
            claims: vec![ClaimBucket {
                month: "2024-12".into(),
                verdict: "unrated".into(),
                count: 1,
            }],
            year_only: 2,
            stories: vec![
                TimelineStory {
                    id: "old".into(),
                    kind: StoryKind::CourtCase,
                    steps: vec![step("2023-02")],
                },
                TimelineStory {
                    id: "new".into(),
                    kind: StoryKind::CourtCase,
                    steps: vec![step("2023-03"), step("2025-12")],
                },
            ],
        };
        // 2023-01 to 2026-01 is 37 months: a longer window keeps everything.
        assert_eq!(t.clone().newest(37), t);
        let n = t.newest(12);
        assert_eq!(
            n.buckets
                .iter()
                .map(|b| (b.month.as_str(), b.count))
                .collect::<Vec<_>>(),
            [("2025-11", 2), ("2026-01", 3)]
        );
        assert_eq!(
            n.ranges
                .iter()
                .map(|r| (r.from.as_str(), r.to.as_str(), r.count))
                .collect::<Vec<_>>(),
            [("2025-08", "2026-01", 5), ("2025-02", "2025-12", 6)]
        );
        assert!(n.claims.is_empty());
        assert_eq!(n.year_only, 2);
        assert_eq!(n.stories.len(), 1);
        assert_eq!(n.stories[0].steps, [step("2025-12")]);
    }

    #[test]
    fn error_codes_are_unique_snake_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            let name = c.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}"
            );
            assert_eq!(ErrorCode::parse(name), Some(*c));
            assert!(!c.description().is_empty(), "{name}");
        }
        assert_eq!(ErrorCode::parse("no_such_code"), None);
    }

    /// Every code the shared query parsers answer with is an `ErrorCode` (the server relays them as they are).
    #[test]
    fn the_parsers_codes_are_error_codes() {
        for qs in [
            "category=nope",
            "from=2025-13",
            "from=2026&to=2025",
            "limit=0",
            "story=Bad%20Id",
            "lang=xx",
            "v=abc",
            "kind=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,aa,bb,cc,dd,ee",
        ] {
            let raw: crate::RawQuery = serde_urlencoded::from_str(qs).expect(qs);
            if let Err(e) = crate::ListQuery::parse(&raw) {
                assert!(ErrorCode::parse(&e.code).is_some(), "{qs}: {}", e.code);
            }
        }
        let long = format!("q={}", "a".repeat(300));
        let raw: crate::RawQuery = serde_urlencoded::from_str(&long).unwrap();
        let e = crate::ListQuery::parse(&raw).expect_err("too long");
        assert_eq!(ErrorCode::parse(&e.code), Some(ErrorCode::QueryTooLong));
    }

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

    #[test]
    fn an_incident_s_story_says_where_it_stands_and_survives_the_wire() {
        let story = crate::story::tests::sample().validate().unwrap();
        let mut signed = crate::incident::tests::sample();
        signed.id = crate::common::Slug::parse("ai-law-signed").unwrap();
        signed.date = None;
        signed.period = Some(DatePeriod {
            from: "2025-08".parse().unwrap(),
            to: "2026-01".parse().unwrap(),
        });
        let card = IncidentCard::new(&signed.clone().validate().unwrap(), Lang::Ru);
        let steps: Vec<StoryStepView> = story
            .steps
            .iter()
            .enumerate()
            .map(|(i, st)| {
                let incident = (i == 0).then(|| card.clone());
                StoryStepView::new(u32::try_from(i + 1).unwrap(), st, Lang::Ru, incident, None)
            })
            .collect();
        // The step's own date wins over its incident's period; a step without either has none.
        assert_eq!(
            steps[0].date.map(|d| d.to_string()).as_deref(),
            Some("2025-11-17")
        );
        assert_eq!(steps[1].date, None);
        let own = IncidentStory::new(&story, Lang::Ru, steps.clone(), "ai-law-signed").unwrap();
        assert_eq!((own.stage, own.position), (Stage::Signed, 1));
        assert!(IncidentStory::new(&story, Lang::Ru, steps.clone(), "elsewhere").is_none());
        let mut detail = IncidentDetail::new(&signed.validate().unwrap(), Lang::Ru, vec![], None);
        detail.stories = vec![own];
        let json = serde_json::to_value(&detail).unwrap();
        assert_eq!(json["date"], serde_json::Value::Null);
        assert_eq!(
            json["period"],
            serde_json::json!({"from": "2025-08", "to": "2026-01"})
        );
        assert_eq!(json["stories"][0]["steps"][1]["stage"], "in_force");
        assert_eq!(
            serde_json::from_value::<IncidentDetail>(json).unwrap(),
            detail
        );
        let card = StoryCard::new(&story, Lang::Ru, &steps);
        assert_eq!((card.stage, card.step_count), (Stage::InForce, 2));
    }
}
