//! Editors' work on incidents and claims: lists of every status, create, edit with optimistic versions,
//! workflow steps, revisions with diffs and restore, and the reader-view preview. One set of handlers serves both
//! kinds; the kind comes from the route (`Extension<ItemKind>`).

use aqiqat_shared::admin::{
    AdminClaim, AdminIncident, AdminRow, AdminStory, ItemKind, ItemMeta, PendingChange,
    RestoreRequest, Revision, RevisionDiff, SaveClaim, SaveIncident, SaveStory, Saved, UserRef,
    WorkflowRequest,
};
use aqiqat_shared::api::ErrorCode;
use aqiqat_shared::api::Page;
use aqiqat_shared::{FieldError, ListQuery, RawQuery, Status};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::Value;

use crate::db::{Audience, Cursor, ItemDoc, StoredItem};
use crate::editorial::{self, Actor, Edit, EditorialError, diff_fields};
use crate::http::AppState;
use crate::http::auth::CurrentUser;
use crate::http::error::ApiErr;
use crate::http::extract::{ApiJson, ApiQuery, IdPath};
use crate::workflow::Refusal;

impl From<Refusal> for ApiErr {
    fn from(r: Refusal) -> Self {
        let message = r.to_string();
        match r {
            Refusal::Transition { .. } => ApiErr::conflict(ErrorCode::InvalidTransition, message),
            Refusal::OwnSubmission => ApiErr::forbidden(ErrorCode::OwnSubmission, message),
            Refusal::NoteRequired => ApiErr::field(ErrorCode::NoteRequired, "note", message),
            Refusal::AdminOnly => ApiErr::forbidden(ErrorCode::Forbidden, message),
            Refusal::Retracted => ApiErr::conflict(ErrorCode::Retracted, message),
            Refusal::CorrectionRequired => {
                ApiErr::field(ErrorCode::CorrectionRequired, "correction", message)
            }
        }
    }
}

fn what(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Incident => "incident",
        ItemKind::Claim => "claim",
        ItemKind::Story => "story",
    }
}

impl From<EditorialError> for ApiErr {
    fn from(e: EditorialError) -> Self {
        match e {
            EditorialError::NotFound { kind, id } => ApiErr::NotFound {
                what: what(kind),
                id,
            },
            EditorialError::Invalid(errors) => ApiErr::Invalid(errors),
            EditorialError::Field {
                code,
                field,
                message,
            } => ApiErr::field(code, &field, message),
            EditorialError::Refused(r) => r.into(),
            EditorialError::Stale(body) => ApiErr::Stale(body),
            e @ EditorialError::IdTaken(_) => ApiErr::Client {
                status: StatusCode::CONFLICT,
                code: ErrorCode::IdTaken,
                message: e.to_string(),
                field: Some("id".into()),
            },
            EditorialError::Db(e) => e.into(),
        }
    }
}

impl From<crate::domain::CorruptDoc> for ApiErr {
    fn from(e: crate::domain::CorruptDoc) -> Self {
        crate::db::DbError::from(e).into()
    }
}

fn actor(me: &CurrentUser) -> Actor {
    Actor {
        user: Some(me.user.id),
        role: me.user.role,
        ip: Some(me.ip.clone()),
    }
}

async fn load(st: &AppState, kind: ItemKind, id: &str) -> Result<StoredItem, ApiErr> {
    st.db
        .get_item(kind, id)
        .await?
        .ok_or_else(|| ApiErr::NotFound {
            what: what(kind),
            id: id.to_owned(),
        })
}

async fn user_ref(st: &AppState, id: Option<i64>) -> Result<Option<UserRef>, ApiErr> {
    Ok(match id {
        Some(id) => st.db.user_by_id(id).await?.map(|u| u.as_ref()),
        None => None,
    })
}

async fn meta(st: &AppState, item: &StoredItem) -> Result<ItemMeta, ApiErr> {
    let pending = match &item.pending {
        Some(p) => Some(PendingChange {
            by: user_ref(st, p.by).await?,
            at: p.at.clone(),
        }),
        None => None,
    };
    Ok(ItemMeta {
        status: item.status,
        version: item.version,
        author: user_ref(st, item.author_id).await?,
        submitted_by: user_ref(st, item.submitted_by).await?,
        created_at: item.created_at.clone(),
        updated_at: item.updated_at.clone(),
        published_at: item.published_at.clone(),
        origin: item.origin.clone(),
        pending,
    })
}

/// The submitted body as a checked item, its base version and correction note.
fn parse_save(kind: ItemKind, body: Value) -> Result<Edit, ApiErr> {
    let shape = |e: serde_json::Error| {
        ApiErr::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidBody,
            format!("the body does not have the expected fields: {e}"),
        )
    };
    Ok(match kind {
        ItemKind::Incident => {
            let s: SaveIncident = serde_json::from_value(body).map_err(shape)?;
            Edit {
                doc: ItemDoc::Incident(s.incident.validate().map_err(ApiErr::Invalid)?),
                version: s.version,
                correction: s.correction,
            }
        }
        ItemKind::Claim => {
            let s: SaveClaim = serde_json::from_value(body).map_err(shape)?;
            Edit {
                doc: ItemDoc::Claim(s.claim.validate().map_err(ApiErr::Invalid)?),
                version: s.version,
                correction: s.correction,
            }
        }
        ItemKind::Story => {
            let s: SaveStory = serde_json::from_value(body).map_err(shape)?;
            Edit {
                doc: ItemDoc::Story(s.story.validate().map_err(ApiErr::Invalid)?),
                version: s.version,
                correction: s.correction,
            }
        }
    })
}

/// Splits the admin-only parameters (`status`, `author`) from the reader's filter.
fn admin_query(
    uri: &Uri,
    me: &CurrentUser,
) -> Result<(ListQuery, Vec<Status>, Option<i64>), ApiErr> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(uri.query().unwrap_or(""))
        .map_err(|e| {
            ApiErr::BadRequest(FieldError::new(
                "query",
                ErrorCode::InvalidQuery.as_str(),
                e.to_string(),
            ))
        })?;
    let mut statuses = Vec::new();
    let mut author = None;
    let mut rest = Vec::new();
    for (k, v) in pairs {
        match k.as_str() {
            "status" => {
                for s in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    statuses.push(s.parse::<Status>().map_err(|e| {
                        ApiErr::BadRequest(FieldError::new(
                            "status",
                            ErrorCode::UnknownValue.as_str(),
                            e.to_string(),
                        ))
                    })?);
                }
            }
            "author" => {
                author = Some(match v.as_str() {
                    "me" => me.user.id,
                    n => n.parse().map_err(|_| {
                        ApiErr::BadRequest(FieldError::new(
                            "author",
                            ErrorCode::InvalidAuthor.as_str(),
                            "author is `me` or a user id",
                        ))
                    })?,
                });
            }
            _ => rest.push((k, v)),
        }
    }
    let qs = serde_urlencoded::to_string(&rest).unwrap_or_default();
    let raw: RawQuery = serde_urlencoded::from_str(&qs).map_err(|e| {
        ApiErr::BadRequest(FieldError::new(
            "query",
            ErrorCode::InvalidQuery.as_str(),
            format!("bad query string: {e}"),
        ))
    })?;
    Ok((
        ListQuery::parse(&raw).map_err(ApiErr::BadRequest)?,
        statuses,
        author,
    ))
}

pub async fn list(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    Extension(me): Extension<CurrentUser>,
    uri: Uri,
) -> Result<Json<Page<AdminRow>>, ApiErr> {
    let (q, statuses, author) = admin_query(&uri, &me)?;
    let cursor = q
        .cursor
        .as_deref()
        .map(Cursor::decode)
        .transpose()
        .map_err(ApiErr::BadRequest)?;
    Ok(Json(
        st.db
            .admin_list(kind, &q, &statuses, author, cursor.as_ref())
            .await?,
    ))
}

pub async fn create(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    Extension(me): Extension<CurrentUser>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response, ApiErr> {
    let edit = parse_save(kind, body)?;
    let saved = editorial::create(&st.db, edit.doc, &actor(&me)).await?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

/// The item as editors work on it: its pending change, if it has one.
pub async fn get_one(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    IdPath(id): IdPath,
) -> Result<Response, ApiErr> {
    let item = load(&st, kind, id.as_str()).await?;
    let meta = meta(&st, &item).await?;
    Ok(match item.parse_editing()? {
        ItemDoc::Incident(i) => Json(AdminIncident {
            incident: i.into_input(),
            meta,
        })
        .into_response(),
        ItemDoc::Claim(c) => Json(AdminClaim {
            claim: c.into_input(),
            meta,
        })
        .into_response(),
        ItemDoc::Story(s) => Json(AdminStory {
            story: s.into_input(),
            meta,
        })
        .into_response(),
    })
}

pub async fn update(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    Extension(me): Extension<CurrentUser>,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Saved>, ApiErr> {
    let edit = parse_save(kind, body)?;
    Ok(Json(
        editorial::save(&st.db, kind, &id, edit, &actor(&me)).await?,
    ))
}

pub async fn step(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    Extension(me): Extension<CurrentUser>,
    IdPath(id): IdPath,
    ApiJson(req): ApiJson<WorkflowRequest>,
) -> Result<Json<Saved>, ApiErr> {
    Ok(Json(
        editorial::step(&st.db, kind, &id, &req, &actor(&me)).await?,
    ))
}

pub async fn revisions(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    IdPath(id): IdPath,
) -> Result<Json<Vec<Revision>>, ApiErr> {
    load(&st, kind, id.as_str()).await?;
    let rows = st.db.revisions(kind, id.as_str()).await?;
    let docs: Vec<Value> = rows
        .iter()
        .map(|r| serde_json::from_str(&r.doc).unwrap_or_default())
        .collect();
    let out = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let older = docs.get(i + 1).cloned().unwrap_or(Value::Null);
            Revision {
                version: r.version,
                status: r.status,
                author: r
                    .author_id
                    .zip(r.author_name.clone())
                    .map(|(id, name)| UserRef { id, name }),
                created_at: r.created_at.clone(),
                note: r.note.clone(),
                changed: if older.is_null() {
                    Vec::new()
                } else {
                    diff_fields(&older, &docs[i])
                        .into_iter()
                        .map(|c| c.field)
                        .collect()
                },
            }
        })
        .collect();
    Ok(Json(out))
}

#[derive(serde::Deserialize)]
pub struct DiffQuery {
    from: i64,
    to: i64,
}

pub async fn diff(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    IdPath(id): IdPath,
    q: Result<Query<DiffQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<RevisionDiff>, ApiErr> {
    load(&st, kind, id.as_str()).await?;
    let Query(q) = q.map_err(|e| {
        ApiErr::BadRequest(FieldError::new(
            "query",
            ErrorCode::InvalidQuery.as_str(),
            e.body_text(),
        ))
    })?;
    let rows = st.db.revisions(kind, id.as_str()).await?;
    let doc = |v: i64| {
        rows.iter()
            .find(|r| r.version == v)
            .map(|r| serde_json::from_str::<Value>(&r.doc).unwrap_or_default())
            .ok_or_else(|| {
                ApiErr::BadRequest(FieldError::new(
                    "version",
                    ErrorCode::UnknownVersion.as_str(),
                    format!("no revision {v} of {id}"),
                ))
            })
    };
    let (a, b) = (doc(q.from)?, doc(q.to)?);
    Ok(Json(RevisionDiff {
        from: q.from,
        to: q.to,
        changes: diff_fields(&a, &b),
    }))
}

pub async fn restore(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    Extension(me): Extension<CurrentUser>,
    IdPath(id): IdPath,
    ApiJson(req): ApiJson<RestoreRequest>,
) -> Result<Json<Saved>, ApiErr> {
    Ok(Json(
        editorial::restore(&st.db, kind, &id, req, &actor(&me)).await?,
    ))
}

/// The item as readers will see it once published (its pending change, if any), built by the same reader code
/// as the public detail.
pub async fn preview(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    IdPath(id): IdPath,
    ApiQuery(q): ApiQuery,
) -> Result<Response, ApiErr> {
    let missing = || ApiErr::NotFound {
        what: what(kind),
        id: id.to_string(),
    };
    Ok(match kind {
        ItemKind::Incident => Json(
            st.db
                .incident_detail_for(id.as_str(), q.lang, Audience::Editors)
                .await?
                .ok_or_else(missing)?,
        )
        .into_response(),
        ItemKind::Claim => Json(
            st.db
                .claim_detail_for(id.as_str(), q.lang, Audience::Editors)
                .await?
                .ok_or_else(missing)?,
        )
        .into_response(),
        ItemKind::Story => {
            let item = st
                .db
                .get_item(kind, id.as_str())
                .await?
                .ok_or_else(missing)?;
            match item.parse_editing()? {
                ItemDoc::Story(story) => Json(
                    st.db
                        .story_view(&story, q.lang, Some(item.updated_at))
                        .await?,
                )
                .into_response(),
                _ => return Err(missing()),
            }
        }
    })
}
