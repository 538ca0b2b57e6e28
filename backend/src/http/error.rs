//! The one error type of every handler. Each variant has one status and one JSON shape:
//! `{"error": {"code", "message", "field"}}`. Internal errors are logged and answered with a generic message:
//! database text never reaches a client.

use aqiqat_shared::FieldError;
use aqiqat_shared::api::{ApiError as ApiErrorBody, ErrorBody};
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum ApiErr {
    #[error("{0}")]
    BadRequest(FieldError),
    #[error("no {what} with id {id:?}")]
    NotFound { what: &'static str, id: String },
    #[error("no such route")]
    NoRoute,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<DbError> for ApiErr {
    fn from(e: DbError) -> Self {
        match e {
            DbError::CursorMismatch => ApiErr::BadRequest(FieldError::new(
                "cursor",
                "invalid_cursor",
                "this cursor belongs to a different query; start again without it",
            )),
            other => ApiErr::Internal(other.into()),
        }
    }
}

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        let (status, code, message, field) = match &self {
            ApiErr::BadRequest(e) => (
                StatusCode::BAD_REQUEST,
                e.code.clone(),
                e.message.clone(),
                Some(e.field.clone()),
            ),
            ApiErr::NotFound { .. } => (
                StatusCode::NOT_FOUND,
                "not_found".to_owned(),
                self.to_string(),
                None,
            ),
            ApiErr::NoRoute => (
                StatusCode::NOT_FOUND,
                "no_route".to_owned(),
                "no such API route".to_owned(),
                None,
            ),
            ApiErr::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed".to_owned(),
                "this route does not accept this method".to_owned(),
                None,
            ),
            ApiErr::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal".to_owned(),
                    "something went wrong on our side; it has been logged".to_owned(),
                    None,
                )
            }
        };
        let body = ApiErrorBody {
            error: ErrorBody {
                code,
                message,
                field,
                details: Vec::new(),
            },
        };
        let mut resp = (status, Json(body)).into_response();
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        resp
    }
}
