//! Editors' work on incidents and claims: lists of every status, create, edit with optimistic versions,
//! workflow steps, revisions with diffs and restore, and the reader-view preview. One set of handlers serves both
//! kinds; the kind comes from the route (`Extension<ItemKind>`).

use aqiqat_shared::admin::{
    AdminClaim, AdminIncident, AdminRow, AdminStory, FieldChange, ItemKind, ItemMeta,
    RestoreRequest, Revision, RevisionDiff, SaveClaim, SaveIncident, SaveStory, Saved,
    StaleVersion, UserRef, WorkflowRequest,
};
use aqiqat_shared::api::{ClaimCard, ClaimDetail, ErrorBody, IncidentCard, IncidentDetail, Page};
use aqiqat_shared::{
    Correction, FieldError, Lang, ListQuery, LocalizedText, PartialDate, RawQuery, Status,
};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::Value;

use crate::db::{Cursor, ItemDoc, StoredItem, WriteMeta, WriteOutcome};
use crate::http::AppState;
use crate::http::auth::CurrentUser;
use crate::http::error::ApiErr;
use crate::http::extract::{ApiJson, ApiQuery, IdPath};
use crate::workflow::{self, Refusal};

impl From<Refusal> for ApiErr {
    fn from(r: Refusal) -> Self {
        let message = r.to_string();
        match r {
            Refusal::Transition { .. } => ApiErr::conflict("invalid_transition", message),
            Refusal::OwnSubmission => ApiErr::forbidden("own_submission", message),
            Refusal::NoteRequired => ApiErr::field("note_required", "note", message),
            Refusal::AdminOnly => ApiErr::forbidden("forbidden", message),
            Refusal::Retracted => ApiErr::conflict("retracted", message),
            Refusal::CorrectionRequired => {
                ApiErr::field("correction_required", "correction", message)
            }
        }
    }
}

fn not_found(kind: ItemKind, id: &str) -> ApiErr {
    ApiErr::NotFound {
        what: match kind {
            ItemKind::Incident => "incident",
            ItemKind::Claim => "claim",
            ItemKind::Story => "story",
        },
        id: id.to_owned(),
    }
}

async fn load(st: &AppState, kind: ItemKind, id: &str) -> Result<StoredItem, ApiErr> {
    st.db
        .get_item(kind, id)
        .await?
        .ok_or_else(|| not_found(kind, id))
}

async fn user_ref(st: &AppState, id: Option<i64>) -> Result<Option<UserRef>, ApiErr> {
    Ok(match id {
        Some(id) => st.db.user_by_id(id).await?.map(|u| u.as_ref()),
        None => None,
    })
}

async fn meta(st: &AppState, item: &StoredItem) -> Result<ItemMeta, ApiErr> {
    Ok(ItemMeta {
        status: item.status,
        version: item.version,
        author: user_ref(st, item.author_id).await?,
        submitted_by: user_ref(st, item.submitted_by).await?,
        created_at: item.created_at.clone(),
        updated_at: item.updated_at.clone(),
        published_at: item.published_at.clone(),
        origin: item.origin.clone(),
    })
}

fn today() -> PartialDate {
    let d = time::OffsetDateTime::now_utc().date();
    PartialDate::day(
        u16::try_from(d.year()).unwrap_or(2026),
        u8::from(d.month()),
        d.day(),
    )
    .unwrap_or_else(|_| {
        PartialDate::year(2026).unwrap_or_else(|_| unreachable!("2026 is a valid year"))
    })
}

/// Top-level fields whose values differ between two documents.
pub fn diff_fields(before: &Value, after: &Value) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let (b, a) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (x, y) = (
                b.get(k).cloned().unwrap_or(Value::Null),
                a.get(k).cloned().unwrap_or(Value::Null),
            );
            (x != y).then(|| FieldChange {
                field: k.clone(),
                before: x,
                after: y,
            })
        })
        .collect()
}

/// The submitted body as a checked item, its base version and correction note.
fn parse_save(
    kind: ItemKind,
    body: Value,
) -> Result<(ItemDoc, Option<i64>, Option<LocalizedText>), ApiErr> {
    let shape = |e: serde_json::Error| {
        ApiErr::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            format!("the body does not have the expected fields: {e}"),
        )
    };
    match kind {
        ItemKind::Incident => {
            let s: SaveIncident = serde_json::from_value(body).map_err(shape)?;
            Ok((
                ItemDoc::Incident(s.incident.validate().map_err(ApiErr::Invalid)?),
                s.version,
                s.correction,
            ))
        }
        ItemKind::Claim => {
            let s: SaveClaim = serde_json::from_value(body).map_err(shape)?;
            Ok((
                ItemDoc::Claim(s.claim.validate().map_err(ApiErr::Invalid)?),
                s.version,
                s.correction,
            ))
        }
        ItemKind::Story => {
            let s: SaveStory = serde_json::from_value(body).map_err(shape)?;
            Ok((
                ItemDoc::Story(s.story.validate().map_err(ApiErr::Invalid)?),
                s.version,
                s.correction,
            ))
        }
    }
}

/// Replaces the document's corrections with `kept` plus, if given, a new dated one.
fn with_corrections(
    doc: ItemDoc,
    kept: Vec<Correction>,
    new: Option<LocalizedText>,
) -> Result<ItemDoc, ApiErr> {
    let mut corrections = kept;
    if let Some(note) = new {
        corrections.push(Correction {
            date: today(),
            note,
        });
    }
    Ok(match doc {
        ItemDoc::Incident(i) => {
            let mut input = i.into_input();
            input.corrections = corrections;
            ItemDoc::Incident(input.validate().map_err(ApiErr::Invalid)?)
        }
        ItemDoc::Claim(c) => {
            let mut input = c.into_input();
            input.corrections = corrections;
            ItemDoc::Claim(input.validate().map_err(ApiErr::Invalid)?)
        }
        ItemDoc::Story(s) => {
            let mut input = s.into_input();
            input.corrections = corrections;
            ItemDoc::Story(input.validate().map_err(ApiErr::Invalid)?)
        }
    })
}

fn corrections_of(doc: &ItemDoc) -> Vec<Correction> {
    match doc {
        ItemDoc::Incident(i) => i.corrections.clone(),
        ItemDoc::Claim(c) => c.corrections.clone(),
        ItemDoc::Story(s) => s.corrections.clone(),
    }
}

async fn check_links(st: &AppState, doc: &ItemDoc) -> Result<(), ApiErr> {
    match doc {
        ItemDoc::Claim(c) => {
            let missing = st.db.missing_incidents(&c.incident_ids).await?;
            if let Some(first) = missing.first() {
                return Err(ApiErr::field(
                    "unknown_incident",
                    "incident_ids",
                    format!("no incident with id {first:?}"),
                ));
            }
        }
        ItemDoc::Story(s) => {
            for (i, step) in s.steps.iter().enumerate() {
                for (kind, id, field) in [
                    (ItemKind::Incident, &step.incident_id, "incident_id"),
                    (ItemKind::Claim, &step.claim_id, "claim_id"),
                ] {
                    let Some(id) = id else { continue };
                    if !st
                        .db
                        .missing(kind, std::slice::from_ref(id))
                        .await?
                        .is_empty()
                    {
                        return Err(ApiErr::field(
                            if kind == ItemKind::Incident {
                                "unknown_incident"
                            } else {
                                "unknown_claim"
                            },
                            &format!("steps[{i}].{field}"),
                            format!("no {} with id {id:?}", kind.as_str()),
                        ));
                    }
                }
            }
        }
        ItemDoc::Incident(_) => {}
    }
    Ok(())
}

/// The 409 answer: the current state and what changed since the version the editor started from.
async fn stale(st: &AppState, current: &StoredItem, based_on: i64) -> Result<ApiErr, ApiErr> {
    let now: Value = serde_json::from_str(&current.doc).unwrap_or_default();
    let revisions = st.db.revisions(current.kind, &current.id).await?;
    let then = revisions
        .iter()
        .find(|r| r.version == based_on)
        .and_then(|r| serde_json::from_str(&r.doc).ok())
        .unwrap_or(Value::Null);
    let who = revisions
        .first()
        .and_then(|r| r.author_name.clone())
        .unwrap_or_else(|| "someone".to_owned());
    Ok(ApiErr::Stale(Box::new(StaleVersion {
        error: ErrorBody {
            code: "stale_version".to_owned(),
            message: format!(
                "{who} saved version {} after you opened version {based_on}; nothing of yours was overwritten — review their changes",
                current.version
            ),
            field: Some("version".to_owned()),
            details: Vec::new(),
        },
        current_version: current.version,
        current: now.clone(),
        changes: diff_fields(&then, &now),
    })))
}

/// Splits the admin-only parameters (`status`, `author`) from the reader's filter.
fn admin_query(
    uri: &Uri,
    me: &CurrentUser,
) -> Result<(ListQuery, Vec<Status>, Option<i64>), ApiErr> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(uri.query().unwrap_or(""))
        .map_err(|e| {
            ApiErr::BadRequest(FieldError::new("query", "invalid_query", e.to_string()))
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
                            "unknown_value",
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
                            "invalid_author",
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
            "invalid_query",
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
    let (doc, _, _) = parse_save(kind, body)?;
    let doc = with_corrections(doc, Vec::new(), None)?;
    check_links(&st, &doc).await?;
    let meta = WriteMeta {
        status: Status::Draft,
        user: Some(me.user.id),
        submitted_by: None,
        note: "created".into(),
        origin: None,
    };
    match st.db.insert_item(&doc, &meta).await? {
        WriteOutcome::Saved { version } => {
            st.db
                .audit(
                    Some(me.user.id),
                    "create",
                    Some(&target(kind, doc.id().as_str())),
                    "",
                    Some(&me.ip),
                )
                .await?;
            let saved = Saved {
                id: doc.id().to_string(),
                version,
                status: Status::Draft,
            };
            Ok((StatusCode::CREATED, Json(saved)).into_response())
        }
        _ => Err(ApiErr::Client {
            status: StatusCode::CONFLICT,
            code: "id_taken",
            message: format!(
                "an item with id {:?} already exists; choose another id",
                doc.id().as_str()
            ),
            field: Some("id".into()),
        }),
    }
}

fn target(kind: ItemKind, id: &str) -> String {
    format!("{}:{id}", kind.as_str())
}

pub async fn get_one(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    IdPath(id): IdPath,
) -> Result<Response, ApiErr> {
    let item = load(&st, kind, id.as_str()).await?;
    let meta = meta(&st, &item).await?;
    Ok(match item.parse()? {
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
    let current = load(&st, kind, id.as_str()).await?;
    let (doc, version, correction) = parse_save(kind, body)?;
    let Some(version) = version else {
        return Err(ApiErr::field(
            "version_required",
            "version",
            "name the version your edit started from",
        ));
    };
    if doc.id() != &id {
        return Err(ApiErr::field(
            "id_mismatch",
            "id",
            "an item's id never changes once created",
        ));
    }
    if current.version != version {
        return Err(stale(&st, &current, version).await?);
    }
    workflow::may_edit(current.status, correction.is_some())?;
    let corrected = current.status == Status::Published;
    let doc = with_corrections(
        doc,
        corrections_of(&current.parse()?),
        if corrected { correction } else { None },
    )?;
    check_links(&st, &doc).await?;
    let note = if corrected { "corrected" } else { "edited" };
    let meta = WriteMeta {
        status: current.status,
        user: Some(me.user.id),
        submitted_by: workflow::submitter_after_edit(
            current.status,
            current.submitted_by,
            me.user.id,
        ),
        note: note.into(),
        origin: None,
    };
    write(&st, &me, &doc, version, meta, note).await
}

async fn write(
    st: &AppState,
    me: &CurrentUser,
    doc: &ItemDoc,
    expected: i64,
    meta: WriteMeta,
    action: &str,
) -> Result<Json<Saved>, ApiErr> {
    let status = meta.status;
    match st.db.update_item(doc, expected, &meta).await? {
        WriteOutcome::Saved { version } => {
            st.db
                .audit(
                    Some(me.user.id),
                    action,
                    Some(&target(doc.kind(), doc.id().as_str())),
                    &meta.note,
                    Some(&me.ip),
                )
                .await?;
            Ok(Json(Saved {
                id: doc.id().to_string(),
                version,
                status,
            }))
        }
        WriteOutcome::Stale(current) => Err(stale(st, &current, expected).await?),
        WriteOutcome::Missing | WriteOutcome::Exists => {
            Err(not_found(doc.kind(), doc.id().as_str()))
        }
    }
}

pub async fn step(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    Extension(me): Extension<CurrentUser>,
    IdPath(id): IdPath,
    ApiJson(req): ApiJson<WorkflowRequest>,
) -> Result<Json<Saved>, ApiErr> {
    let current = load(&st, kind, id.as_str()).await?;
    if current.version != req.version {
        return Err(stale(&st, &current, req.version).await?);
    }
    let step = workflow::step(
        req.action,
        current.status,
        current.submitted_by,
        me.user.id,
        me.user.role,
        req.note.as_deref(),
    )?;
    let doc = current.parse()?;
    let note = match req.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{}: {n}", req.action.as_str()),
        None => req.action.as_str().to_owned(),
    };
    let meta = WriteMeta {
        status: step.status,
        user: Some(me.user.id),
        submitted_by: step.submitted_by,
        note,
        origin: None,
    };
    write(&st, &me, &doc, req.version, meta, req.action.as_str()).await
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
        ApiErr::BadRequest(FieldError::new("query", "invalid_query", e.body_text()))
    })?;
    let rows = st.db.revisions(kind, id.as_str()).await?;
    let doc = |v: i64| {
        rows.iter()
            .find(|r| r.version == v)
            .map(|r| serde_json::from_str::<Value>(&r.doc).unwrap_or_default())
            .ok_or_else(|| {
                ApiErr::BadRequest(FieldError::new(
                    "version",
                    "unknown_version",
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
    let current = load(&st, kind, id.as_str()).await?;
    let based_on = req.based_on.unwrap_or(current.version);
    if current.version != based_on {
        return Err(stale(&st, &current, based_on).await?);
    }
    workflow::may_edit(current.status, req.correction.is_some())?;
    let rows = st.db.revisions(kind, id.as_str()).await?;
    let old = rows
        .iter()
        .find(|r| r.version == req.version)
        .ok_or_else(|| {
            ApiErr::BadRequest(FieldError::new(
                "version",
                "unknown_version",
                format!("no revision {} of {id}", req.version),
            ))
        })?;
    let restored = ItemDoc::parse(kind, id.as_str(), &old.doc)?;
    // Corrections are public history: a restore keeps every one made since.
    let corrected = current.status == Status::Published;
    let doc = with_corrections(
        restored,
        corrections_of(&current.parse()?),
        if corrected { req.correction } else { None },
    )?;
    check_links(&st, &doc).await?;
    let note = format!("restored from version {}", req.version);
    let meta = WriteMeta {
        status: current.status,
        user: Some(me.user.id),
        submitted_by: workflow::submitter_after_edit(
            current.status,
            current.submitted_by,
            me.user.id,
        ),
        note,
        origin: None,
    };
    write(&st, &me, &doc, based_on, meta, "restore").await
}

pub async fn preview(
    State(st): State<AppState>,
    Extension(kind): Extension<ItemKind>,
    IdPath(id): IdPath,
    ApiQuery(q): ApiQuery,
) -> Result<Response, ApiErr> {
    let item = load(&st, kind, id.as_str()).await?;
    let lang: Lang = q.lang;
    Ok(match item.parse()? {
        ItemDoc::Incident(inc) => {
            let mut claims = Vec::new();
            // As readers will see it: only published links show.
            for c in st.db.claims_linking(id.as_str()).await? {
                if c.status != Status::Published {
                    continue;
                }
                if let ItemDoc::Claim(c) = c.parse()? {
                    claims.push(ClaimCard::new(&c, lang));
                }
            }
            let mut detail = IncidentDetail::new(&inc, lang, claims, Some(item.updated_at));
            detail.stories = st.db.incident_stories(id.as_str(), lang).await?;
            Json(detail).into_response()
        }
        ItemDoc::Claim(claim) => {
            let mut incidents = Vec::new();
            for i in &claim.incident_ids {
                if let Some(s) = st.db.get_item(ItemKind::Incident, i.as_str()).await?
                    && s.status == Status::Published
                    && let ItemDoc::Incident(inc) = s.parse()?
                {
                    incidents.push(IncidentCard::new(&inc, lang));
                }
            }
            Json(ClaimDetail::new(
                &claim,
                lang,
                incidents,
                Some(item.updated_at),
            ))
            .into_response()
        }
        ItemDoc::Story(story) => Json(
            st.db
                .story_view(&story, lang, Some(item.updated_at))
                .await?,
        )
        .into_response(),
    })
}
