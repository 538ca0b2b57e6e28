//! The panel's pages live in the URL's fragment (`/admin#/incidents/<id>`), so reloads, links and the back
//! button work inside the single `/admin` page.

use aqiqat_shared::admin::ItemKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A list, with its filters as a query string (`status=draft&q=...`).
    List(ItemKind, String),
    Item(ItemKind, String),
    New(ItemKind),
    Users,
    Audit,
    Partners,
    Import,
    NotFound(String),
}

fn kind_of(plural: &str) -> Option<ItemKind> {
    ItemKind::ALL.iter().copied().find(|k| k.plural() == plural)
}

impl Route {
    /// Reads a fragment such as `#/incidents?status=draft` (the `#` is optional).
    pub fn parse(hash: &str) -> Route {
        let hash = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::List(ItemKind::Incident, query.to_owned()),
            ["users"] => Route::Users,
            ["audit"] => Route::Audit,
            ["partners"] => Route::Partners,
            ["import"] => Route::Import,
            ["new", kind] => match ItemKind::parse(kind) {
                Some(k) => Route::New(k),
                None => Route::NotFound(hash.to_owned()),
            },
            [plural] => match kind_of(plural) {
                Some(k) => Route::List(k, query.to_owned()),
                None => Route::NotFound(hash.to_owned()),
            },
            [plural, id] => match kind_of(plural) {
                Some(k) => Route::Item(k, decode(id)),
                None => Route::NotFound(hash.to_owned()),
            },
            _ => Route::NotFound(hash.to_owned()),
        }
    }

    /// The fragment of this route, with its `#`.
    pub fn href(&self) -> String {
        match self {
            Route::List(k, q) if q.is_empty() => format!("#/{}", k.plural()),
            Route::List(k, q) => format!("#/{}?{q}", k.plural()),
            Route::Item(k, id) => format!("#/{}/{}", k.plural(), encode(id)),
            Route::New(k) => format!("#/new/{}", k.as_str()),
            Route::Users => "#/users".to_owned(),
            Route::Audit => "#/audit".to_owned(),
            Route::Partners => "#/partners".to_owned(),
            Route::Import => "#/import".to_owned(),
            Route::NotFound(h) => format!("#/{h}"),
        }
    }

    /// The navigation section this route belongs to, for highlighting the menu.
    pub fn section(&self) -> &'static str {
        match self {
            Route::List(ItemKind::Incident, _) | Route::Item(ItemKind::Incident, _) => "incidents",
            Route::List(ItemKind::Claim, _) | Route::Item(ItemKind::Claim, _) => "claims",
            Route::New(ItemKind::Incident) => "new-incident",
            Route::New(ItemKind::Claim) => "new-claim",
            Route::List(ItemKind::Story, _) | Route::Item(ItemKind::Story, _) => "stories",
            Route::New(ItemKind::Story) => "new-story",
            Route::Users => "users",
            Route::Audit => "audit",
            Route::Partners => "partners",
            Route::Import => "import",
            Route::NotFound(_) => "",
        }
    }
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s)
        .as_string()
        .unwrap_or_default()
}

fn decode(s: &str) -> String {
    js_sys::decode_uri_component(s)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| s.to_owned())
}

/// The route of the page's current URL.
pub fn current() -> Route {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Route::parse(&hash)
}

/// Goes to a route as a new history entry (the `hashchange` listener then renders it).
pub fn go(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&route.href());
    }
}

/// Rewrites the current history entry without navigating, e.g. when a list's filters change.
pub fn replace(route: &Route) {
    if let Some(w) = web_sys::window()
        && let Ok(history) = w.history()
    {
        let _ =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.href()));
    }
}
