//! The admin import page's API: paste or upload a digest, see every entry with its flags and whether it is
//! already in the database, then accept all or some, with edits. Drafts are attributed to the signed-in editor.

use std::collections::{HashMap, HashSet};

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::editorial::Actor;
use crate::editorial::import::{self as accepting, EntryEdits, Known, Outcome};
use crate::http::AppState;
use crate::http::auth::CurrentUser;
use crate::http::error::ApiErr;
use crate::http::extract::ApiJsonOffloaded;
use crate::import::{self as digest, Digest};

#[derive(Deserialize)]
pub struct PreviewRequest {
    text: String,
}

#[derive(Deserialize)]
pub struct AcceptRequest {
    text: String,
    /// The digest's name (e.g. its file name), recorded as the drafts' origin.
    #[serde(default)]
    name: Option<String>,
    accept: Vec<usize>,
    #[serde(default)]
    edits: HashMap<String, EntryEdits>,
}

/// Parses on a blocking thread: a large digest takes a while and must not stall the async workers.
async fn parse(text: String) -> Result<Digest, ApiErr> {
    tokio::task::spawn_blocking(move || digest::parse_bytes(text.as_bytes()))
        .await
        .map_err(|e| ApiErr::Internal(e.into()))?
        .map_err(|e| ApiErr::field("invalid_digest", "text", e.to_string()))
}

pub async fn preview(
    State(st): State<AppState>,
    ApiJsonOffloaded(req): ApiJsonOffloaded<PreviewRequest>,
) -> Result<Json<Value>, ApiErr> {
    let d = parse(req.text).await?;
    let known = Known::load(&st.db).await?;
    let mut entries = digest::dry_run_json(&d)["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (i, (v, e)) in entries.iter_mut().zip(&d.entries).enumerate() {
        if let Some(o) = v.as_object_mut() {
            o.insert("index".into(), json!(i));
            o.insert("duplicate_of".into(), json!(known.duplicate_of(e)));
            // For people: each flag with its explanation (the CLI's JSON keeps the bare codes).
            o.insert(
                "flags".into(),
                json!(
                    e.flags
                        .iter()
                        .map(|f| json!({"code": f.as_str(), "message": f.message()}))
                        .collect::<Vec<_>>()
                ),
            );
        }
    }
    Ok(Json(json!({
        "period": d.period.map(|(a, b)| format!("{a} – {b}")),
        "entries": entries,
    })))
}

pub async fn accept(
    State(st): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    ApiJsonOffloaded(req): ApiJsonOffloaded<AcceptRequest>,
) -> Result<(StatusCode, Json<Outcome>), ApiErr> {
    let d = parse(req.text).await?;
    let n = d.entries.len();
    // A list can name each entry once: anything longer is refused before it costs anything.
    if req.accept.len() > n {
        return Err(ApiErr::field(
            "too_many_entries",
            "accept",
            format!(
                "the accept list names {} entries; the digest has {n}",
                req.accept.len()
            ),
        ));
    }
    if req.edits.len() > n {
        return Err(ApiErr::field(
            "too_many_entries",
            "edits",
            format!("{} edits for a digest of {n} entries", req.edits.len()),
        ));
    }
    if let Some(bad) = req.accept.iter().find(|i| **i >= n) {
        return Err(ApiErr::field(
            "unknown_entry",
            "accept",
            format!("the digest has no entry {bad}"),
        ));
    }
    let accept: HashSet<usize> = req.accept.into_iter().collect();
    let mut edits = HashMap::new();
    for (k, v) in req.edits {
        let i: usize = k.parse().map_err(|_| {
            ApiErr::field(
                "unknown_entry",
                "edits",
                format!("{k:?} is not an entry number"),
            )
        })?;
        if i >= n {
            return Err(ApiErr::field(
                "unknown_entry",
                "edits",
                format!("the digest has no entry {i}"),
            ));
        }
        edits.insert(i, v);
    }
    let name = req
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("digest")
        .chars()
        .take(200)
        .collect::<String>();
    let origin = format!("{name} ({})", crate::db::now().get(..10).unwrap_or(""));
    let actor = Actor {
        user: Some(me.user.id),
        role: me.user.role,
        ip: Some(me.ip.clone()),
    };
    let outcome =
        accepting::accept(&st.db, &d, Some(&accept), &edits, &actor, &origin, |_| {}).await?;
    Ok((StatusCode::OK, Json(outcome)))
}
