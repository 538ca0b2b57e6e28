//! The typed client of the JSON API, built on the shared crate's DTOs: the only place that fetches.

use aqiqat_shared::api::{
    ApiError, ClaimCard, ClaimDetail, Facets, IncidentCard, IncidentDetail, Page, Timeline,
    ViewAnswer,
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
    #[cfg(feature = "snapshot")]
    return local::dataset(q.lang).await?.incidents(q);
    #[cfg(not(feature = "snapshot"))]
    get("/incidents", &q.to_query_string()).await
}

pub async fn claims(q: &ListQuery) -> Result<Page<ClaimCard>, String> {
    #[cfg(feature = "snapshot")]
    return local::dataset(q.lang).await?.claims(q);
    #[cfg(not(feature = "snapshot"))]
    get("/claims", &q.to_query_string()).await
}

/// A published incident; with `preview`, any incident through the admin API (the editor's session is sent).
pub async fn incident(id: &str, lang: Lang, preview: bool) -> Result<IncidentDetail, String> {
    #[cfg(feature = "snapshot")]
    if !preview {
        return local::dataset(lang)
            .await?
            .incident(id)
            .ok_or_else(|| local::not_found(lang));
    }
    let path = if preview {
        format!("/admin/incidents/{id}/preview")
    } else {
        format!("/incidents/{id}")
    };
    get(&path, &lang_only(lang)).await
}

pub async fn claim(id: &str, lang: Lang, preview: bool) -> Result<ClaimDetail, String> {
    #[cfg(feature = "snapshot")]
    if !preview {
        return local::dataset(lang)
            .await?
            .claim(id)
            .ok_or_else(|| local::not_found(lang));
    }
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
    #[cfg(feature = "snapshot")]
    return Ok(local::dataset(q.lang).await?.facets(&q.filter));
    #[cfg(not(feature = "snapshot"))]
    let filter_only = ListQuery {
        filter: q.filter.clone(),
        data_version: q.data_version,
        ..ListQuery::default()
    };
    #[cfg(not(feature = "snapshot"))]
    get("/facets", &filter_only.to_query_string()).await
}

pub async fn timeline(q: &ListQuery) -> Result<Timeline, String> {
    #[cfg(feature = "snapshot")]
    return Ok(local::dataset(q.lang).await?.timeline(&q.filter));
    #[cfg(not(feature = "snapshot"))]
    let filter_only = ListQuery {
        filter: q.filter.clone(),
        data_version: q.data_version,
        ..ListQuery::default()
    };
    #[cfg(not(feature = "snapshot"))]
    get("/timeline", &filter_only.to_query_string()).await
}

/// A list page (`incidents`, or `claims` with `claims`), the facet counts and the timeline of one query: one
/// request for a reader's filter change.
pub async fn view(q: &ListQuery, claims: bool) -> Result<ViewAnswer, String> {
    #[cfg(feature = "snapshot")]
    let answer = {
        let data = local::dataset(q.lang).await?;
        let (incidents, claims) = if claims {
            (None, Some(data.claims(q)?))
        } else {
            (Some(data.incidents(q)?), None)
        };
        Ok(ViewAnswer {
            incidents,
            claims,
            facets: data.facets(&q.filter),
            timeline: data.timeline(&q.filter.without_dates()),
        })
    };
    #[cfg(not(feature = "snapshot"))]
    let answer = {
        let mut query = q.to_query_string();
        if claims {
            query.push_str(if query.is_empty() {
                "list=claims"
            } else {
                "&list=claims"
            });
        }
        get("/view", &query).await
    };
    answer
}

/// The server's current data version (sent back as `v=` so caches key on it).
pub async fn version() -> Result<u64, String> {
    #[cfg(feature = "snapshot")]
    return local::version();
    #[cfg(not(feature = "snapshot"))]
    get::<aqiqat_shared::api::DataVersion>("/version", "")
        .await
        .map(|v| v.data_version)
}

/// A snapshot's view as its page would have carried it, computed from the snapshot's data.
#[cfg(feature = "snapshot")]
pub async fn snapshot_view_data(
    state: &mut aqiqat_shared::view::ViewState,
) -> Result<aqiqat_shared::view::ViewData, String> {
    Ok(local::dataset(state.query.lang).await?.view_data(state))
}

/// The snapshot's answers (feature `snapshot`): the shared local engine over the snapshot's data file of each
/// language (`data/<lang>.json`, beside its `index.html`), fetched once when a language is first needed.
#[cfg(feature = "snapshot")]
mod local {
    use std::cell::RefCell;
    use std::rc::Rc;

    use aqiqat_shared::Lang;
    use aqiqat_shared::local::{Dataset, FORMAT, file_name};
    use wasm_bindgen_futures::JsFuture;

    thread_local! {
        static LOADED: RefCell<Vec<(Lang, Rc<Dataset>)>> = const { RefCell::new(Vec::new()) };
        static LOADING: RefCell<Vec<Lang>> = const { RefCell::new(Vec::new()) };
    }

    fn loaded(lang: Lang) -> Option<Rc<Dataset>> {
        LOADED.with(|l| {
            l.borrow()
                .iter()
                .find(|(k, _)| *k == lang)
                .map(|(_, d)| d.clone())
        })
    }

    /// Waits `ms` milliseconds (while another call loads the same file).
    async fn sleep(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
        });
        let _ = JsFuture::from(promise).await;
    }

    /// The dataset of `lang`, fetched on first use (one fetch, however many questions wait for it).
    pub async fn dataset(lang: Lang) -> Result<Rc<Dataset>, String> {
        loop {
            if let Some(d) = loaded(lang) {
                return Ok(d);
            }
            let busy = LOADING.with(|l| {
                let mut l = l.borrow_mut();
                if l.contains(&lang) {
                    true
                } else {
                    l.push(lang);
                    false
                }
            });
            if !busy {
                break;
            }
            sleep(15).await;
        }
        let result = read(&file_name(lang)).await;
        LOADING.with(|l| l.borrow_mut().retain(|k| *k != lang));
        let d = result?;
        if d.format != FORMAT || d.lang != lang {
            return Err(format!(
                "{}: not a dataset of this snapshot's version",
                file_name(lang)
            ));
        }
        let d = Rc::new(d);
        LOADED.with(|l| l.borrow_mut().push((lang, d.clone())));
        Ok(d)
    }

    /// A data file, through the snapshot's boot script (`aqiqatSnapshotData`: fetches, unpacks, parses).
    async fn read(path: &str) -> Result<Dataset, String> {
        use wasm_bindgen::JsCast;
        let failed = |_| format!("{path}: the snapshot's data could not be read");
        let f: js_sys::Function =
            js_sys::Reflect::get(&js_sys::global(), &"aqiqatSnapshotData".into())
                .map_err(failed)?
                .dyn_into()
                .map_err(failed)?;
        let promise: js_sys::Promise = f
            .call1(&wasm_bindgen::JsValue::NULL, &path.into())
            .map_err(failed)?
            .dyn_into()
            .map_err(failed)?;
        let value = JsFuture::from(promise).await.map_err(failed)?;
        crate::json::from_value(value).map_err(|e| format!("{path}: {e}"))
    }

    pub fn not_found(lang: Lang) -> String {
        crate::i18n::ui(lang).not_found.to_owned()
    }

    /// The snapshot's data version (it never changes while the page is open: a new snapshot is a new page).
    pub fn version() -> Result<u64, String> {
        LOADED
            .with(|l| l.borrow().first().map(|(_, d)| d.data_version))
            .ok_or_else(|| "no data loaded yet".to_owned())
    }
}
