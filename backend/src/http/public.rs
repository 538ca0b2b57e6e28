//! The public read API under `/api/v1/`: lists, details, facets and timeline, all with the same filter.

use aqiqat_shared::ListQuery;
use aqiqat_shared::api::{ClaimDetail, IncidentDetail, Page, StoryDetail};
use axum::Extension;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::cache::AnsweredAt;
use super::error::ApiErr;
use super::extract::{ApiQuery, IdPath};
use crate::db::{Cursor, Db};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/incidents", get(incidents))
        .route("/incidents/{id}", get(incident))
        .route("/claims", get(claims))
        .route("/claims/{id}", get(claim))
        .route("/stories", get(stories))
        .route("/stories/{id}", get(story))
        .route("/facets", get(facets))
        .route("/timeline", get(timeline))
        .route("/version", get(version))
}

fn cursor(q: &aqiqat_shared::ListQuery) -> Result<Option<Cursor>, ApiErr> {
    q.cursor
        .as_deref()
        .map(Cursor::decode)
        .transpose()
        .map_err(ApiErr::BadRequest)
}

async fn incidents(State(st): State<AppState>, ApiQuery(q): ApiQuery) -> Result<Response, ApiErr> {
    let c = cursor(&q)?;
    list(&st, &q, "incidents", c.is_none(), async |db, total| {
        db.list_incidents(&q, c.as_ref(), total).await
    })
    .await
}

async fn stories(State(st): State<AppState>, ApiQuery(q): ApiQuery) -> Result<Response, ApiErr> {
    let c = cursor(&q)?;
    let key = format!(
        "stories {:?} {:?} {} {:?}",
        q.filter, q.lang, q.limit, q.cursor
    );
    remembered(&st, key, async |db| {
        to_bytes(&db.list_stories(&q, c.as_ref()).await?)
    })
    .await
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
    let c = cursor(&q)?;
    list(&st, &q, "claims", c.is_none(), async |db, total| {
        db.list_claims(&q, c.as_ref(), total).await
    })
    .await
}

/// A list answer: first pages are remembered whole for the data version, and every page reuses the count of
/// matches once made (counting is the part of a page that grows with the data).
async fn list<T: serde::Serialize>(
    st: &AppState,
    q: &ListQuery,
    kind: &str,
    first_page: bool,
    fetch: impl AsyncFnOnce(&Db, Option<u64>) -> crate::db::Result<Page<T>>,
) -> Result<Response, ApiErr> {
    let version = st.db.data_version().await?;
    let count_key = format!("{kind} count {:?}", q.filter);
    let page_key = format!("{kind} {:?} {:?} {}", q.filter, q.lang, q.limit);
    let page = async |known: Option<u64>| -> Result<Bytes, ApiErr> {
        let page = fetch(&st.db, known).await?;
        if known.is_none() {
            st.memo.put(
                version,
                count_key.clone(),
                Bytes::from(page.total.to_string().into_bytes()),
            );
        }
        to_bytes(&page)
    };
    let known = known_total(st, version, &count_key);
    let answer = if first_page {
        st.memo
            .get_or_compute(version, page_key, page(known))
            .await?
    } else {
        page(known).await?
    };
    Ok(json_bytes(answer, version))
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
    let key = format!("facets {:?}", q.filter);
    remembered(&st, key, async |db| to_bytes(&db.facets(&q.filter).await?)).await
}

async fn timeline(State(st): State<AppState>, ApiQuery(q): ApiQuery) -> Result<Response, ApiErr> {
    let key = format!("timeline {:?}", q.filter);
    remembered(&st, key, async |db| {
        to_bytes(&db.timeline(&q.filter).await?)
    })
    .await
}

/// An answer computed once per data version (see `memo`).
async fn remembered(
    st: &AppState,
    key: String,
    compute: impl AsyncFnOnce(&Db) -> Result<Bytes, ApiErr>,
) -> Result<Response, ApiErr> {
    let version = st.db.data_version().await?;
    let answer = st
        .memo
        .get_or_compute(version, key, compute(&st.db))
        .await?;
    Ok(json_bytes(answer, version))
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
        Json(serde_json::json!({ "data_version": v })),
    )
        .into_response())
}
