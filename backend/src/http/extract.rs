//! Our own extractors, so that a bad query string or path gets the API's JSON error, never axum's plain text.

use aqiqat_shared::api::ErrorCode;
use aqiqat_shared::{FieldError, ListQuery, RawQuery, Slug};
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use super::error::ApiErr;

/// The reader's filter, language and paging, checked by the shared crate's rules.
pub struct ApiQuery(pub ListQuery);

impl<S: Send + Sync> FromRequestParts<S> for ApiQuery {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiErr> {
        let qs = parts.uri.query().unwrap_or("");
        let raw: RawQuery = serde_urlencoded::from_str(qs).map_err(|e| {
            ApiErr::BadRequest(FieldError::new(
                "query",
                ErrorCode::InvalidQuery.as_str(),
                format!("bad query string: {e}"),
            ))
        })?;
        ListQuery::parse(&raw)
            .map(ApiQuery)
            .map_err(ApiErr::BadRequest)
    }
}

/// A route's own query keys and their values, in order.
pub type OwnKeys = Vec<(String, String)>;

/// A list query from a query string that may also carry keys of the route's own (`extra`, e.g. an export's
/// `bom`): those are taken out and returned in order; the rest is checked exactly as the lists check it, with the
/// same errors. Also returns the raw query, for routes whose defaults differ from the lists' (a feed's `limit`).
pub fn list_query_with(qs: &str, extra: &[&str]) -> Result<(ListQuery, RawQuery, OwnKeys), ApiErr> {
    let bad = |e: serde_urlencoded::de::Error| {
        ApiErr::BadRequest(FieldError::new(
            "query",
            "invalid_query",
            format!("bad query string: {e}"),
        ))
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(qs).map_err(bad)?;
    let (own, rest): (Vec<_>, Vec<_>) = pairs
        .into_iter()
        .partition(|(k, _)| extra.contains(&k.as_str()));
    let rest = serde_urlencoded::to_string(&rest).unwrap_or_default();
    let raw: RawQuery = serde_urlencoded::from_str(&rest).map_err(bad)?;
    let q = ListQuery::parse(&raw).map_err(ApiErr::BadRequest)?;
    Ok((q, raw, own))
}

/// An item id from the path (`/incidents/{id}`).
pub struct IdPath(pub Slug);

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiErr> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| {
                ApiErr::BadRequest(FieldError::new(
                    "id",
                    ErrorCode::InvalidId.as_str(),
                    e.body_text(),
                ))
            })?;
        Slug::parse(&id).map(IdPath).map_err(|e| {
            ApiErr::BadRequest(FieldError::new(
                "id",
                ErrorCode::InvalidId.as_str(),
                e.to_string(),
            ))
        })
    }
}

/// A numeric id from the path (`/users/{id}`), with the API's JSON error when it is not a number.
pub struct NumPath(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for NumPath {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiErr> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| {
                ApiErr::BadRequest(FieldError::new(
                    "id",
                    ErrorCode::InvalidId.as_str(),
                    e.body_text(),
                ))
            })?;
        id.parse().map(NumPath).map_err(|_| {
            ApiErr::BadRequest(FieldError::new(
                "id",
                ErrorCode::InvalidId.as_str(),
                format!("{id:?} is not a number"),
            ))
        })
    }
}

/// A JSON request body; malformed or mistyped bodies get the API's JSON error.
pub struct ApiJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned,
{
    type Rejection = ApiErr;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiErr> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(json_rejection(e)),
        }
    }
}

fn json_rejection(e: axum::extract::rejection::JsonRejection) -> ApiErr {
    use axum::extract::rejection::JsonRejection;
    use axum::http::StatusCode;
    match e {
        JsonRejection::MissingJsonContentType(_) => unsupported_media_type(),
        JsonRejection::JsonSyntaxError(e) => ApiErr::client(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            format!("the body is not valid JSON: {}", e.body_text()),
        ),
        JsonRejection::JsonDataError(e) => ApiErr::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidBody,
            format!(
                "the body does not have the expected fields: {}",
                e.body_text()
            ),
        ),
        e if e.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large(),
        e => ApiErr::client(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidBody,
            e.body_text(),
        ),
    }
}

fn unsupported_media_type() -> ApiErr {
    ApiErr::client(
        axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
        "send the body as JSON with Content-Type: application/json",
    )
}

fn too_large() -> ApiErr {
    ApiErr::client(
        axum::http::StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::TooLarge,
        "the request body is too large",
    )
}

/// A JSON body like [`ApiJson`], decoded on a blocking thread: for bodies of megabytes (a digest and the lists
/// that go with it), whose decoding must not hold one of the few async workers that serve every other request.
pub struct ApiJsonOffloaded<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ApiJsonOffloaded<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned + Send + 'static,
{
    type Rejection = ApiErr;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiErr> {
        let json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .is_some_and(|v| v == "application/json" || v.ends_with("+json"));
        if !json {
            return Err(unsupported_media_type());
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    ApiErr::client(e.status(), ErrorCode::InvalidBody, e.body_text())
                }
            })?;
        tokio::task::spawn_blocking(move || axum::Json::<T>::from_bytes(&bytes))
            .await
            .map_err(|e| ApiErr::Internal(e.into()))?
            .map(|axum::Json(v)| ApiJsonOffloaded(v))
            .map_err(json_rejection)
    }
}
