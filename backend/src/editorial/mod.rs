//! The editorial service: every change editors make to items, as one function each (create, save, workflow step,
//! restore; the import in [`import`]). Each owns its rule from start to end: it loads the item, checks the version
//! the editor started from and the workflow, applies corrections, and writes the item, its revision and its audit
//! row in one transaction. The HTTP handlers and the command line call these and only translate; errors are
//! [`EditorialError`], which the HTTP layer maps to statuses.
//!
//! Everything here is generic over [`ItemKind`]: the kinds differ only inside [`ItemDoc`].
//!
//! Layers point one way: `http` → `editorial` → `db` (and the pure rules in `workflow` and `domain`).

pub mod import;

use aqiqat_shared::admin::{
    Action, FieldChange, ItemKind, RestoreRequest, Role, Saved, StaleVersion, WorkflowRequest,
};
use aqiqat_shared::api::ErrorBody;
use aqiqat_shared::api::ErrorCode;
use aqiqat_shared::{Correction, LocalizedText, PartialDate, Slug, Status, ValidationErrors};
use serde_json::Value;

use crate::db::{AuditRow, Db, DbError, ItemDoc, StoredItem, WriteMeta, WriteOutcome};
use crate::workflow::{self, Change, Facts, Refusal};

/// Who acts: a signed-in person (with the address the request came from), or the command line.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: Option<i64>,
    pub role: Role,
    pub ip: Option<String>,
}

impl Actor {
    /// The operator at the command line, acting as `user` if named (`aqiqat import --as`).
    pub fn command_line(user: Option<i64>) -> Actor {
        Actor {
            user,
            role: Role::Admin,
            ip: None,
        }
    }

    fn id(&self) -> i64 {
        // The command line has no user id; 0 is nobody's (ids start at 1), so it never counts as the submitter.
        self.user.unwrap_or(0)
    }

    fn audit(&self, action: &str) -> Option<AuditRow> {
        Some(AuditRow {
            action: action.to_owned(),
            ip: self.ip.clone(),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EditorialError {
    #[error("no {} with id {id:?}", kind.as_str())]
    NotFound { kind: ItemKind, id: String },
    /// Every field problem of a rejected item.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// One field of the request is wrong (`version_required`, `id_mismatch`, `unknown_incident`, ...).
    #[error("{message}")]
    Field {
        code: ErrorCode,
        field: String,
        message: String,
    },
    /// The workflow does not allow it.
    #[error("{0}")]
    Refused(Refusal),
    /// Someone saved since the version the editor started from: what they changed.
    #[error("stale version")]
    Stale(Box<StaleVersion>),
    #[error("an item with id {0:?} already exists; choose another id")]
    IdTaken(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<Refusal> for EditorialError {
    fn from(r: Refusal) -> Self {
        EditorialError::Refused(r)
    }
}

impl From<crate::domain::CorruptDoc> for EditorialError {
    fn from(e: crate::domain::CorruptDoc) -> Self {
        EditorialError::Db(e.into())
    }
}

pub type Result<T, E = EditorialError> = std::result::Result<T, E>;

/// A submitted item: the content, the version the edit started from, and a correction note.
#[derive(Debug, Clone)]
pub struct Edit {
    pub doc: ItemDoc,
    pub version: Option<i64>,
    pub correction: Option<LocalizedText>,
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

async fn load(db: &Db, kind: ItemKind, id: &str) -> Result<StoredItem> {
    db.get_item(kind, id)
        .await?
        .ok_or_else(|| EditorialError::NotFound {
            kind,
            id: id.to_owned(),
        })
}

/// The refusal of a save against an old version: the current state and what changed since `based_on`.
async fn stale(db: &Db, current: &StoredItem, based_on: i64) -> Result<EditorialError> {
    let now: Value = serde_json::from_str(current.editing()).unwrap_or_default();
    let revisions = db.revisions(current.kind, &current.id).await?;
    let then = revisions
        .iter()
        .find(|r| r.version == based_on)
        .and_then(|r| serde_json::from_str(&r.doc).ok())
        .unwrap_or(Value::Null);
    let who = revisions
        .first()
        .and_then(|r| r.author_name.clone())
        .unwrap_or_else(|| "someone".to_owned());
    Ok(EditorialError::Stale(Box::new(StaleVersion {
        error: ErrorBody {
            code: ErrorCode::StaleVersion.as_str().to_owned(),
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

/// Refuses an item that links to items that do not exist (a claim's incidents, a story's steps), naming the field.
async fn check_links(db: &Db, doc: &ItemDoc) -> Result<()> {
    for (field, kind, id) in doc.links() {
        if !db.missing(kind, std::slice::from_ref(id)).await?.is_empty() {
            let (code, what) = match kind {
                ItemKind::Claim => (ErrorCode::UnknownClaim, "claim"),
                _ => (ErrorCode::UnknownIncident, "incident"),
            };
            return Err(EditorialError::Field {
                code,
                field,
                message: format!("no {what} with id {:?}", id.as_str()),
            });
        }
    }
    Ok(())
}

fn facts(item: &StoredItem) -> Facts {
    Facts {
        status: item.status,
        submitted_by: item.submitted_by,
        pending: item.pending.as_ref().map(|p| p.by),
    }
}

/// The outcome of a write as the editor's answer.
async fn saved(
    db: &Db,
    outcome: WriteOutcome,
    doc_id: &str,
    kind: ItemKind,
    status: Status,
    expected: i64,
) -> Result<Saved> {
    match outcome {
        WriteOutcome::Saved { version } => Ok(Saved {
            id: doc_id.to_owned(),
            version,
            status,
        }),
        WriteOutcome::Stale(current) => Err(stale(db, &current, expected).await?),
        WriteOutcome::Missing | WriteOutcome::Exists => Err(EditorialError::NotFound {
            kind,
            id: doc_id.to_owned(),
        }),
    }
}

/// Creates a draft.
pub async fn create(db: &Db, doc: ItemDoc, actor: &Actor) -> Result<Saved> {
    // Corrections belong to published items; a new draft starts without any.
    let doc = doc
        .with_corrections(Vec::new())
        .map_err(EditorialError::Invalid)?;
    check_links(db, &doc).await?;
    let meta = WriteMeta {
        status: Status::Draft,
        user: actor.user,
        submitted_by: None,
        note: "created".into(),
        origin: None,
        audit: actor.audit("create"),
    };
    match db.insert_item(&doc, &meta).await? {
        WriteOutcome::Saved { version } => Ok(Saved {
            id: doc.id().to_string(),
            version,
            status: Status::Draft,
        }),
        _ => Err(EditorialError::IdTaken(doc.id().to_string())),
    }
}

/// The corrections a new version of a published item carries: the public ones, plus the new note (dated today)
/// or, when revising a pending change without a new note, the pending change's own new ones.
fn corrections_after(
    public: &ItemDoc,
    pending: Option<&ItemDoc>,
    note: Option<LocalizedText>,
) -> Vec<Correction> {
    let mut out = public.corrections().to_vec();
    match (note, pending) {
        (Some(note), _) => out.push(Correction {
            date: today(),
            note,
        }),
        (None, Some(p)) => out.extend(p.corrections().iter().skip(out.len()).cloned()),
        (None, None) => {}
    }
    out
}

/// Writes `doc` as the item's new content: a draft or an item in review is replaced; a published item gets a
/// pending change that readers do not see until a second person publishes it.
async fn write_content(
    db: &Db,
    current: &StoredItem,
    doc: ItemDoc,
    correction: Option<LocalizedText>,
    note: String,
    action: &str,
    actor: &Actor,
) -> Result<Saved> {
    let published = current.status == Status::Published;
    workflow::may_edit(
        current.status,
        correction.is_some() || current.pending.is_some(),
    )?;
    let doc = if published {
        let pending = match &current.pending {
            Some(p) => Some(ItemDoc::parse(current.kind, &current.id, &p.doc)?),
            None => None,
        };
        let corrections = corrections_after(&current.parse()?, pending.as_ref(), correction);
        doc.with_corrections(corrections)
    } else {
        // Drafts and items in review keep the corrections they have (those of an earlier publication).
        let kept = current.parse()?.corrections().to_vec();
        doc.with_corrections(kept)
    }
    .map_err(EditorialError::Invalid)?;
    check_links(db, &doc).await?;
    let meta = WriteMeta {
        status: current.status,
        user: actor.user,
        submitted_by: workflow::submitter_after_edit(
            current.status,
            current.submitted_by,
            actor.id(),
        ),
        note,
        origin: None,
        audit: actor.audit(action),
    };
    let mut tx = db.begin().await?;
    let outcome = if published {
        tx.propose_change(&doc, current.version, &meta).await?
    } else {
        tx.update_item(&doc, current.version, &meta).await?
    };
    if let WriteOutcome::Saved { .. } = outcome {
        tx.commit().await?;
    }
    saved(
        db,
        outcome,
        &current.id,
        current.kind,
        current.status,
        current.version,
    )
    .await
}

/// Saves an edit of an existing item, made from version `edit.version`.
pub async fn save(db: &Db, kind: ItemKind, id: &Slug, edit: Edit, actor: &Actor) -> Result<Saved> {
    let current = load(db, kind, id.as_str()).await?;
    let Some(version) = edit.version else {
        return Err(EditorialError::Field {
            code: ErrorCode::VersionRequired,
            field: "version".into(),
            message: "name the version your edit started from".into(),
        });
    };
    if edit.doc.id() != id {
        return Err(EditorialError::Field {
            code: ErrorCode::IdMismatch,
            field: "id".into(),
            message: "an item's id never changes once created".into(),
        });
    }
    if current.version != version {
        return Err(stale(db, &current, version).await?);
    }
    let (note, action) = if current.status == Status::Published {
        ("change proposed", "propose_change")
    } else {
        ("edited", "edited")
    };
    write_content(
        db,
        &current,
        edit.doc,
        edit.correction,
        note.into(),
        action,
        actor,
    )
    .await
}

/// Restores an old revision's content as a new version (for a published item: as a pending change).
pub async fn restore(
    db: &Db,
    kind: ItemKind,
    id: &Slug,
    req: RestoreRequest,
    actor: &Actor,
) -> Result<Saved> {
    let current = load(db, kind, id.as_str()).await?;
    let based_on = req.based_on.unwrap_or(current.version);
    if current.version != based_on {
        return Err(stale(db, &current, based_on).await?);
    }
    let rows = db.revisions(kind, id.as_str()).await?;
    let old = rows
        .iter()
        .find(|r| r.version == req.version)
        .ok_or_else(|| EditorialError::Field {
            code: ErrorCode::UnknownVersion,
            field: "version".into(),
            message: format!("no revision {} of {id}", req.version),
        })?;
    // Corrections are public history: a restore keeps every one made since (`write_content` sets them).
    let restored = ItemDoc::parse(kind, id.as_str(), &old.doc)?;
    write_content(
        db,
        &current,
        restored,
        req.correction,
        format!("restored from version {}", req.version),
        "restore",
        actor,
    )
    .await
}

/// Re-dates the corrections a pending change adds to the day it is published: that is when readers see them.
fn dated_today(public: &ItemDoc, change: ItemDoc) -> Result<ItemDoc> {
    let known = public.corrections().len();
    let corrections = change
        .corrections()
        .iter()
        .enumerate()
        .map(|(i, c)| Correction {
            date: if i >= known { today() } else { c.date },
            note: c.note.clone(),
        })
        .collect();
    change
        .with_corrections(corrections)
        .map_err(EditorialError::Invalid)
}

/// A workflow step on version `req.version`.
pub async fn step(
    db: &Db,
    kind: ItemKind,
    id: &Slug,
    req: &WorkflowRequest,
    actor: &Actor,
) -> Result<Saved> {
    let current = load(db, kind, id.as_str()).await?;
    if current.version != req.version {
        return Err(stale(db, &current, req.version).await?);
    }
    let step = workflow::step(
        req.action,
        facts(&current),
        actor.id(),
        actor.role,
        req.note.as_deref(),
    )?;
    let note = match req.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{}: {n}", req.action.as_str()),
        None => req.action.as_str().to_owned(),
    };
    let meta = WriteMeta {
        status: step.status,
        user: actor.user,
        submitted_by: step.submitted_by,
        note,
        origin: None,
        audit: actor.audit(req.action.as_str()),
    };
    let mut tx = db.begin().await?;
    let outcome = match step.change {
        Change::Keep => {
            tx.update_item(&current.parse()?, req.version, &meta)
                .await?
        }
        Change::Publish => {
            let change = current.parse_editing()?;
            let doc = dated_today(&current.parse()?, change)?;
            check_links(db, &doc).await?;
            tx.update_item(&doc, req.version, &meta).await?
        }
        Change::Discard => {
            debug_assert_eq!(req.action, Action::DiscardChange);
            tx.discard_change(kind, id.as_str(), req.version, &meta)
                .await?
        }
    };
    if let WriteOutcome::Saved { .. } = outcome {
        tx.commit().await?;
    }
    saved(db, outcome, id.as_str(), kind, step.status, req.version).await
}
