//! The admin import page's API: paste or upload a digest, see every entry with its flags and whether it is
//! already in the database, then accept all or some, with edits. Drafts are attributed to the signed-in editor.

use aqiqat_shared::api::ErrorCode;
use std::collections::{HashMap, HashSet};

use aqiqat_shared::admin::{
    ImportAcceptRequest, ImportEntry, ImportFlag, ImportLegalRef, ImportPreview,
    ImportPreviewRequest,
};
use aqiqat_shared::{DatePeriod, Lang};
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};

use crate::editorial::Actor;
use crate::editorial::import::{self as accepting, Known, Outcome};
use crate::http::AppState;
use crate::http::auth::CurrentUser;
use crate::http::error::ApiErr;
use crate::http::extract::ApiJsonOffloaded;
use crate::import::{self as digest, Digest};

/// Parses on a blocking thread: a large digest takes a while and must not stall the async workers.
async fn parse(text: String) -> Result<Digest, ApiErr> {
    tokio::task::spawn_blocking(move || digest::parse_bytes(text.as_bytes()))
        .await
        .map_err(|e| ApiErr::Internal(e.into()))?
        .map_err(|e| ApiErr::field(ErrorCode::InvalidDigest, "text", e.to_string()))
}

pub async fn preview(
    State(st): State<AppState>,
    ApiJsonOffloaded(req): ApiJsonOffloaded<ImportPreviewRequest>,
) -> Result<Json<ImportPreview>, ApiErr> {
    let d = parse(req.text).await?;
    let known = Known::load(&st.db).await?;
    let entries = d
        .entries
        .iter()
        .enumerate()
        .map(|(index, e)| ImportEntry {
            index,
            title: e.title.clone(),
            summary: e.summary.clone(),
            category: e.category,
            kind: e.kind,
            date: e.date,
            period: e.period.map(|(from, to)| DatePeriod { from, to }),
            sources: e.sources.clone(),
            legal_refs: e
                .legal_refs
                .iter()
                .map(|r| ImportLegalRef {
                    code: r.code,
                    article: r.article.clone(),
                    part: r.part.clone(),
                    law: r.law.clone(),
                    text: r.display(Lang::Ru),
                })
                .collect(),
            platforms: e.platforms.clone(),
            regions: e.regions.clone(),
            actors: e.actors.clone(),
            // For people: each flag with its explanation (the CLI's JSON keeps the bare codes).
            flags: e
                .flags
                .iter()
                .map(|f| ImportFlag {
                    code: f.as_str().to_owned(),
                    message: f.message().to_owned(),
                })
                .collect(),
            duplicate_of: known.duplicate_of(e),
        })
        .collect();
    Ok(Json(ImportPreview {
        period: d.period.map(|(a, b)| format!("{a} – {b}")),
        entries,
    }))
}

pub async fn accept(
    State(st): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    ApiJsonOffloaded(req): ApiJsonOffloaded<ImportAcceptRequest>,
) -> Result<(StatusCode, Json<Outcome>), ApiErr> {
    let d = parse(req.text).await?;
    let n = d.entries.len();
    // A list can name each entry once: anything longer is refused before it costs anything.
    if req.accept.len() > n {
        return Err(ApiErr::field(
            ErrorCode::TooManyEntries,
            "accept",
            format!(
                "the accept list names {} entries; the digest has {n}",
                req.accept.len()
            ),
        ));
    }
    if req.edits.len() > n {
        return Err(ApiErr::field(
            ErrorCode::TooManyEntries,
            "edits",
            format!("{} edits for a digest of {n} entries", req.edits.len()),
        ));
    }
    if let Some(bad) = req.accept.iter().find(|i| **i >= n) {
        return Err(ApiErr::field(
            ErrorCode::UnknownEntry,
            "accept",
            format!("the digest has no entry {bad}"),
        ));
    }
    let accept: HashSet<usize> = req.accept.into_iter().collect();
    let mut edits = HashMap::new();
    for (k, v) in req.edits {
        let i: usize = k.parse().map_err(|_| {
            ApiErr::field(
                ErrorCode::UnknownEntry,
                "edits",
                format!("{k:?} is not an entry number"),
            )
        })?;
        if i >= n {
            return Err(ApiErr::field(
                ErrorCode::UnknownEntry,
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
