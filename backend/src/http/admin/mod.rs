//! `/api/v1/admin/*`. The route table below is the single source of the admin router: every route in it sits
//! behind [`require_user`](super::auth::require_user) (401 for anonymous requests, CSRF token for state changes),
//! and those marked `admin_only` also behind [`require_admin`](super::auth::require_admin) (403 for editors).
//! Tests walk [`route_table`] to prove no route is left open.

mod import;
mod items;
mod people;

use aqiqat_shared::admin::ItemKind;
use axum::http::Method;
use axum::routing::{MethodRouter, get, patch, post};
use axum::{Extension, Router};

use super::AppState;
use super::auth::{require_admin, require_user};

pub use crate::editorial::diff_fields;

/// One admin route: its path (under `/api/v1/admin`), methods, and who may use it.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub path: String,
    pub methods: Vec<Method>,
    pub admin_only: bool,
}

struct Route {
    info: RouteInfo,
    handler: MethodRouter<AppState>,
}

fn route(
    path: impl Into<String>,
    methods: &[Method],
    admin_only: bool,
    handler: MethodRouter<AppState>,
) -> Route {
    Route {
        info: RouteInfo {
            path: path.into(),
            methods: methods.to_vec(),
            admin_only,
        },
        handler,
    }
}

fn routes() -> Vec<Route> {
    use Method as M;
    let mut r = vec![route("/me", &[M::GET], false, get(people::me))];
    for kind in ItemKind::ALL {
        let base = format!("/{}", kind.plural());
        let k = Extension(*kind);
        r.push(route(
            &base,
            &[M::GET, M::POST],
            false,
            get(items::list).post(items::create).layer(k),
        ));
        r.push(route(
            format!("{base}/{{id}}"),
            &[M::GET, M::PUT],
            false,
            get(items::get_one).put(items::update).layer(k),
        ));
        r.push(route(
            format!("{base}/{{id}}/workflow"),
            &[M::POST],
            false,
            post(items::step).layer(k),
        ));
        r.push(route(
            format!("{base}/{{id}}/revisions"),
            &[M::GET],
            false,
            get(items::revisions).layer(k),
        ));
        r.push(route(
            format!("{base}/{{id}}/diff"),
            &[M::GET],
            false,
            get(items::diff).layer(k),
        ));
        r.push(route(
            format!("{base}/{{id}}/restore"),
            &[M::POST],
            false,
            post(items::restore).layer(k),
        ));
        r.push(route(
            format!("{base}/{{id}}/preview"),
            &[M::GET],
            false,
            get(items::preview).layer(k),
        ));
    }
    // A digest can be several MB, and JSON-escaped Cyrillic larger still.
    let big = axum::extract::DefaultBodyLimit::max(4 * crate::import::MAX_BYTES);
    r.push(route(
        "/import/preview",
        &[M::POST],
        false,
        post(import::preview).layer(big),
    ));
    r.push(route(
        "/import/accept",
        &[M::POST],
        false,
        post(import::accept).layer(big),
    ));
    r.push(route(
        "/users",
        &[M::GET, M::POST],
        true,
        get(people::list_users).post(people::create_user),
    ));
    r.push(route(
        "/users/{id}",
        &[M::PATCH],
        true,
        patch(people::update_user),
    ));
    r.push(route("/audit", &[M::GET], true, get(people::audit)));
    r.push(route(
        "/partners",
        &[M::GET, M::POST],
        true,
        get(people::list_partners).post(people::create_partner),
    ));
    r.push(route(
        "/partners/{id}",
        &[M::PATCH],
        true,
        patch(people::update_partner),
    ));
    r
}

/// Every admin route, for tests and documentation.
pub fn route_table() -> Vec<RouteInfo> {
    routes().into_iter().map(|r| r.info).collect()
}

pub fn router(state: &AppState) -> Router<AppState> {
    let mut editors = Router::new();
    let mut admins = Router::new();
    for r in routes() {
        if r.info.admin_only {
            admins = admins.route(&r.info.path, r.handler);
        } else {
            editors = editors.route(&r.info.path, r.handler);
        }
    }
    // Layers run outside-in: require_user (added last) runs first, so require_admin can read the user it stored.
    let admins = admins.route_layer(axum::middleware::from_fn(require_admin));
    editors
        .merge(admins)
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_user,
        ))
}
