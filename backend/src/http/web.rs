//! Everything a browser loads that is not JSON: the widget page, its hashed files, the embed loader and the demo
//! partner page.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use aqiqat_shared::manifest::{self, Bundle, Manifest};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use super::AppState;

const EMBED_JS: &str = include_str!("../../static/embed.js");
const DEMO_HTML: &str = include_str!("../../static/demo.html");

/// The reader stylesheet, inlined into every reader page (one request less before the first paint).
const READER_CSS: &str = include_str!("../../../frontend/style/widget.css");

/// The browser features our documents may use, for `Permissions-Policy`: none of those that reach a reader's
/// devices, sensors, payments or credentials, and none of the advertising-interest APIs (Topics, FLoC). Clipboard
/// writing stays allowed: the widget's share link copies itself. A framed widget needs nothing from its host page, so
/// a partner never has to delegate anything with `allow=`. Every name here is one Chromium knows (an unknown one
/// is reported on the console of every page).
pub(super) const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), \
    captured-surface-control=(), clipboard-read=(), compute-pressure=(), deferred-fetch=(), digital-credentials-get=(), \
    display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), \
    identity-credentials-get=(), idle-detection=(), interest-cohort=(), local-fonts=(), magnetometer=(), \
    microphone=(), midi=(), otp-credentials=(), payment=(), private-state-token-issuance=(), \
    private-state-token-redemption=(), publickey-credentials-create=(), publickey-credentials-get=(), \
    screen-wake-lock=(), serial=(), storage-access=(), usb=(), window-management=(), xr-spatial-tracking=()";

/// The built front-end bundles, if `cargo xtask dist` has produced them, and the reader stylesheet.
#[derive(Debug)]
pub struct WebAssets {
    pub dir: PathBuf,
    pub manifest: Option<Manifest>,
    /// The reader stylesheet, minified, as pages inline it.
    pub reader_css: String,
    /// Its CSP source: `sha256-<base64>`.
    pub reader_css_hash: String,
    /// The CSP source of the stylesheet pages carry for readers without scripts.
    pub noscript_css_hash: String,
}

/// `sha256-<base64 of the digest>`: how a CSP allows one inline element.
pub fn csp_hash(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
    )
}

impl WebAssets {
    /// Reads the manifest in `dir`. A missing bundle is not fatal: the API still serves, and `/widget` explains.
    pub fn load(dir: &Path) -> WebAssets {
        let path = dir.join(manifest::FILE_NAME);
        let manifest = match std::fs::read_to_string(&path) {
            Ok(text) => match serde_json::from_str(&text) {
                Ok(m) => Some(m),
                Err(e) => {
                    tracing::error!(path = %path.display(), error = %e, "the bundle manifest is unreadable");
                    None
                }
            },
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "no widget bundle; run `cargo xtask dist`");
                None
            }
        };
        let reader_css = aqiqat_shared::css::minify(READER_CSS);
        WebAssets {
            dir: dir.to_owned(),
            manifest,
            reader_css_hash: csp_hash(&reader_css),
            noscript_css_hash: csp_hash(aqiqat_frontend::ssr::NOSCRIPT_CSS),
            reader_css,
        }
    }
}

/// The routes of this module, in one list (see `public::routes`); `/static/*` (hashed bundle files) is served
/// beside them.
pub fn routes() -> super::Routes {
    vec![
        ("/healthz", get(healthz)),
        ("/admin", get(admin)),
        ("/boot/{bundle}", get(boot)),
        ("/embed.js", get(embed_js)),
        ("/demo", get(demo)),
        ("/favicon.ico", get(favicon)),
    ]
}

/// `/static/*`: the hashed bundle files, from their directory (not a route: see `openapi::UNDOCUMENTED`).
pub fn static_files(assets: &Arc<WebAssets>) -> Router<AppState> {
    // Hashed file names change with their content, so browsers and CDNs may keep them for a year.
    let files = ServeDir::new(&assets.dir)
        .precompressed_br()
        .precompressed_gzip();
    let immutable = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Router::new().nest_service(
        "/static",
        tower::ServiceBuilder::new().layer(immutable).service(files),
    )
}

async fn healthz(State(st): State<AppState>) -> Response {
    match st.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ok"})),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "database unavailable"})),
            )
                .into_response()
        }
    }
}

async fn embed_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            // A stable URL that partners paste: cached briefly so that fixes reach every page within minutes.
            (
                header::CACHE_CONTROL,
                "public, max-age=300, stale-while-revalidate=3600",
            ),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        EMBED_JS,
    )
        .into_response()
}

const FAVICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b5cad"/><path d="M4 12 8 3l4 9M5.6 9h4.8" stroke="#fff" stroke-width="1.6" fill="none"/></svg>"##;

async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
        .into_response()
}

async fn demo() -> Html<&'static str> {
    Html(DEMO_HTML)
}

/// The admin panel's page: its own bundle, never framed, scripts only from here.
async fn admin(State(st): State<AppState>) -> Response {
    const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
        connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
    ];
    let Some(bundle) = st.assets.manifest.as_ref().and_then(|m| m.admin.as_ref()) else {
        return (headers, not_built()).into_response();
    };
    (
        headers,
        Html(page("Aqiqat — редакция", "aqiqat-admin", bundle, "admin")),
    )
        .into_response()
}

fn not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CACHE_CONTROL, "no-store")],
        Html("<!doctype html><meta charset=utf-8><title>Aqiqat</title><p>The front end has not been built. Run <code>cargo xtask dist</code>.</p>"),
    )
        .into_response()
}

/// An HTML shell that loads one bundle through its boot script (no inline script, so a strict CSP holds).
fn page(title: &str, root: &str, b: &Bundle, name: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/static/{css}">
<link rel="modulepreload" href="/static/{js}">
<link rel="preload" href="/static/{wasm}" as="fetch" type="application/wasm" crossorigin>
</head>
<body>
<div id="{root}" aria-busy="true">Загрузка…</div>
<script type="module" src="/boot/{name}.js?v={hash}"></script>
</body>
</html>
"#,
        css = b.css,
        js = b.js,
        wasm = b.wasm,
        hash =
            b.js.trim_end_matches(".js")
                .rsplit('-')
                .next()
                .unwrap_or("")
    )
}

/// `/boot/<bundle>.js`: starts a bundle. Its URL carries the bundle hash, so it is cached like the bundle.
async fn boot(
    State(st): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    let m = st.assets.manifest.as_ref();
    let bundle = match file.as_str() {
        "widget.js" => m.map(|m| &m.widget),
        "admin.js" => m.and_then(|m| m.admin.as_ref()),
        "embed.js" => m.and_then(|m| m.embed.as_ref()),
        _ => None,
    };
    let Some(b) = bundle else {
        return (StatusCode::NOT_FOUND, "no such bundle").into_response();
    };
    let js = format!(
        "import init from \"/static/{}\";\ninit({{ module_or_path: \"/static/{}\" }});\n",
        b.js, b.wasm
    );
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        js,
    )
        .into_response()
}
