//! Router assembly: each module exposes `router()`, this one merges them and adds the layers.

pub mod error;
mod extract;
mod public;
pub mod web;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, Method, header};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::db::Db;
use error::ApiErr;
use web::WebAssets;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub assets: Arc<WebAssets>,
}

/// The whole application. Tests build exactly this router.
pub fn app(state: AppState) -> Router {
    let public_api = public::router()
        // Readers' data may be fetched from any site, but only read.
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::HEAD]),
        )
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=30, stale-while-revalidate=120"),
        ));
    let api = Router::new()
        .merge(public_api)
        .fallback(|| async { ApiErr::NoRoute })
        .method_not_allowed_fallback(|| async { ApiErr::MethodNotAllowed });
    Router::new()
        .nest("/api/v1", api)
        .merge(web::router(&state.assets))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
