//! The one error type of every handler. Each variant has one status and one JSON shape:
//! `{"error": {"code", "message", "field", "details"}}`. Internal errors are logged and answered with a generic
//! message: database text never reaches a client.

use aqiqat_shared::admin::StaleVersion;
use aqiqat_shared::api::ErrorCode;
use aqiqat_shared::api::{ApiError as ApiErrorBody, ErrorBody};
use aqiqat_shared::{FieldError, ValidationErrors};
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum ApiErr {
    #[error("{0}")]
    BadRequest(FieldError),
    /// Any other client error with its own status and code (401, 403, 409, 413, 415, 422...).
    #[error("{message}")]
    Client {
        status: StatusCode,
        code: ErrorCode,
        message: String,
        field: Option<String>,
    },
    /// A rejected item: every field problem, for the form.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// A save against an old version: what the other person saved.
    #[error("stale version")]
    Stale(Box<StaleVersion>),
    #[error("too many attempts")]
    RateLimited { retry_after: u64, message: String },
    #[error("no {what} with id {id:?}")]
    NotFound { what: &'static str, id: String },
    #[error("no such route")]
    NoRoute,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiErr {
    pub fn client(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> ApiErr {
        ApiErr::Client {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn unauthorized(code: ErrorCode, message: impl Into<String>) -> ApiErr {
        ApiErr::client(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn forbidden(code: ErrorCode, message: impl Into<String>) -> ApiErr {
        ApiErr::client(StatusCode::FORBIDDEN, code, message)
    }

    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> ApiErr {
        ApiErr::client(StatusCode::CONFLICT, code, message)
    }

    /// 422 for one field.
    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> ApiErr {
        ApiErr::Client {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            message: message.into(),
            field: Some(field.to_owned()),
        }
    }
}

impl From<DbError> for ApiErr {
    fn from(e: DbError) -> Self {
        match e {
            DbError::CursorMismatch => ApiErr::BadRequest(FieldError::new(
                "cursor",
                ErrorCode::InvalidCursor.as_str(),
                "this cursor belongs to a different query; start again without it",
            )),
            other => ApiErr::Internal(other.into()),
        }
    }
}

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        let mut details = Vec::new();
        let mut retry = None;
        let (status, code, message, field) = match self {
            ApiErr::BadRequest(e) => (StatusCode::BAD_REQUEST, e.code, e.message, Some(e.field)),
            ApiErr::Client {
                status,
                code,
                message,
                field,
            } => (status, code.as_str().to_owned(), message, field),
            ApiErr::Invalid(errors) => {
                let first = errors.first().clone();
                details = errors.0;
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::Invalid.as_str().to_owned(),
                    format!(
                        "{} field(s) need attention: {}",
                        details.len(),
                        first.message
                    ),
                    Some(first.field),
                )
            }
            ApiErr::Stale(body) => {
                let mut resp = (StatusCode::CONFLICT, Json(*body)).into_response();
                resp.headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                return resp;
            }
            ApiErr::RateLimited {
                retry_after,
                message,
            } => {
                retry = Some(retry_after);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    ErrorCode::RateLimited.as_str().to_owned(),
                    message,
                    None,
                )
            }
            e @ ApiErr::NotFound { .. } => (
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound.as_str().to_owned(),
                e.to_string(),
                None,
            ),
            ApiErr::NoRoute => (
                StatusCode::NOT_FOUND,
                ErrorCode::NoRoute.as_str().to_owned(),
                "no such API route".to_owned(),
                None,
            ),
            ApiErr::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed.as_str().to_owned(),
                "this route does not accept this method".to_owned(),
                None,
            ),
            ApiErr::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::Internal.as_str().to_owned(),
                    "something went wrong on our side; it has been logged".to_owned(),
                    None,
                )
            }
        };
        debug_assert!(
            ErrorCode::parse(&code).is_some(),
            "error code {code:?} is not in aqiqat_shared::api::ErrorCode"
        );
        let body = ApiErrorBody {
            error: ErrorBody {
                code,
                message,
                field,
                details,
            },
        };
        let mut resp = (status, Json(body)).into_response();
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(secs) = retry
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        resp
    }
}

/// The code of an error answer that only has a status (a rejection by axum or a file service, a fallback).
fn code_of(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::BAD_REQUEST => ErrorCode::BadRequest,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::TooLarge,
        StatusCode::URI_TOO_LONG => ErrorCode::UriTooLong,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => ErrorCode::HeadersTooLarge,
        s if s.is_server_error() => ErrorCode::Internal,
        _ => ErrorCode::HttpError,
    }
}

/// The JSON body of an error that has only a status.
pub fn status_body(status: StatusCode) -> Vec<u8> {
    let body = ApiErrorBody {
        error: ErrorBody {
            code: code_of(status).as_str().to_owned(),
            message: status.canonical_reason().unwrap_or("error").to_lowercase(),
            field: None,
            details: Vec::new(),
        },
    };
    serde_json::to_vec(&body).unwrap_or_default()
}

/// Every error answer leaves as JSON: what our handlers answer already is; this turns the rest (axum's plain-text
/// rejections such as a body over its limit, a file service's empty 404, the default 405) into the same shape,
/// keeping their status and headers (`Allow`, ...). HTML error pages (the widget's "not built" page) stay HTML.
pub async fn json_errors(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let kind = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if kind.starts_with("application/json") || kind.starts_with("text/html") {
        return resp;
    }
    let (mut parts, _) = resp.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, axum::body::Body::from(status_body(status)))
}
