//! Router assembly: each module exposes `router()`, this one merges them and adds the layers.

pub mod admin;
pub mod auth;
mod cache;
mod conn;
pub mod error;
mod export;
pub(crate) mod extract;
mod feeds;
mod memo;
pub mod openapi;
pub(crate) mod pages;
mod public;
pub mod session_store;
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
    pub config: Arc<HttpConfig>,
    /// Public answers of the current data version (see `memo`).
    pub memo: Arc<memo::Memo>,
}

/// Settings of the HTTP layer that depend on how the server is deployed.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Send the session cookie only over HTTPS (on when the public URL is https).
    pub secure_cookies: bool,
    /// `scheme://host[:port]` readers and editors use; state-changing requests from other origins are refused.
    /// Without it, the request's own `Host` is taken as the origin.
    pub public_origin: Option<String>,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_proxy: bool,
    /// How many public answers (facets, timelines, first list pages, counts) to keep per data version (0: none).
    pub aggregate_cache: usize,
    /// How many bytes (keys and answers) those kept answers may take.
    pub memo_bytes: usize,
    /// Who publishes the fact-checks (ClaimReview's `author`).
    pub publisher: Publisher,
}

/// The organisation that publishes the fact-checks.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub name: String,
    /// Its website; the server's public origin when unset.
    pub url: Option<String>,
}

impl Default for Publisher {
    fn default() -> Publisher {
        Publisher {
            name: "Aqiqat".to_owned(),
            url: None,
        }
    }
}

impl Default for HttpConfig {
    fn default() -> HttpConfig {
        HttpConfig {
            secure_cookies: false,
            public_origin: None,
            trust_proxy: false,
            aggregate_cache: 1000,
            publisher: Publisher::default(),
            memo_bytes: memo::DEFAULT_MAX_BYTES,
        }
    }
}

impl AppState {
    pub fn new(db: Db, assets: WebAssets, config: HttpConfig) -> AppState {
        AppState {
            db,
            assets: Arc::new(assets),
            memo: Arc::new(memo::Memo::with_budget(
                config.aggregate_cache,
                config.memo_bytes,
            )),
            config: Arc::new(config),
        }
    }
}

/// A module's routes, `(path, handler)`, in one list.
pub(crate) type Routes = Vec<(&'static str, axum::routing::MethodRouter<AppState>)>;

/// Every public route, by the module that serves it. `app` builds the public routers from exactly these lists
/// (it destructures this struct, so a new list must be added here), and the OpenAPI test checks [`Self::paths`]
/// against the document; a test also refuses a route added any other way (`openapi::tests`).
pub(crate) struct PublicRoutes {
    /// The JSON API, under `/api/v1`.
    pub api: Routes,
    /// The exports, under `/api/v1`.
    pub export: Routes,
    /// The feeds, at the root.
    pub feeds: Routes,
    /// Health, the embed loader, the bundles' boot scripts, the admin page: at the root.
    pub web: Routes,
    /// The readers' pages, sitemaps, oEmbed, `/api`: at the root.
    pub pages: Routes,
}

/// Where the routes of [`PublicRoutes::api`] and [`PublicRoutes::export`] are served.
pub(crate) const API_PREFIX: &str = "/api/v1";

impl PublicRoutes {
    pub(crate) fn all() -> PublicRoutes {
        PublicRoutes {
            api: public::routes(),
            export: export::routes(),
            feeds: feeds::routes(),
            web: web::routes(),
            pages: pages::routes(),
        }
    }

    /// Every public path as a client requests it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn paths(&self) -> Vec<String> {
        let PublicRoutes {
            api,
            export,
            feeds,
            web,
            pages,
        } = self;
        let under = |prefix: &str, routes: &Routes| -> Vec<String> {
            routes.iter().map(|(p, _)| format!("{prefix}{p}")).collect()
        };
        [
            under(API_PREFIX, api),
            under(API_PREFIX, export),
            under("", feeds),
            under("", web),
            under("", pages),
        ]
        .concat()
    }
}

#[cfg(test)]
thread_local! {
    /// Every path `fold` added on this thread (the OpenAPI test builds the app and reads it).
    pub(crate) static FOLDED: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The router of a list of routes: the only place a public route is added.
fn fold(routes: Routes) -> Router<AppState> {
    #[cfg(test)]
    FOLDED.with(|f| f.borrow_mut().extend(routes.iter().map(|(p, _)| *p)));
    routes
        .into_iter()
        .fold(Router::new(), |r, (path, handler)| r.route(path, handler))
}

/// Serves the app on `listener` with the peer address available to handlers (for sign-in rate limits).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Without TCP_NODELAY a response written in two pieces (headers, then body) can wait for the client's delayed
    // ACK: 40 ms stalls under load (measured: a 17 KB file at 1,729 req/s, p50 44 ms, with 64 connections).
    let listener = conn::JsonErrorListener(listener).tap_io(|io| {
        if let Err(e) = io.get_ref().set_nodelay(true) {
            tracing::debug!("TCP_NODELAY not set on a connection: {e}");
        }
    });
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Brotli or gzip, whichever the client takes, at level 5. tower-http's default (4) left a 355 KB widget page at
/// 37.6 KB brotli; 5 makes it 32.9 KB for 4.3 ms instead of 3.0 ms of one core, and the levels above gain little
/// until 10-11, which cost 0.4-2.5 s (measured with Python's `brotli` on the page of 10,000 incidents).
fn compression() -> CompressionLayer {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(tower_http::CompressionLevel::Precise(5))
}

/// The whole application. Tests build exactly this router.
pub fn app(state: AppState) -> Router {
    // Readers' data: cacheable (ETag + 304, Cache-Control by data version), compressed, readable from any site.
    // The ETag layer sits outside compression, so each encoding has its own strong validator.
    let PublicRoutes {
        api,
        export,
        feeds,
        web,
        pages,
    } = PublicRoutes::all();
    let public_api = fold(api)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::cache_control,
        ))
        .layer(compression())
        .layer(axum::middleware::from_fn(cache::etag))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::HEAD])
                .expose_headers([header::ETAG]),
        );
    // Exports: streamed, so never buffered for an ETag; the same Cache-Control and CORS as the other answers.
    let export_api = fold(export)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::cache_control,
        ))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::HEAD])
                .expose_headers([header::CONTENT_DISPOSITION]),
        );
    // Feeds: remembered per data version and cached like the public API.
    let feeds = fold(feeds)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::cache_control,
        ))
        .layer(compression())
        .layer(axum::middleware::from_fn(cache::etag))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::HEAD])
                .expose_headers([header::ETAG]),
        );
    // Signed-in routes: sessions, cross-site refusal, never cached.
    let private_api = Router::new()
        .nest("/auth", auth::router(&state))
        .nest("/admin", admin::router(&state))
        .layer(auth::session_layer(&state))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::refuse_cross_site,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ));
    let api_router = Router::new()
        .merge(public_api)
        .merge(export_api)
        .merge(private_api)
        .fallback(|| async { ApiErr::NoRoute })
        .method_not_allowed_fallback(|| async { ApiErr::MethodNotAllowed });
    Router::new()
        .nest(API_PREFIX, api_router)
        .merge(fold(web))
        .merge(web::static_files(&state.assets))
        .merge(fold(pages))
        .merge(feeds)
        .layer(axum::middleware::from_fn(error::json_errors))
        .layer(compression())
        .layer(TraceLayer::new_for_http())
        // Headers every response carries, errors and files included: no content-type sniffing, and a referrer
        // policy that suits embeds (partners' pages learn our origin, never a reader's filter or item URL). Routes
        // that need a stricter one set their own (`/admin` and the signed-in API: `same-origin`), which stays.
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .with_state(state)
}
