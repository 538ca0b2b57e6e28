//! The public API's OpenAPI 3.1 document, generated from the code: the shared crate's DTOs give the schemas
//! (`utoipa::ToSchema`, feature `openapi`), the table below gives each public route its parameters and answers,
//! and the same routes build the router (`super::PublicRoutes`: the `routes()` lists of `public`, `export`,
//! `feeds`, `web` and `pages`); a test checks the two against each other. Served as `/api/v1/openapi.json`, rendered for people at `/api` (server-side HTML, no
//! script) and as Markdown into `docs/API.md` (`aqiqat openapi --markdown`).

use std::sync::LazyLock;

use aqiqat_shared::api::{
    ApiError, ClaimCard, ClaimDetail, DataVersion, ErrorCode, Facets, IncidentCard, IncidentDetail,
    Page, StoryCard, StoryDetail, Timeline,
};
use aqiqat_shared::markup::escape;
use aqiqat_shared::{Category, Kind, Lang, PartialDate, Platform, Region, Slug, Stage, Verdict};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, Parameter, ParameterBuilder, ParameterIn, ParameterStyle,
    PathItem, PathsBuilder,
};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, Ref, RefOr, Required,
};
use utoipa::{PartialSchema, ToSchema};

use super::AppState;
use super::feeds::JsonFeed;

/// `/oembed`'s answer (oEmbed 1.0, type `rich`).
#[derive(ToSchema)]
#[allow(dead_code)] // documentation only: the handler writes the same fields
struct OEmbed {
    /// Always `rich`.
    r#type: String,
    /// Always `1.0`.
    version: String,
    title: String,
    provider_name: String,
    provider_url: String,
    /// Seconds a consumer may keep the answer.
    cache_age: u32,
    /// An iframe of `/widget` showing the same view.
    html: String,
    width: u32,
    height: u32,
}

/// `/healthz`'s answer.
#[derive(ToSchema)]
#[allow(dead_code)] // documentation only
struct Health {
    /// `ok`, or `database unavailable` (with 503).
    status: String,
}

/// The groups of routes, in the order the documentation lists them.
const TAGS: &[(&str, &str)] = &[
    (
        "data",
        "Readers' data as JSON: lists, details, facets, timeline. Only published items appear.",
    ),
    (
        "pages",
        "Server-rendered HTML for readers and embeds, and what search engines and CMSs read.",
    ),
    (
        "feeds",
        "Feeds and exports of the public lists: Atom and JSON Feed of the newest publications, CSV and NDJSON of \
         every match. They take the lists' filter and `lang`, checked by the same code with the same errors.",
    ),
    (
        "service",
        "The document itself, health, and the embed loader.",
    ),
];

/// Paths left out of the document, with the reason: the test accepts no other undocumented route.
pub const UNDOCUMENTED: &[(&str, &str)] = &[(
    "/static/{*file}",
    "hashed bundle files, named by the manifest (served from a directory, not a route)",
)];

/// What a route answers with on success.
#[derive(Clone)]
enum Body {
    Json(Box<RefOr<Schema>>),
    /// JSON of another media type (`application/feed+json`).
    Typed(&'static str, Box<RefOr<Schema>>),
    Other(&'static str),
}

/// One documented operation (all public routes are `GET`; `HEAD` is answered alike).
struct Op {
    path: &'static str,
    tag: &'static str,
    id: &'static str,
    summary: &'static str,
    description: &'static str,
    params: Vec<Parameter>,
    ok: Body,
    /// Further answers: status, content (JSON error, or another type) and when.
    errors: Vec<(u16, Body, &'static str)>,
}

fn schema_ref<T: ToSchema>() -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(T::name()))
}

fn query(name: &str, description: &str, schema: RefOr<Schema>) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

/// A comma-separated list of enum values (`category=a,b`).
fn list_param<T: ToSchema>(name: &str, description: &str) -> Parameter {
    let mut p = query(
        name,
        description,
        ArrayBuilder::new()
            .items(schema_ref::<T>())
            .max_items(Some(30))
            .into(),
    );
    p.style = Some(ParameterStyle::Form);
    p.explode = Some(false);
    p
}

fn path_id(description: &str) -> Parameter {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(description))
        .schema(Some(schema_ref::<Slug>()))
        .build()
}

fn integer(min: i64, max: Option<i64>) -> RefOr<Schema> {
    let mut o = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(min as f64));
    if let Some(max) = max {
        o = o.maximum(Some(max as f64));
    }
    o.into()
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn lang_param() -> Parameter {
    query(
        "lang",
        "The language of texts (default `ru`); texts fall back to Russian, then English, and say which language \
         they are in (`text_lang`).",
        schema_ref::<Lang>(),
    )
}

fn version_param() -> Parameter {
    query(
        "v",
        "The data version the client knows (`/api/v1/version`): a cache key only; answers with the current \
         version may be kept longer.",
        integer(0, None),
    )
}

/// The filter every list, facet and timeline route takes.
fn filter_params() -> Vec<Parameter> {
    vec![
        list_param::<Category>("category", "Sections of the digest."),
        list_param::<Kind>(
            "kind",
            "What happened. For claims: claims linked to such incidents.",
        ),
        list_param::<Region>(
            "region",
            "Where. For claims: claims linked to such incidents.",
        ),
        list_param::<Platform>(
            "platform",
            "Which platform. For claims: claims linked to such incidents.",
        ),
        query(
            "verdict",
            "Fact-check ratings, comma-separated, `unrated` for claims not yet rated. For incidents: incidents \
             linked to a claim with that verdict.",
            ArrayBuilder::new()
                .items(aqiqat_shared::openapi::string_enum(
                    &Verdict::ALL
                        .iter()
                        .map(|v| v.as_str())
                        .chain(["unrated"])
                        .collect::<Vec<_>>(),
                ))
                .max_items(Some(30))
                .into(),
        ),
        list_param::<Stage>(
            "stage",
            "Items that are a step of one of these stages in a published story.",
        ),
        query(
            "from",
            "Items that may have happened on or after this date (any day their date, period or span may cover).",
            schema_ref::<PartialDate>(),
        ),
        query(
            "to",
            "Items that may have happened on or before this date.",
            schema_ref::<PartialDate>(),
        ),
        query(
            "story",
            "`any`: items that are a step of a published story; or a story's id: the steps of that story.",
            string()
                .pattern(Some(r"^(any|[a-z0-9]+(-[a-z0-9]+)*)$"))
                .max_length(Some(80))
                .into(),
        ),
        query(
            "q",
            "Text search: every word must match (Russian and Kazakh word forms, case-insensitive; Latin-script \
             transliterations find Cyrillic text); ranked by relevance.",
            string().max_length(Some(200)).into(),
        ),
    ]
}

fn paging_params() -> Vec<Parameter> {
    vec![
        query(
            "limit",
            "Items per page, 1–100 (default 20).",
            integer(1, Some(100)),
        ),
        query(
            "cursor",
            "`next_cursor` of the previous page (same query).",
            string().into(),
        ),
    ]
}

fn list_params() -> Vec<Parameter> {
    let mut p = filter_params();
    p.push(lang_param());
    p.extend(paging_params());
    p.push(version_param());
    p
}

/// A feed's query: the lists' filter and `lang`, `limit` with its own default, `cursor` ignored.
fn feed_params() -> Vec<Parameter> {
    let mut p = filter_params();
    p.push(lang_param());
    p.push(query(
        "limit",
        &format!(
            "Entries, 1–100 (default {}): the newest publications.",
            super::feeds::FEED_DEFAULT
        ),
        integer(1, Some(100)),
    ));
    p.push(query(
        "cursor",
        "Accepted (a list's URL may carry it) and ignored: a feed is the newest entries.",
        string().into(),
    ));
    p.push(version_param());
    p
}

/// An export's query: the lists' filter and `lang`; `limit` and `cursor` checked like the lists' but ignored; and
/// `bom` for CSV.
fn export_params(csv: bool) -> Vec<Parameter> {
    let mut p = filter_params();
    p.push(lang_param());
    p.push(query(
        "limit",
        "Checked like the lists' (1–100) and ignored: an export has every match.",
        integer(1, Some(100)),
    ));
    p.push(query(
        "cursor",
        "Accepted and ignored: an export has every match.",
        string().into(),
    ));
    p.push(version_param());
    if csv {
        p.push(query(
            "bom",
            "`1` (or `true`): start the file with a UTF-8 byte order mark, for spreadsheet programs that need one \
             to read UTF-8; `0`, `false` or none: no mark. Another value: 400 `invalid_bom`.",
            aqiqat_shared::openapi::string_enum(&["0", "1", "false", "true"]),
        ));
    }
    p
}

fn detail_params(what: &str) -> Vec<Parameter> {
    vec![path_id(what), lang_param(), version_param()]
}

/// The query of the server-rendered views (`/`, `/claims`, `/widget`): a bad value is shown as a notice on the
/// page, never an error.
fn view_params(widget: bool) -> Vec<Parameter> {
    let mut p = filter_params();
    p.push(lang_param());
    p.push(query(
        "cursor",
        "`next_cursor` of the previous page.",
        string().into(),
    ));
    if widget {
        p.push(query(
            "tab",
            "The list shown: incidents (default) or claims.",
            aqiqat_shared::openapi::string_enum(&["incidents", "claims"]),
        ));
        p.push(query(
            "incident",
            "Open this incident's detail.",
            schema_ref::<Slug>(),
        ));
        p.push(query(
            "claim",
            "Open this claim's detail.",
            schema_ref::<Slug>(),
        ));
        p.push(query(
            "embed",
            "`1`: laid out for an iframe on a partner's page.",
            aqiqat_shared::openapi::string_enum(&["1"]),
        ));
        p.push(query(
            "theme",
            "Colours: `light` (default), `dark`, or `auto` (the reader's `prefers-color-scheme`).",
            aqiqat_shared::openapi::string_enum(&["light", "dark", "auto"]),
        ));
        p.push(query(
            "accent",
            "Accent colour, six hex digits (`0b5cad`, `#` optional). Refused (a notice, the theme's own accent) \
             when its WCAG contrast against the theme's background or panel is below 4.5:1.",
            string().into(),
        ));
        p.push(query(
            "font",
            "A font-family list (names of letters, digits, spaces, `-`, `_`, `.`, optionally quoted; at most 300 \
             characters), or `inherit` (`embed.js` replaces it with the host element's font). Anything else is \
             refused with a notice.",
            string().into(),
        ));
    }
    p
}

fn json<T: ToSchema>() -> Body {
    Body::Json(Box::new(schema_ref::<T>()))
}

/// A list page of `T`: named `Page_T` (utoipa names every `Page<T>` alike).
fn page_name<T: ToSchema>() -> String {
    format!("Page_{}", T::name())
}

fn page_of<T: ToSchema>() -> Body {
    Body::Json(Box::new(RefOr::Ref(
        Ref::from_schema_name(page_name::<T>()),
    )))
}

fn page<T: ToSchema>(out: &mut Vec<(String, RefOr<Schema>)>) {
    out.push((page_name::<T>(), Page::<T>::schema()));
    Page::<T>::schemas(out);
    with_deps::<T>(out);
}

fn err(status: u16, when: &'static str) -> (u16, Body, &'static str) {
    (status, json::<ApiError>(), when)
}

const HTML: &str = "text/html; charset=utf-8";
const CSV: &str = "text/csv; charset=utf-8; header=present";
const NDJSON: &str = "application/x-ndjson";
const ATOM: &str = "application/atom+xml; charset=utf-8";
const JSON_FEED: &str = "application/feed+json; charset=utf-8";

/// What every export says about its body (after the columns, for CSV).
macro_rules! export_text {
    () => {
        "**Every** published match of the filter, not a page, in the lists' date order (newest first, then id; \
         not ranked by relevance with `q`). Streamed in chunks; an error found before the first byte is the usual \
         JSON error, a failure later cuts the chunked body short. `Content-Disposition: attachment; \
         filename=\"aqiqat-incidents-YYYY-MM-DD.csv\"` (`claims`, `.ndjson` alike; the day of the download); `Cache-Control` as the API's answers, no \
         `ETag`; CORS: any origin."
    };
}

/// The CSV rules both CSV exports follow.
macro_rules! csv_text {
    () => {
        " CSV (RFC 4180): a header row, CRLF after every record, a field with a comma, quote or line break quoted \
         (quotes doubled). Lists inside a field are joined with `;`; enum fields give the API's value and, in the \
         `_label` column beside it, its label in `lang`; an empty field is no value. A field that starts with `=`, \
         `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (spreadsheets show it as text, never run it \
         as a formula)."
    };
}

const EXPORT_INCIDENTS_CSV: &str = concat!(
    export_text!(),
    csv_text!(),
    " Columns: `id`; `url` (the public page, in `lang`); `date` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`; empty when \
     only a period is known); `period_from`; `period_to`; `end_date` (a date or `ongoing`); `title`; `summary`; \
     `text_lang` (the language the texts are in); `category`; `category_label`; `kind`; `kind_label`; `region`; \
     `region_label`; `city`; `platforms`; `tags`; `source_count`; `corrected` (`true`/`false`); `published_at`; \
     `updated_at` (RFC 3339)."
);
const EXPORT_CLAIMS_CSV: &str = concat!(
    export_text!(),
    csv_text!(),
    " Columns: `id`; `url`; `date`; `quote`; `text_lang`; `speaker`; `speaker_position`; \
     `speaker_organisation`; `category`; `category_label`; `verdict` (empty while unrated); `verdict_label`; \
     `incident_ids` (published incidents only); `corrected` (`true`/`false`); `published_at`; `updated_at` \
     (RFC 3339)."
);
const EXPORT_INCIDENTS_NDJSON: &str = concat!(
    export_text!(),
    " One JSON object per line, each ending with `\\n`: an `IncidentCard` (as in `/api/v1/incidents`) plus \
     `url` (the public page), `published_at` and `updated_at` (RFC 3339). `bom` is for CSV: `bom=1` here is 400 \
     `invalid_bom`."
);
const EXPORT_CLAIMS_NDJSON: &str = concat!(
    export_text!(),
    " One JSON object per line, each ending with `\\n`: a `ClaimCard` (as in `/api/v1/claims`) plus `url`, \
     `published_at` and `updated_at`. `bom` is for CSV: `bom=1` here is 400 `invalid_bom`."
);
const FEED_ATOM: &str = "Atom 1.0 (RFC 4287): the newest publications first (first published, then id). \
The feed's `id` and `rel=\"self\"` link are its own URL with the canonical query; `rel=\"alternate\"` links \
the public list with the same filter and the JSON Feed; `xml:lang` is `lang`. An entry's `id` and `link` are the \
item's public page; `title`, `summary`, `published`, `updated` (a correction moves it), and categories whose \
`scheme` is the public list's filter and `term` its value (with `label` in `lang`). Cached like the API's answers \
(strong `ETag`, `304`).";
const FEED_JSON: &str = "JSON Feed 1.1: the same entries as the Atom feed of this list (`JsonFeed`). Cached like \
the API's answers (strong `ETag`, `304`).";

/// Every documented route.
fn ops() -> Vec<Op> {
    let bad_query = err(
        400,
        "A parameter is wrong (`invalid_query`, `unknown_value`, `too_many_values`, `invalid_date`, \
         `invalid_date_range`, `invalid_story`, `query_too_long`, `invalid_limit`, `invalid_cursor`, \
         `invalid_version`).",
    );
    let bad_id = err(
        400,
        "A parameter or the id is malformed (`invalid_id`, `invalid_query`, `unknown_value`, ...).",
    );
    let not_found = err(404, "No published item with this id (`not_found`).");
    let bad_feed = err(
        400,
        "A parameter is wrong: the lists' codes (`invalid_query`, `unknown_value`, `too_many_values`, \
         `invalid_date`, `invalid_date_range`, `invalid_story`, `query_too_long`, `invalid_limit`, \
         `invalid_version`).",
    );
    let bad_export = err(
        400,
        "A parameter is wrong: the lists' codes (`invalid_query`, `unknown_value`, `too_many_values`, \
         `invalid_date`, `invalid_date_range`, `invalid_story`, `query_too_long`, `invalid_limit`, \
         `invalid_version`), or `invalid_bom` (a `bom` other than `0`/`1`, or `bom=1` on NDJSON).",
    );
    vec![
        Op {
            path: "/api/v1/incidents",
            tag: "data",
            id: "listIncidents",
            summary: "Incidents matching a filter, one page",
            description: "Newest first (by the earliest day an item's date can mean, then id); with `q`, by \
                          relevance first.",
            params: list_params(),
            ok: page_of::<IncidentCard>(),
            errors: vec![bad_query.clone()],
        },
        Op {
            path: "/api/v1/incidents/{id}",
            tag: "data",
            id: "getIncident",
            summary: "One published incident",
            description: "The card plus actors, legal references, sources, corrections, linked claims and the \
                          stories it is a step of.",
            params: detail_params("The incident's id."),
            ok: json::<IncidentDetail>(),
            errors: vec![bad_id.clone(), not_found.clone()],
        },
        Op {
            path: "/api/v1/claims",
            tag: "data",
            id: "listClaims",
            summary: "Fact-checked claims matching a filter, one page",
            description: "Newest first; with `q`, by relevance first.",
            params: list_params(),
            ok: page_of::<ClaimCard>(),
            errors: vec![bad_query.clone()],
        },
        Op {
            path: "/api/v1/claims/{id}",
            tag: "data",
            id: "getClaim",
            summary: "One published claim",
            description: "The card plus where it was said, the explanation, evidence, corrections and the \
                          incidents it is about.",
            params: detail_params("The claim's id."),
            ok: json::<ClaimDetail>(),
            errors: vec![bad_id.clone(), not_found.clone()],
        },
        Op {
            path: "/api/v1/stories",
            tag: "data",
            id: "listStories",
            summary: "Published stories (court cases and laws followed through their stages)",
            description: "Ordered by the latest step, newest first. `stage` keeps stories with a public step of \
                          one of those stages, `story` one story, `q` searches the stories' own texts, and the \
                          rest of the filter keeps stories with a step linking a matching published incident.",
            params: list_params(),
            ok: page_of::<StoryCard>(),
            errors: vec![bad_query.clone()],
        },
        Op {
            path: "/api/v1/stories/{id}",
            tag: "data",
            id: "getStory",
            summary: "One published story with its public steps in order",
            description: "A step appears only when the item it links is published (`position` counts the \
                          public steps).",
            params: detail_params("The story's id."),
            ok: json::<StoryDetail>(),
            errors: vec![bad_id.clone(), not_found.clone()],
        },
        Op {
            path: "/api/v1/facets",
            tag: "data",
            id: "getFacets",
            summary: "How many items each filter value would give",
            description: "Each dimension is counted with every other filter but not its own, so a reader sees \
                          the alternatives to what they chose; the `incidents`/`claims` totals use the whole \
                          filter.",
            params: {
                let mut p = filter_params();
                p.push(version_param());
                p
            },
            ok: json::<Facets>(),
            errors: vec![bad_query.clone()],
        },
        Op {
            path: "/api/v1/timeline",
            tag: "data",
            id: "getTimeline",
            summary: "Matching incidents and claims per month",
            description: "Every matching incident exactly once: in `buckets` when it may have happened in one \
                          month only, in `ranges` when in several. The counts of `buckets` plus `ranges` equal \
                          the incident list's `total` for the same filter.",
            params: {
                let mut p = filter_params();
                p.push(version_param());
                p
            },
            ok: json::<Timeline>(),
            errors: vec![bad_query.clone()],
        },
        Op {
            path: "/api/v1/view",
            tag: "data",
            id: "getView",
            summary: "A list page, the facet counts and the timeline of one query, in one answer",
            description: "What a reader's view shows after a filter change (the widget asks this instead of three \
                          routes): `list` chooses `incidents` (the default) or `claims`, answered under that \
                          name exactly as `/api/v1/incidents` or `/api/v1/claims` would; `facets` as \
                          `/api/v1/facets`; `timeline` as `/api/v1/timeline` for the same filter without `from` \
                          and `to` (the chart shows every month, the dates choose among them).",
            params: {
                let mut p = list_params();
                p.push(query(
                    "list",
                    "Which list: `incidents` (default) or `claims`.",
                    aqiqat_shared::openapi::string_enum(&["incidents", "claims"]),
                ));
                p
            },
            ok: Body::Json(Box::new(
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .property(
                        "incidents",
                        RefOr::Ref(Ref::from_schema_name(page_name::<IncidentCard>())),
                    )
                    .property(
                        "claims",
                        RefOr::Ref(Ref::from_schema_name(page_name::<ClaimCard>())),
                    )
                    .property("facets", schema_ref::<Facets>())
                    .property("timeline", schema_ref::<Timeline>())
                    .required("facets")
                    .required("timeline")
                    .into(),
            )),
            errors: vec![bad_query.clone()],
        },
        Op {
            path: "/api/v1/version",
            tag: "data",
            id: "getVersion",
            summary: "The current data version",
            description: "Moves whenever published content changes (a publish, a correction going live, a \
                          retraction), never for work on drafts. Cached 15 s. Clients send it as `v=` so that \
                          caches may keep versioned answers longer.",
            params: vec![],
            ok: json::<DataVersion>(),
            errors: vec![],
        },
        Op {
            path: "/api/v1/openapi.json",
            tag: "service",
            id: "getOpenApi",
            summary: "This document (OpenAPI 3.1)",
            description: "Generated from the server's code; `/api` shows it for people.",
            params: vec![],
            ok: Body::Json(Box::new(
                ObjectBuilder::new().schema_type(Type::Object).into(),
            )),
            errors: vec![],
        },
        Op {
            path: "/api/v1/export/incidents.csv",
            tag: "feeds",
            id: "exportIncidentsCsv",
            summary: "Every published incident matching a filter, as CSV",
            description: EXPORT_INCIDENTS_CSV,
            params: export_params(true),
            ok: Body::Other(CSV),
            errors: vec![bad_export.clone()],
        },
        Op {
            path: "/api/v1/export/incidents.ndjson",
            tag: "feeds",
            id: "exportIncidentsNdjson",
            summary: "Every published incident matching a filter, as NDJSON",
            description: EXPORT_INCIDENTS_NDJSON,
            params: export_params(false),
            ok: Body::Other(NDJSON),
            errors: vec![bad_export.clone()],
        },
        Op {
            path: "/api/v1/export/claims.csv",
            tag: "feeds",
            id: "exportClaimsCsv",
            summary: "Every published claim matching a filter, as CSV",
            description: EXPORT_CLAIMS_CSV,
            params: export_params(true),
            ok: Body::Other(CSV),
            errors: vec![bad_export.clone()],
        },
        Op {
            path: "/api/v1/export/claims.ndjson",
            tag: "feeds",
            id: "exportClaimsNdjson",
            summary: "Every published claim matching a filter, as NDJSON",
            description: EXPORT_CLAIMS_NDJSON,
            params: export_params(false),
            ok: Body::Other(NDJSON),
            errors: vec![bad_export.clone()],
        },
        Op {
            path: "/feeds/incidents.atom",
            tag: "feeds",
            id: "feedIncidentsAtom",
            summary: "The newest published incidents matching a filter, as an Atom feed",
            description: FEED_ATOM,
            params: feed_params(),
            ok: Body::Other(ATOM),
            errors: vec![bad_feed.clone()],
        },
        Op {
            path: "/feeds/incidents.json",
            tag: "feeds",
            id: "feedIncidentsJson",
            summary: "The newest published incidents matching a filter, as a JSON Feed",
            description: FEED_JSON,
            params: feed_params(),
            ok: Body::Typed(JSON_FEED, Box::new(schema_ref::<JsonFeed>())),
            errors: vec![bad_feed.clone()],
        },
        Op {
            path: "/feeds/claims.atom",
            tag: "feeds",
            id: "feedClaimsAtom",
            summary: "The newest published claims matching a filter, as an Atom feed",
            description: FEED_ATOM,
            params: feed_params(),
            ok: Body::Other(ATOM),
            errors: vec![bad_feed.clone()],
        },
        Op {
            path: "/feeds/claims.json",
            tag: "feeds",
            id: "feedClaimsJson",
            summary: "The newest published claims matching a filter, as a JSON Feed",
            description: FEED_JSON,
            params: feed_params(),
            ok: Body::Typed(JSON_FEED, Box::new(schema_ref::<JsonFeed>())),
            errors: vec![bad_feed.clone()],
        },
        Op {
            path: "/",
            tag: "pages",
            id: "pageIncidents",
            summary: "The public incident list",
            description: "Rendered on the server; every list parameter works, a key may also repeat \
                          (`category=a&category=b`, as a GET form sends it). A bad option is shown as a notice, \
                          never an error page.",
            params: view_params(false),
            ok: Body::Other(HTML),
            errors: vec![],
        },
        Op {
            path: "/claims",
            tag: "pages",
            id: "pageClaims",
            summary: "The public claim list",
            description: "Like `/`, for fact-checked claims.",
            params: view_params(false),
            ok: Body::Other(HTML),
            errors: vec![],
        },
        Op {
            path: "/widget",
            tag: "pages",
            id: "pageWidget",
            summary: "The reader widget, for iframes",
            description: "The same view as the public lists with the widget's controls; `embed.js` and oEmbed \
                          frame it. Answers 503 (HTML) while the widget bundle is not built.",
            params: view_params(true),
            ok: Body::Other(HTML),
            errors: vec![(503, Body::Other(HTML), "The widget bundle is not built.")],
        },
        Op {
            path: "/embed",
            tag: "pages",
            id: "pageEmbedBuilder",
            summary: "The embed builder for partners",
            description: "Choose the widget's language, filters, first view, height, theme, accent colour and \
                          font, see it live, and copy the script snippet, the plain iframe, the URL for a CMS \
                          (oEmbed) or the public page's link. Needs the `embed` bundle for its controls; \
                          without it (or without scripts) it explains the snippet's options.",
            params: vec![lang_param()],
            ok: Body::Other(HTML),
            errors: vec![],
        },
        Op {
            path: "/i/{id}",
            tag: "pages",
            id: "pageIncident",
            summary: "An incident's public page",
            description: "With `<link rel=\"canonical\">`, `hreflang` alternates, Open Graph and Twitter tags \
                          and oEmbed discovery.",
            params: vec![path_id("The incident's id."), lang_param()],
            ok: Body::Other(HTML),
            errors: vec![(
                404,
                Body::Other(HTML),
                "No published incident with this id.",
            )],
        },
        Op {
            path: "/c/{id}",
            tag: "pages",
            id: "pageClaim",
            summary: "A claim's public page",
            description: "Like `/i/{id}`; rated claims carry schema.org `ClaimReview` JSON-LD \
                          (`reviewRating.ratingValue` 1 = false … 5 = true; `unproven` has only `alternateName`).",
            params: vec![path_id("The claim's id."), lang_param()],
            ok: Body::Other(HTML),
            errors: vec![(404, Body::Other(HTML), "No published claim with this id.")],
        },
        Op {
            path: "/oembed",
            tag: "pages",
            id: "oembed",
            summary: "oEmbed for this server's pages and widget",
            description: "For this server's `/`, `/claims`, `/widget`, `/i/{id}` and `/c/{id}` URLs: an iframe \
                          of `/widget` with the same view, within `maxwidth`/`maxheight`.",
            params: vec![
                query(
                    "url",
                    "The page or widget URL (required).",
                    string().max_length(Some(2000)).into(),
                ),
                query("maxwidth", "Largest width in pixels.", integer(1, None)),
                query("maxheight", "Largest height in pixels.", integer(1, None)),
                query(
                    "format",
                    "Only `json` is offered.",
                    aqiqat_shared::openapi::string_enum(&["json"]),
                ),
            ],
            ok: json::<OEmbed>(),
            errors: vec![
                err(
                    400,
                    "No `url` (`missing_url`), a bad bound (`invalid_dimension`) or query (`invalid_query`).",
                ),
                err(
                    404,
                    "Another site's, an unknown or an unpublished URL (`not_found`).",
                ),
                err(
                    501,
                    "A `format` other than `json` (`format_not_implemented`).",
                ),
            ],
        },
        Op {
            path: "/sitemap.xml",
            tag: "pages",
            id: "sitemap",
            summary: "The sitemap",
            description: "The lists and every published item in each language, with `lastmod`; past 40,000 \
                          items, an index of `/sitemaps/{n}` files instead.",
            params: vec![],
            ok: Body::Other("application/xml; charset=utf-8"),
            errors: vec![],
        },
        Op {
            path: "/sitemaps/{n}",
            tag: "pages",
            id: "sitemapPart",
            summary: "One file of a large sitemap",
            description: "Items `n × 40,000` to `(n + 1) × 40,000`.",
            params: vec![
                ParameterBuilder::new()
                    .name("n")
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(integer(0, None)))
                    .build(),
            ],
            ok: Body::Other("application/xml; charset=utf-8"),
            errors: vec![err(404, "No such file (`not_found`).")],
        },
        Op {
            path: "/robots.txt",
            tag: "pages",
            id: "robots",
            summary: "Crawler rules, with the sitemap's address",
            description: "",
            params: vec![],
            ok: Body::Other("text/plain; charset=utf-8"),
            errors: vec![],
        },
        Op {
            path: "/api",
            tag: "service",
            id: "apiPage",
            summary: "This document for people",
            description: "",
            params: vec![],
            ok: Body::Other(HTML),
            errors: vec![],
        },
        Op {
            path: "/healthz",
            tag: "service",
            id: "health",
            summary: "Whether the server and its database answer",
            description: "",
            params: vec![],
            ok: json::<Health>(),
            errors: vec![(
                503,
                json::<Health>(),
                "The database does not answer (`{\"status\": \"database unavailable\"}`).",
            )],
        },
        Op {
            path: "/embed.js",
            tag: "service",
            id: "embedJs",
            summary: "The embed loader partners paste",
            description: "Replaces each `<div data-aqiqat>` with an iframe of `/widget` and keeps its height \
                          fitted. Cached 5 minutes.",
            params: vec![],
            ok: Body::Other("text/javascript; charset=utf-8"),
            errors: vec![],
        },
        Op {
            path: "/demo",
            tag: "service",
            id: "demo",
            summary: "A demo host page embedding the widget",
            description: "",
            params: vec![],
            ok: Body::Other(HTML),
            errors: vec![],
        },
        Op {
            path: "/favicon.ico",
            tag: "service",
            id: "favicon",
            summary: "The icon (SVG)",
            description: "",
            params: vec![],
            ok: Body::Other("image/svg+xml"),
            errors: vec![],
        },
        Op {
            path: "/admin",
            tag: "service",
            id: "adminPanel",
            summary: "The editors' panel (signed in; its API under `/api/v1/auth` and `/api/v1/admin` is not \
                      for partners and not described here)",
            description: "",
            params: vec![],
            ok: Body::Other(HTML),
            errors: vec![(503, Body::Other(HTML), "The admin bundle is not built.")],
        },
        Op {
            path: "/boot/{bundle}",
            tag: "service",
            id: "boot",
            summary: "Starts a WASM bundle (`widget.js`, `admin.js`)",
            description: "Its URL carries the bundle's hash, so it is cached for a year.",
            params: vec![
                ParameterBuilder::new()
                    .name("bundle")
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(aqiqat_shared::openapi::string_enum(&[
                        "widget.js",
                        "admin.js",
                    ])))
                    .build(),
            ],
            ok: Body::Other("text/javascript; charset=utf-8"),
            errors: vec![err(
                404,
                "No such bundle, or it is not built (`not_found`).",
            )],
        },
    ]
}

/// Errors any route may answer, whatever refused the request.
const COMMON_ERRORS: &[(u16, &str)] = &[
    (
        405,
        "Any method but `GET` and `HEAD` (`method_not_allowed`, with `Allow`).",
    ),
    (414, "A URI over 64 KiB (`uri_too_long`)."),
    (431, "Request headers over the limit (`headers_too_large`)."),
];

/// `(name, schema)` of `T` and of every schema it refers to.
fn with_deps<T: ToSchema>(out: &mut Vec<(String, RefOr<Schema>)>) {
    out.push((T::name().into_owned(), T::schema()));
    T::schemas(out);
}

fn content(body: &Body) -> (String, utoipa::openapi::Content) {
    match body {
        Body::Json(schema) => (
            "application/json".to_owned(),
            ContentBuilder::new()
                .schema(Some((**schema).clone()))
                .build(),
        ),
        Body::Typed(kind, schema) => (
            (*kind).to_owned(),
            ContentBuilder::new()
                .schema(Some((**schema).clone()))
                .build(),
        ),
        Body::Other(kind) => (
            (*kind).to_owned(),
            ContentBuilder::new().schema(Some(string().build())).build(),
        ),
    }
}

fn build() -> OpenApi {
    let mut paths = PathsBuilder::new();
    for op in ops() {
        let (kind, ok) = content(&op.ok);
        let mut o = OperationBuilder::new()
            .tag(op.tag)
            .operation_id(Some(op.id))
            .summary(Some(op.summary))
            .parameters(Some(op.params))
            .response(
                "200",
                ResponseBuilder::new().description("OK").content(kind, ok),
            );
        if !op.description.is_empty() {
            o = o.description(Some(op.description));
        }
        for (status, body, when) in &op.errors {
            let (kind, c) = content(body);
            o = o.response(
                status.to_string(),
                ResponseBuilder::new().description(*when).content(kind, c),
            );
        }
        for (status, when) in COMMON_ERRORS {
            let (kind, c) = content(&json::<ApiError>());
            o = o.response(
                status.to_string(),
                ResponseBuilder::new().description(*when).content(kind, c),
            );
        }
        paths = paths.path(op.path, PathItem::new(HttpMethod::Get, o));
    }
    let mut schemas = Vec::new();
    page::<IncidentCard>(&mut schemas);
    page::<ClaimCard>(&mut schemas);
    page::<StoryCard>(&mut schemas);
    with_deps::<IncidentDetail>(&mut schemas);
    with_deps::<ClaimDetail>(&mut schemas);
    with_deps::<StoryDetail>(&mut schemas);
    with_deps::<Facets>(&mut schemas);
    with_deps::<Timeline>(&mut schemas);
    with_deps::<DataVersion>(&mut schemas);
    with_deps::<ApiError>(&mut schemas);
    with_deps::<ErrorCode>(&mut schemas);
    with_deps::<OEmbed>(&mut schemas);
    with_deps::<Health>(&mut schemas);
    with_deps::<JsonFeed>(&mut schemas);
    for t in [
        schema_pair::<Category>(),
        schema_pair::<Kind>(),
        schema_pair::<Region>(),
        schema_pair::<Platform>(),
        schema_pair::<Verdict>(),
        schema_pair::<Stage>(),
        schema_pair::<Lang>(),
        schema_pair::<PartialDate>(),
        schema_pair::<Slug>(),
    ] {
        schemas.push(t);
    }
    schemas.sort_by(|a, b| a.0.cmp(&b.0));
    schemas.dedup_by(|a, b| a.0 == b.0);
    let components = ComponentsBuilder::new().schemas_from_iter(schemas).build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Aqiqat public API")
                .version("1")
                .description(Some(DESCRIPTION)),
        )
        .paths(paths)
        .components(Some(components))
        .tags(Some(TAGS.iter().map(|(name, d)| {
            TagBuilder::new().name(*name).description(Some(*d)).build()
        })))
        .build()
}

fn schema_pair<T: ToSchema>() -> (String, RefOr<Schema>) {
    (T::name().into_owned(), T::schema())
}

const DESCRIPTION: &str = "Aqiqat's public API: incidents of digital rights in Kazakhstan and fact-checked claims, \
as JSON under `/api/v1`, and the server-rendered pages readers and partners use. All JSON responses are UTF-8, \
compressed with brotli or gzip when asked, readable from any origin (CORS `*`, GET only), with strong ETags \
(`If-None-Match` → 304). Every error body is JSON: `{\"error\": {\"code\", \"message\", \"field\", \"details\"}}` \
(codes: `ErrorCode`). Every response carries `X-Content-Type-Options: nosniff` and `Referrer-Policy: \
strict-origin-when-cross-origin`.";

/// The document as JSON (built once). Type descriptions keep their first paragraph: the rest of a type's doc
/// comment is about the Rust code, not the API.
pub fn document_value() -> &'static Value {
    static JSON: LazyLock<Value> = LazyLock::new(|| {
        let mut v = serde_json::to_value(build()).unwrap_or(Value::Null);
        if let Some(schemas) = v["components"]["schemas"].as_object_mut() {
            for s in schemas.values_mut() {
                if let Some(Value::String(d)) = s.get_mut("description") {
                    let first = d.split("\n\n").next().unwrap_or("").replace('\n', " ");
                    *d = first;
                }
            }
        }
        v
    });
    &JSON
}

/// Every documented path.
pub fn documented_paths() -> Vec<String> {
    document_value()["paths"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// `GET /api/v1/openapi.json`.
pub async fn document_json() -> Response {
    static BYTES: LazyLock<Vec<u8>> =
        LazyLock::new(|| serde_json::to_vec_pretty(document_value()).unwrap_or_default());
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        BYTES.as_slice(),
    )
        .into_response()
}

/// `GET /api`: the document for people, as HTML (no script; the pages' stylesheet).
pub async fn api_page(State(st): State<AppState>) -> Response {
    let body = render_html(document_value(), &st.assets.reader_css);
    super::pages::html_page(&st, StatusCode::OK, body.into())
}

/// Inline Markdown of the descriptions (`code` only) as HTML.
fn inline_html(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(&escape(part));
            out.push_str("</code>");
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A schema in a few words: `Page_IncidentCard`, `array of Category`, `string (enum: a, b)`, ...
fn type_text(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
        let parts: Vec<String> = one.iter().map(type_text).collect();
        return parts.join(" | ");
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        let parts: Vec<String> = all.iter().map(type_text).collect();
        return parts.join(" & ");
    }
    let ty = match s.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => String::new(),
    };
    let mut out = if ty.contains("array") {
        let item = s.get("items").map(type_text).unwrap_or_default();
        ty.replace("array", &format!("array of {item}"))
    } else {
        ty
    };
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        let v: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        out.push_str(&format!(" (one of: {})", v.join(", ")));
    }
    let mut bounds = Vec::new();
    for (k, label) in [
        ("minimum", "≥"),
        ("maximum", "≤"),
        ("minLength", "length ≥"),
        ("maxLength", "length ≤"),
        ("maxItems", "items ≤"),
    ] {
        if let Some(n) = s.get(k).and_then(Value::as_f64) {
            bounds.push(format!("{label} {n}"));
        }
    }
    if let Some(p) = s.get("pattern").and_then(Value::as_str) {
        bounds.push(format!("pattern {p}"));
    }
    if !bounds.is_empty() {
        out.push_str(&format!(" [{}]", bounds.join(", ")));
    }
    out
}

/// One rendering of the document, for HTML and Markdown alike.
trait Writer {
    fn heading(&mut self, level: u8, text: &str, id: &str);
    fn para(&mut self, text: &str);
    fn table(&mut self, head: &[&str], rows: Vec<Vec<String>>);
}

fn render(doc: &Value, w: &mut dyn Writer) {
    let info = &doc["info"];
    w.para(str_of(info, "description"));
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for tag in doc["tags"].as_array().cloned().unwrap_or_default() {
        let name = str_of(&tag, "name");
        w.heading(2, name, &format!("tag-{name}"));
        w.para(str_of(&tag, "description"));
        for (path, item) in &paths {
            let Some(op) = item.get("get") else { continue };
            let in_tag = op["tags"]
                .as_array()
                .is_some_and(|t| t.iter().any(|x| x.as_str() == Some(name)));
            if !in_tag {
                continue;
            }
            w.heading(
                3,
                &format!("`GET {path}`: {}", str_of(op, "summary")),
                str_of(op, "operationId"),
            );
            let d = str_of(op, "description");
            if !d.is_empty() {
                w.para(d);
            }
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            if !params.is_empty() {
                let rows = params
                    .iter()
                    .map(|p| {
                        let mut name = format!("`{}`", str_of(p, "name"));
                        if p["required"].as_bool() == Some(true) {
                            name.push_str(" (required)");
                        }
                        vec![
                            name,
                            str_of(p, "in").to_owned(),
                            format!("`{}`", type_text(&p["schema"])),
                            str_of(p, "description").to_owned(),
                        ]
                    })
                    .collect();
                w.table(&["parameter", "in", "schema", "meaning"], rows);
            }
            let mut rows = Vec::new();
            for (status, r) in op["responses"].as_object().cloned().unwrap_or_default() {
                for (kind, c) in r["content"].as_object().cloned().unwrap_or_default() {
                    rows.push(vec![
                        status.clone(),
                        format!("`{kind}`"),
                        if kind.starts_with("application/json") {
                            format!("`{}`", type_text(&c["schema"]))
                        } else {
                            String::new()
                        },
                        str_of(&r, "description").to_owned(),
                    ]);
                }
            }
            w.table(&["status", "content", "body", "when"], rows);
        }
    }
    w.heading(2, "Schemas", "schemas");
    let schemas = doc["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    for (name, s) in &schemas {
        w.heading(3, name, &format!("schema-{name}"));
        let d = str_of(s, "description");
        if !d.is_empty() {
            w.para(d);
        }
        if name == "ErrorCode" {
            let rows = aqiqat_shared::api::ErrorCode::ALL
                .iter()
                .map(|c| vec![format!("`{}`", c.as_str()), c.description().to_owned()])
                .collect();
            w.table(&["code", "meaning"], rows);
            continue;
        }
        let mut rows = Vec::new();
        let mut parts = vec![s.clone()];
        if let Some(all) = s.get("allOf").and_then(Value::as_array) {
            parts = all.clone();
        }
        for part in parts {
            if part.get("$ref").is_some() {
                rows.push(vec![
                    format!("all fields of `{}`", type_text(&part)),
                    String::new(),
                    String::new(),
                ]);
                continue;
            }
            let required: Vec<&str> = part["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for (field, fs) in part["properties"].as_object().cloned().unwrap_or_default() {
                let mut f = format!("`{field}`");
                if !required.contains(&field.as_str()) {
                    f.push_str(" (optional)");
                }
                rows.push(vec![
                    f,
                    format!("`{}`", type_text(&fs)),
                    str_of(&fs, "description").to_owned(),
                ]);
            }
        }
        if rows.is_empty() {
            w.para(&format!("`{}`", type_text(s)));
        } else {
            w.table(&["field", "schema", "meaning"], rows);
        }
    }
}

struct Markdown(String);

impl Writer for Markdown {
    fn heading(&mut self, level: u8, text: &str, _id: &str) {
        self.0.push_str(&format!(
            "{} {}\n\n",
            "#".repeat(usize::from(level) + 1),
            text
        ));
    }
    fn para(&mut self, text: &str) {
        self.0.push_str(text);
        self.0.push_str("\n\n");
    }
    fn table(&mut self, head: &[&str], rows: Vec<Vec<String>>) {
        let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        self.0.push_str(&format!("| {} |\n", head.join(" | ")));
        self.0
            .push_str(&format!("|{}\n", "---|".repeat(head.len())));
        for r in rows {
            let r: Vec<String> = r.iter().map(|c| cell(c)).collect();
            self.0.push_str(&format!("| {} |\n", r.join(" | ")));
        }
        self.0.push('\n');
    }
}

struct Html(String);

impl Writer for Html {
    fn heading(&mut self, level: u8, text: &str, id: &str) {
        self.0.push_str(&format!(
            "<h{level} id=\"{}\">{}</h{level}>\n",
            escape(id),
            inline_html(text)
        ));
    }
    fn para(&mut self, text: &str) {
        self.0.push_str(&format!("<p>{}</p>\n", inline_html(text)));
    }
    fn table(&mut self, head: &[&str], rows: Vec<Vec<String>>) {
        self.0.push_str("<table><thead><tr>");
        for h in head {
            self.0
                .push_str(&format!("<th scope=\"col\">{}</th>", escape(h)));
        }
        self.0.push_str("</tr></thead><tbody>\n");
        for r in rows {
            self.0.push_str("<tr>");
            for c in r {
                self.0.push_str(&format!("<td>{}</td>", inline_html(&c)));
            }
            self.0.push_str("</tr>\n");
        }
        self.0.push_str("</tbody></table>\n");
    }
}

/// The reference part of `docs/API.md`, generated from the document.
pub fn render_markdown() -> String {
    let mut w = Markdown(String::new());
    render(document_value(), &mut w);
    w.0.trim_end().to_owned() + "\n"
}

/// The `/api` page.
fn render_html(doc: &Value, css: &str) -> String {
    let mut w = Html(String::new());
    render(doc, &mut w);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Aqiqat public API</title><style>{css}</style></head>\
         <body><main class=\"aq-api\"><h1>{}</h1>\
         <p>Machine-readable: <a href=\"/api/v1/openapi.json\"><code>/api/v1/openapi.json</code></a> (OpenAPI {}).</p>\n{}</main></body></html>\n",
        escape(str_of(&doc["info"], "title")),
        escape(str_of(doc, "openapi")),
        w.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_referenced_schema_is_defined() {
        let doc = serde_json::to_string(document_value()).unwrap();
        let schemas = document_value()["components"]["schemas"]
            .as_object()
            .unwrap();
        for part in doc.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = &part[..part.find('"').unwrap()];
            assert!(
                schemas.contains_key(name),
                "{name} is referenced but not defined"
            );
        }
        assert_eq!(document_value()["openapi"], "3.1.0");
    }

    /// Every route the public routers serve is in the document, and every documented path is served. The app is
    /// built for real and every route `fold` added is read back: all of them come from `PublicRoutes`' lists (so
    /// a list `app` serves is a list checked here), and every file of the crate is read for routes added any other
    /// way (`.route(` and the like outside `fold`), which only the private API and `/static` may do.
    #[tokio::test]
    async fn the_document_covers_exactly_the_public_routes() {
        use super::super::{API_PREFIX, FOLDED, PublicRoutes};
        use std::collections::BTreeSet;

        let lists = PublicRoutes::all();
        let routed: BTreeSet<String> = lists.paths().into_iter().collect();
        let documented: BTreeSet<String> = documented_paths().into_iter().collect();
        let undocumented: Vec<_> = routed.difference(&documented).collect();
        assert!(
            undocumented.is_empty(),
            "public routes missing from the OpenAPI document: {undocumented:?}"
        );
        let unrouted: Vec<_> = documented.difference(&routed).collect();
        assert!(
            unrouted.is_empty(),
            "documented paths no router serves: {unrouted:?}"
        );

        // What the real app adds is exactly those lists (paths as written in their module, before `/api/v1`): a
        // list served beside `PublicRoutes`, by any module, shows here.
        FOLDED.with(|f| f.borrow_mut().clear());
        let db = crate::db::Db::open("sqlite::memory:").await.expect("db");
        let assets = super::super::web::WebAssets::load(std::path::Path::new("/nonexistent"));
        let _app = super::super::app(AppState::new(db, assets, Default::default()));
        let mut folded: Vec<String> =
            FOLDED.with(|f| f.borrow().iter().map(|p| p.to_string()).collect());
        folded.sort();
        let mut listed: Vec<String> = lists
            .paths()
            .into_iter()
            .map(|p| p.strip_prefix(API_PREFIX).map(str::to_owned).unwrap_or(p))
            .collect();
        listed.sort();
        assert_eq!(
            folded, listed,
            "the app serves routes beside `PublicRoutes`"
        );

        // No route is added beside `fold`, in any file of the crate, but by the private API (signed in, under
        // `/api/v1/auth` and `/api/v1/admin`) and the bundle files (`UNDOCUMENTED`).
        const ALLOWED: &[(&str, &str, usize)] = &[
            ("http/mod.rs", ".route(", 1),
            ("http/auth.rs", ".route(", 3),
            ("http/admin/mod.rs", ".route(", 2),
            ("http/web.rs", ".nest_service(", 1),
        ];
        const ADDERS: &[&str] = &[
            ".route(",
            ".route_service(",
            ".nest_service(",
            ".fallback_service(",
        ];
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
        let mut files = vec![root.to_path_buf()];
        let mut seen = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            seen += 1;
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let src = std::fs::read_to_string(&path).unwrap();
            // This test names the patterns.
            let src = if name == "http/openapi.rs" {
                src[..src.find("#[cfg(test)]").unwrap_or(src.len())].to_owned()
            } else {
                src
            };
            for adder in ADDERS {
                let n = src.matches(adder).count();
                let allowed = ALLOWED
                    .iter()
                    .find(|(f, a, _)| *f == name && a == adder)
                    .map_or(0, |(_, _, n)| *n);
                assert_eq!(
                    n, allowed,
                    "{name} adds a route with `{adder}` outside the public route lists: add it to a module's \
                     `routes()` (in `PublicRoutes`) and to the document"
                );
            }
        }
        assert!(seen > 20, "read {seen} files");
    }

    /// `docs/API.md` ends with the generated reference; `AQIQAT_UPDATE_DOCS=1` rewrites it.
    #[test]
    fn docs_api_md_holds_the_generated_reference() {
        const MARKER: &str =
            "<!-- generated by `aqiqat openapi --markdown`: do not edit below this line -->\n";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/API.md");
        let text = std::fs::read_to_string(path).expect("docs/API.md");
        let (head, _) = text
            .split_once(MARKER)
            .expect("docs/API.md has the generated-reference marker");
        let want = format!("{head}{MARKER}\n{}", render_markdown());
        if text != want {
            if std::env::var_os("AQIQAT_UPDATE_DOCS").is_some() {
                std::fs::write(path, want).expect("write docs/API.md");
                return;
            }
            panic!(
                "docs/API.md's reference differs from the OpenAPI document the code generates: rerun this test \
                 with AQIQAT_UPDATE_DOCS=1 (`cargo test -p aqiqat-backend --lib openapi`)"
            );
        }
    }

    /// The CSV exports' descriptions name every column, in the order of the header row.
    #[test]
    fn csv_descriptions_list_the_columns_in_order() {
        use aqiqat_shared::export::{CLAIM_COLUMNS, INCIDENT_COLUMNS};
        for (text, columns) in [
            (EXPORT_INCIDENTS_CSV, &INCIDENT_COLUMNS[..]),
            (EXPORT_CLAIMS_CSV, &CLAIM_COLUMNS[..]),
        ] {
            // The list without its parenthesized notes: `a` (note; note); `b`; ...
            let mut depth = 0;
            let bare: String = text
                .split_once("Columns: ")
                .expect("a column list")
                .1
                .chars()
                .filter(|c| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => return depth == 0,
                    }
                    false
                })
                .collect();
            let listed: Vec<&str> = bare
                .split(';')
                .map(|c| c.split('`').nth(1).expect("a column in backticks"))
                .collect();
            assert_eq!(listed, columns);
        }
    }

    #[test]
    fn enum_values_and_error_codes_are_listed() {
        let s = &document_value()["components"]["schemas"];
        assert_eq!(
            s["Category"]["enum"].as_array().unwrap().len(),
            Category::ALL.len()
        );
        assert_eq!(
            s["ErrorCode"]["enum"].as_array().unwrap().len(),
            ErrorCode::ALL.len()
        );
        let md = render_markdown();
        for c in ErrorCode::ALL {
            assert!(md.contains(&format!("`{}`", c.as_str())), "{c}");
        }
    }
}
