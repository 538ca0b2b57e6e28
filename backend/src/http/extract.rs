//! Our own extractors, so that a bad query string or path gets the API's JSON error, never axum's plain text.

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
                "invalid_query",
                format!("bad query string: {e}"),
            ))
        })?;
        ListQuery::parse(&raw)
            .map(ApiQuery)
            .map_err(ApiErr::BadRequest)
    }
}

/// An item id from the path (`/incidents/{id}`).
pub struct IdPath(pub Slug);

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiErr> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiErr::BadRequest(FieldError::new("id", "invalid_id", e.body_text())))?;
        Slug::parse(&id)
            .map(IdPath)
            .map_err(|e| ApiErr::BadRequest(FieldError::new("id", "invalid_id", e.to_string())))
    }
}

/// A numeric id from the path (`/users/{id}`), with the API's JSON error when it is not a number.
pub struct NumPath(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for NumPath {
    type Rejection = ApiErr;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiErr> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiErr::BadRequest(FieldError::new("id", "invalid_id", e.body_text())))?;
        id.parse().map(NumPath).map_err(|_| {
            ApiErr::BadRequest(FieldError::new(
                "id",
                "invalid_id",
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
        use axum::extract::rejection::JsonRejection;
        use axum::http::StatusCode;
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiErr::client(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            )),
            Err(JsonRejection::JsonSyntaxError(e)) => Err(ApiErr::client(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("the body is not valid JSON: {}", e.body_text()),
            )),
            Err(JsonRejection::JsonDataError(e)) => Err(ApiErr::client(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
                format!(
                    "the body does not have the expected fields: {}",
                    e.body_text()
                ),
            )),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiErr::client(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "the request body is too large",
            )),
            Err(e) => Err(ApiErr::client(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                e.body_text(),
            )),
        }
    }
}
