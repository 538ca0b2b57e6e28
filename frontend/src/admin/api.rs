//! The admin panel's typed client of `/api/v1/auth/*` and `/api/v1/admin/*`: the only admin code that fetches.
//! Every state-changing request carries the session's CSRF token; every non-2xx answer becomes an [`ApiError`].

use aqiqat_shared::FieldError;
use aqiqat_shared::admin::{
    AdminClaim, AdminIncident, AdminRow, AdminStory, AuditEntry, ItemKind, LoginRequest, Me,
    NewPartner, NewUser, Partner, RestoreRequest, Revision, RevisionDiff, SaveClaim, SaveIncident,
    SaveStory, Saved, StaleVersion, UpdateUser, User, WorkflowRequest,
};
use aqiqat_shared::admin::{
    ImportAcceptRequest, ImportOutcome, ImportPreview, ImportPreviewRequest,
};
use aqiqat_shared::api::{ApiError as WireError, ErrorCode, Page};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const BASE: &str = "/api/v1";

/// A refused or failed request: the HTTP status (0 when the network failed) and the server's error body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub field: Option<String>,
    /// Every field problem of a 422 answer.
    pub details: Vec<FieldError>,
    /// The other person's save, on a 409 `stale_version`.
    pub stale: Option<Box<StaleVersion>>,
}

impl ApiError {
    /// The server's error code, when this build knows it (`None` for local failures and newer codes).
    pub fn known(&self) -> Option<ErrorCode> {
        ErrorCode::parse(&self.code)
    }

    fn local(code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: 0,
            code: code.to_owned(),
            message: message.into(),
            field: None,
            details: Vec::new(),
            stale: None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.status == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "{} ({})", self.message, self.status)
        }
    }
}

fn encode(segment: &str) -> String {
    js_sys::encode_uri_component(segment)
        .as_string()
        .unwrap_or_default()
}

async fn send<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
    csrf: Option<String>,
) -> Result<(u16, T), ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::local("no_window", "no window"))?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers =
        web_sys::Headers::new().map_err(|_| ApiError::local("headers", "cannot build headers"))?;
    let _ = headers.set("Accept", "application/json");
    if method != "GET" {
        let _ = headers.set("Content-Type", "application/json");
    }
    if let Some(b) = &body {
        init.set_body(&JsValue::from_str(b));
    }
    if let Some(token) = csrf {
        let _ = headers.set("X-CSRF-Token", &token);
    }
    init.set_headers(&headers);
    let network = |_| ApiError::local("network", "network error: the server did not answer");
    let resp = JsFuture::from(window.fetch_with_str_and_init(&format!("{BASE}{path}"), &init))
        .await
        .map_err(network)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(network)?;
    let text = match resp.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    let status = resp.status();
    if resp.ok() {
        let text = if text.trim().is_empty() {
            "null"
        } else {
            &text
        };
        return serde_json::from_str(text)
            .map(|v| (status, v))
            .map_err(|e| ApiError::local("bad_response", format!("unexpected answer: {e}")));
    }
    let mut err = match serde_json::from_str::<WireError>(&text) {
        Ok(w) => ApiError {
            status,
            code: w.error.code,
            message: w.error.message,
            field: w.error.field,
            details: w.error.details,
            stale: None,
        },
        Err(_) => ApiError {
            status,
            ..ApiError::local("http", format!("HTTP {status}"))
        },
    };
    if status == 409 && err.code == "stale_version" {
        err.stale = serde_json::from_str::<StaleVersion>(&text)
            .ok()
            .map(Box::new);
    }
    Err(err)
}

fn json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::local("encode", e.to_string()))
}

/// Signs in. The answer carries the CSRF token of the new session.
pub async fn login(req: &LoginRequest) -> Result<Me, ApiError> {
    send("POST", "/auth/login", Some(json(req)?), None)
        .await
        .map(|(_, me)| me)
}

/// Who is signed in; 401 when nobody is.
pub async fn me() -> Result<Me, ApiError> {
    send("GET", "/admin/me", None, None).await.map(|(_, me)| me)
}

/// A client bound to the signed-in session. A 401 from any call means the session is gone: the client clears
/// `me`, and the panel shows the sign-in form again (what was typed stays in the page's signals).
#[derive(Clone, Copy)]
pub struct Client {
    me: RwSignal<Option<Me>>,
}

impl Client {
    pub fn new(me: RwSignal<Option<Me>>) -> Client {
        Client { me }
    }

    async fn call<T: DeserializeOwned>(
        self,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        let csrf = if method == "GET" {
            None
        } else {
            self.me
                .with_untracked(|m| m.as_ref().map(|m| m.csrf_token.clone()))
        };
        let r = send(method, &format!("/admin{path}"), body, csrf).await;
        if let Err(e) = &r
            && e.status == 401
        {
            self.me.set(None);
        }
        r.map(|(_, v)| v)
    }

    async fn get<T: DeserializeOwned>(self, path: &str) -> Result<T, ApiError> {
        self.call("GET", path, None).await
    }

    async fn with_body<T: DeserializeOwned, B: Serialize>(
        self,
        method: &str,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.call(method, path, Some(json(body)?)).await
    }

    pub async fn logout(self, everywhere: bool) -> Result<(), ApiError> {
        let path = if everywhere {
            "/auth/logout-everywhere"
        } else {
            "/auth/logout"
        };
        let csrf = self
            .me
            .with_untracked(|m| m.as_ref().map(|m| m.csrf_token.clone()));
        send::<()>("POST", path, None, csrf).await.map(|_| ())
    }

    /// One page of an admin list; `query` is the query string (filters, `status`, `author`, `cursor`).
    pub async fn list(self, kind: ItemKind, query: &str) -> Result<Page<AdminRow>, ApiError> {
        self.get(&format!("/{}?{query}", kind.plural())).await
    }

    pub async fn incident(self, id: &str) -> Result<AdminIncident, ApiError> {
        self.get(&format!("/incidents/{}", encode(id))).await
    }

    pub async fn claim(self, id: &str) -> Result<AdminClaim, ApiError> {
        self.get(&format!("/claims/{}", encode(id))).await
    }

    pub async fn story(self, id: &str) -> Result<AdminStory, ApiError> {
        self.get(&format!("/stories/{}", encode(id))).await
    }

    pub async fn save_story(self, id: Option<&str>, body: &SaveStory) -> Result<Saved, ApiError> {
        match id {
            None => self.with_body("POST", "/stories", body).await,
            Some(id) => {
                self.with_body("PUT", &format!("/stories/{}", encode(id)), body)
                    .await
            }
        }
    }

    /// Creates (`id` absent) or updates an incident.
    pub async fn save_incident(
        self,
        id: Option<&str>,
        body: &SaveIncident,
    ) -> Result<Saved, ApiError> {
        match id {
            None => self.with_body("POST", "/incidents", body).await,
            Some(id) => {
                self.with_body("PUT", &format!("/incidents/{}", encode(id)), body)
                    .await
            }
        }
    }

    pub async fn save_claim(self, id: Option<&str>, body: &SaveClaim) -> Result<Saved, ApiError> {
        match id {
            None => self.with_body("POST", "/claims", body).await,
            Some(id) => {
                self.with_body("PUT", &format!("/claims/{}", encode(id)), body)
                    .await
            }
        }
    }

    fn item(kind: ItemKind, id: &str) -> String {
        format!("/{}/{}", kind.plural(), encode(id))
    }

    pub async fn workflow(
        self,
        kind: ItemKind,
        id: &str,
        req: &WorkflowRequest,
    ) -> Result<Saved, ApiError> {
        self.with_body("POST", &format!("{}/workflow", Self::item(kind, id)), req)
            .await
    }

    pub async fn revisions(self, kind: ItemKind, id: &str) -> Result<Vec<Revision>, ApiError> {
        self.get(&format!("{}/revisions", Self::item(kind, id)))
            .await
    }

    pub async fn diff(
        self,
        kind: ItemKind,
        id: &str,
        from: i64,
        to: i64,
    ) -> Result<RevisionDiff, ApiError> {
        self.get(&format!(
            "{}/diff?from={from}&to={to}",
            Self::item(kind, id)
        ))
        .await
    }

    pub async fn restore(
        self,
        kind: ItemKind,
        id: &str,
        req: &RestoreRequest,
    ) -> Result<Saved, ApiError> {
        self.with_body("POST", &format!("{}/restore", Self::item(kind, id)), req)
            .await
    }

    pub async fn users(self) -> Result<Vec<User>, ApiError> {
        self.get("/users").await
    }

    pub async fn create_user(self, user: &NewUser) -> Result<User, ApiError> {
        self.with_body("POST", "/users", user).await
    }

    pub async fn update_user(self, id: i64, change: &UpdateUser) -> Result<User, ApiError> {
        self.with_body("PATCH", &format!("/users/{id}"), change)
            .await
    }

    pub async fn audit(self, limit: u32) -> Result<Vec<AuditEntry>, ApiError> {
        self.get(&format!("/audit?limit={limit}")).await
    }

    pub async fn partners(self) -> Result<Vec<Partner>, ApiError> {
        self.get("/partners").await
    }

    /// Creates (`id` absent) or changes a partner.
    pub async fn save_partner(
        self,
        id: Option<i64>,
        partner: &NewPartner,
    ) -> Result<Partner, ApiError> {
        match id {
            None => self.with_body("POST", "/partners", partner).await,
            Some(id) => {
                self.with_body("PATCH", &format!("/partners/{id}"), partner)
                    .await
            }
        }
    }

    pub async fn import_preview(self, text: &str) -> Result<ImportPreview, ApiError> {
        let req = ImportPreviewRequest {
            text: text.to_owned(),
        };
        self.with_body("POST", "/import/preview", &req).await
    }

    pub async fn import_accept(self, req: &ImportAcceptRequest) -> Result<ImportOutcome, ApiError> {
        self.with_body("POST", "/import/accept", req).await
    }
}
