//! The public read API under `/api/v1/`: lists, details, facets and timeline, all with the same filter.

use aqiqat_shared::api::{
    ClaimCard, ClaimDetail, Facets, IncidentCard, IncidentDetail, Page, Timeline,
};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::error::ApiErr;
use super::extract::{ApiQuery, IdPath};
use crate::db::Cursor;

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/incidents", get(incidents))
        .route("/incidents/{id}", get(incident))
        .route("/claims", get(claims))
        .route("/claims/{id}", get(claim))
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

async fn incidents(
    State(st): State<AppState>,
    ApiQuery(q): ApiQuery,
) -> Result<Json<Page<IncidentCard>>, ApiErr> {
    let c = cursor(&q)?;
    Ok(Json(st.db.list_incidents(&q, c.as_ref()).await?))
}

async fn claims(
    State(st): State<AppState>,
    ApiQuery(q): ApiQuery,
) -> Result<Json<Page<ClaimCard>>, ApiErr> {
    let c = cursor(&q)?;
    Ok(Json(st.db.list_claims(&q, c.as_ref()).await?))
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
    let version = st.db.data_version().await?;
    if let Some(answer) = st.memo.get(version, &key) {
        return Ok(json_bytes(answer));
    }
    let facets: Facets = st.db.facets(&q.filter).await?;
    Ok(json_bytes(remember(&st, version, key, &facets)?))
}

async fn timeline(State(st): State<AppState>, ApiQuery(q): ApiQuery) -> Result<Response, ApiErr> {
    let key = format!("timeline {:?}", q.filter);
    let version = st.db.data_version().await?;
    if let Some(answer) = st.memo.get(version, &key) {
        return Ok(json_bytes(answer));
    }
    let timeline: Timeline = st.db.timeline(&q.filter).await?;
    Ok(json_bytes(remember(&st, version, key, &timeline)?))
}

fn remember(
    st: &AppState,
    version: i64,
    key: String,
    answer: &impl serde::Serialize,
) -> Result<Bytes, ApiErr> {
    let bytes = Bytes::from(serde_json::to_vec(answer).map_err(|e| ApiErr::Internal(e.into()))?);
    st.memo.put(version, key, bytes.clone());
    Ok(bytes)
}

fn json_bytes(body: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
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
