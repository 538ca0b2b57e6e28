//! The public read API under `/api/v1/`: lists, details, facets and timeline, all with the same filter.

use aqiqat_shared::api::ErrorCode;
use aqiqat_shared::api::{ClaimDetail, IncidentDetail, StoryDetail};
use aqiqat_shared::{FieldError, Filter, ListQuery};
use axum::Extension;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::cache::AnsweredAt;
use super::error::ApiErr;
use super::extract::{ApiQuery, IdPath, list_query_with};
use crate::db::Cursor;

/// Every route of the public JSON API (under `/api/v1`), in one list: the router is built from it, and the OpenAPI
/// document's test checks it against the document (`super::openapi`).
pub fn routes() -> super::Routes {
    vec![
        ("/incidents", get(incidents)),
        ("/incidents/{id}", get(incident)),
        ("/claims", get(claims)),
        ("/claims/{id}", get(claim)),
        ("/stories", get(stories)),
        ("/stories/{id}", get(story)),
        ("/facets", get(facets)),
        ("/timeline", get(timeline)),
        ("/view", get(view)),
        ("/version", get(version)),
        ("/openapi.json", get(super::openapi::document_json)),
    ]
}

fn cursor(q: &aqiqat_shared::ListQuery) -> Result<Option<Cursor>, ApiErr> {
    q.cursor
        .as_deref()
        .map(Cursor::decode)
        .transpose()
        .map_err(ApiErr::BadRequest)
}

/// The two public lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListKind {
    Incidents,
    Claims,
}

impl ListKind {
    fn as_str(self) -> &'static str {
        match self {
            ListKind::Incidents => "incidents",
            ListKind::Claims => "claims",
        }
    }
}

async fn incidents(State(st): State<AppState>, ApiQuery(q): ApiQuery) -> Result<Response, ApiErr> {
    let version = st.db.data_version().await?;
    let answer = list_json(&st, version, &q, ListKind::Incidents).await?;
    Ok(json_bytes(answer, version))
}

async fn stories(State(st): State<AppState>, ApiQuery(q): ApiQuery) -> Result<Response, ApiErr> {
    let c = cursor(&q)?;
    let key = format!(
        "stories {:?} {:?} {} {:?}",
        q.filter, q.lang, q.limit, q.cursor
    );
    let version = st.db.data_version().await?;
    let answer = st
        .memo
        .get_or_compute(version, key, async {
            to_bytes(&st.db.list_stories(&q, c.as_ref()).await?)
        })
        .await?;
    Ok(json_bytes(answer, version))
}

async fn story(
    State(st): State<AppState>,
    IdPath(id): IdPath,
    ApiQuery(q): ApiQuery,
) -> Result<Json<StoryDetail>, ApiErr> {
    st.db
        .story_detail(id.as_str(), q.lang)
        .await?
        .map(Json)
        .ok_or_else(|| ApiErr::NotFound {
            what: "published story",
            id: id.to_string(),
        })
}

async fn claims(State(st): State<AppState>, ApiQuery(q): ApiQuery) -> Result<Response, ApiErr> {
    let version = st.db.data_version().await?;
    let answer = list_json(&st, version, &q, ListKind::Claims).await?;
    Ok(json_bytes(answer, version))
}

/// A list answer as JSON: first pages are remembered whole for the data version, and every page reuses the count
/// of matches once made (counting is the part of a page that grows with the data). The API and the server-rendered
/// pages share these answers.
pub(super) async fn list_json(
    st: &AppState,
    version: i64,
    q: &ListQuery,
    kind: ListKind,
) -> Result<Bytes, ApiErr> {
    let c = cursor(q)?;
    let first_page = c.is_none();
    let count_key = format!("{} count {:?}", kind.as_str(), q.filter);
    let page_key = format!("{} {:?} {:?} {}", kind.as_str(), q.filter, q.lang, q.limit);
    let page = async |known: Option<u64>| -> Result<Bytes, ApiErr> {
        let (bytes, total) = match kind {
            ListKind::Incidents => {
                let p = st.db.list_incidents(q, c.as_ref(), known).await?;
                (to_bytes(&p)?, p.total)
            }
            ListKind::Claims => {
                let p = st.db.list_claims(q, c.as_ref(), known).await?;
                (to_bytes(&p)?, p.total)
            }
        };
        if known.is_none() {
            st.memo.put(
                version,
                count_key.clone(),
                Bytes::from(total.to_string().into_bytes()),
            );
        }
        Ok(bytes)
    };
    let known = known_total(st, version, &count_key);
    if first_page {
        st.memo.get_or_compute(version, page_key, page(known)).await
    } else {
        page(known).await
    }
}

/// The number of matches of a filter, when counted before at this data version.
fn known_total(st: &AppState, version: i64, key: &str) -> Option<u64> {
    let bytes = st.memo.get(version, key)?;
    std::str::from_utf8(&bytes).ok()?.parse().ok()
}

async fn incident(
    State(st): State<AppState>,
    IdPath(id): IdPath,
    ApiQuery(q): ApiQuery,
) -> Result<Json<IncidentDetail>, ApiErr> {
    st.db
        .incident_detail(id.as_str(), q.lang)
        .await?
        .map(Json)
        .ok_or_else(|| ApiErr::NotFound {
            what: "published incident",
            id: id.to_string(),
        })
}

async fn claim(
    State(st): State<AppState>,
    IdPath(id): IdPath,
    ApiQuery(q): ApiQuery,
) -> Result<Json<ClaimDetail>, ApiErr> {
    st.db
        .claim_detail(id.as_str(), q.lang)
        .await?
        .map(Json)
        .ok_or_else(|| ApiErr::NotFound {
            what: "published claim",
            id: id.to_string(),
        })
}

async fn facets(State(st): State<AppState>, ApiQuery(q): ApiQuery) -> Result<Response, ApiErr> {
    let version = st.db.data_version().await?;
    let answer = facets_json(&st, version, &q.filter).await?;
    Ok(json_bytes(answer, version))
}

async fn timeline(State(st): State<AppState>, ApiQuery(q): ApiQuery) -> Result<Response, ApiErr> {
    let version = st.db.data_version().await?;
    let answer = timeline_json(&st, version, &q.filter).await?;
    Ok(json_bytes(answer, version))
}

/// Facet counts of a filter as JSON, computed once per data version (see `memo`).
pub(super) async fn facets_json(st: &AppState, version: i64, f: &Filter) -> Result<Bytes, ApiErr> {
    let key = format!("facets {f:?}");
    st.memo
        .get_or_compute(version, key, async { to_bytes(&st.db.facets(f).await?) })
        .await
}

/// The timeline of a filter as JSON, computed once per data version.
pub(super) async fn timeline_json(
    st: &AppState,
    version: i64,
    f: &Filter,
) -> Result<Bytes, ApiErr> {
    let key = format!("timeline {f:?}");
    st.memo
        .get_or_compute(version, key, async { to_bytes(&st.db.timeline(f).await?) })
        .await
}

/// `/api/v1/view`: a list page, the facet counts and the timeline of one query in one answer (see
/// [`aqiqat_shared::api::ViewAnswer`]): a reader's filter change costs the widget one request instead of three. The
/// parts are the same remembered answers the three routes give, joined without being parsed again.
async fn view(State(st): State<AppState>, uri: Uri) -> Result<Response, ApiErr> {
    let (q, _, own) = list_query_with(uri.query().unwrap_or(""), &["list"])?;
    let kind = match own.as_slice() {
        [] => ListKind::Incidents,
        [(_, v)] if v == "incidents" => ListKind::Incidents,
        [(_, v)] if v == "claims" => ListKind::Claims,
        [(_, v)] => {
            return Err(ApiErr::BadRequest(FieldError::new(
                "list",
                ErrorCode::UnknownValue.as_str(),
                format!("unknown list {v:?}; expected incidents or claims"),
            )));
        }
        _ => {
            return Err(ApiErr::BadRequest(FieldError::new(
                "list",
                ErrorCode::InvalidQuery.as_str(),
                "`list` given more than once".to_owned(),
            )));
        }
    };
    let version = st.db.data_version().await?;
    let undated = q.filter.without_dates();
    let (list, facets, timeline) = tokio::try_join!(
        list_json(&st, version, &q, kind),
        facets_json(&st, version, &q.filter),
        timeline_json(&st, version, &undated),
    )?;
    let mut body = Vec::with_capacity(list.len() + facets.len() + timeline.len() + 48);
    for (key, part) in [
        (kind.as_str(), &list),
        ("facets", &facets),
        ("timeline", &timeline),
    ] {
        body.extend_from_slice(if body.is_empty() { b"{\"" } else { b",\"" });
        body.extend_from_slice(key.as_bytes());
        body.extend_from_slice(b"\":");
        body.extend_from_slice(part);
    }
    body.push(b'}');
    Ok(json_bytes(Bytes::from(body), version))
}

fn to_bytes(answer: &impl serde::Serialize) -> Result<Bytes, ApiErr> {
    Ok(Bytes::from(
        serde_json::to_vec(answer).map_err(|e| ApiErr::Internal(e.into()))?,
    ))
}

fn json_bytes(body: Bytes, version: i64) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        Extension(AnsweredAt(version)),
        body,
    )
        .into_response()
}

/// The current data version: the widget sends it as `v=` so caches can keep versioned answers long.
async fn version(State(st): State<AppState>) -> Result<axum::response::Response, ApiErr> {
    use axum::response::IntoResponse;
    let v = st.db.data_version().await?;
    Ok((
        [(
            axum::http::header::CACHE_CONTROL,
            super::cache::VERSION_ENDPOINT,
        )],
        Json(aqiqat_shared::api::DataVersion {
            data_version: u64::try_from(v).unwrap_or(0),
        }),
    )
        .into_response())
}
