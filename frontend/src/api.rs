//! The typed client of the JSON API, built on the shared crate's DTOs: the only place that fetches.

use aqiqat_shared::api::{
    ApiError, ClaimCard, ClaimDetail, Facets, IncidentCard, IncidentDetail, Page, Timeline,
};
use aqiqat_shared::{Lang, ListQuery};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const BASE: &str = "/api/v1";

async fn get<T: DeserializeOwned>(path: &str, query: &str) -> Result<T, String> {
    let url = if query.is_empty() {
        format!("{BASE}{path}")
    } else {
        format!("{BASE}{path}?{query}")
    };
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|_| "network error".to_owned())?;
    let resp: web_sys::Response = resp
        .dyn_into()
        .map_err(|_| "unexpected response".to_owned())?;
    // The browser parses the JSON (`JSON.parse`); `json::from_value` only maps the parsed value onto the shared
    // DTOs. That keeps a JSON parser, and serde's error texts, out of the WASM.
    let json = match resp.json() {
        Ok(p) => JsFuture::from(p).await.ok(),
        Err(_) => None,
    };
    if !resp.ok() {
        return Err(
            match json.and_then(|v| crate::json::from_value::<ApiError>(v).ok()) {
                Some(e) => e.error.message,
                None => format!("HTTP {}", resp.status()),
            },
        );
    }
    let json = json.ok_or_else(|| "unreadable response".to_owned())?;
    crate::json::from_value(json).map_err(|e| e.to_string())
}

fn lang_only(lang: Lang) -> String {
    ListQuery {
        lang,
        ..ListQuery::default()
    }
    .to_query_string()
}

pub async fn incidents(q: &ListQuery) -> Result<Page<IncidentCard>, String> {
    get("/incidents", &q.to_query_string()).await
}

pub async fn claims(q: &ListQuery) -> Result<Page<ClaimCard>, String> {
    get("/claims", &q.to_query_string()).await
}

/// A published incident; with `preview`, any incident through the admin API (the editor's session is sent).
pub async fn incident(id: &str, lang: Lang, preview: bool) -> Result<IncidentDetail, String> {
    let path = if preview {
        format!("/admin/incidents/{id}/preview")
    } else {
        format!("/incidents/{id}")
    };
    get(&path, &lang_only(lang)).await
}

pub async fn claim(id: &str, lang: Lang, preview: bool) -> Result<ClaimDetail, String> {
    let path = if preview {
        format!("/admin/claims/{id}/preview")
    } else {
        format!("/claims/{id}")
    };
    get(&path, &lang_only(lang)).await
}

/// The published stories (the embed builder's "one story" choice).
pub async fn stories(lang: Lang) -> Result<Page<aqiqat_shared::api::StoryCard>, String> {
    let q = ListQuery {
        lang,
        limit: 100,
        ..ListQuery::default()
    };
    get("/stories", &q.to_query_string()).await
}

pub async fn facets(q: &ListQuery) -> Result<Facets, String> {
    let filter_only = ListQuery {
        filter: q.filter.clone(),
        data_version: q.data_version,
        ..ListQuery::default()
    };
    get("/facets", &filter_only.to_query_string()).await
}

pub async fn timeline(q: &ListQuery) -> Result<Timeline, String> {
    let filter_only = ListQuery {
        filter: q.filter.clone(),
        data_version: q.data_version,
        ..ListQuery::default()
    };
    get("/timeline", &filter_only.to_query_string()).await
}

/// The server's current data version (sent back as `v=` so caches key on it).
pub async fn version() -> Result<u64, String> {
    get::<aqiqat_shared::api::DataVersion>("/version", "")
        .await
        .map(|v| v.data_version)
}
