//! Writing incidents and claims: one code path for both kinds and every writer (editors, the importer, the demo
//! loader), through [`Tx`]. Each write stores the document, its derived columns and search row, a revision and its
//! audit row, and moves the data version when readers can see the change, in one transaction; updates only succeed
//! against the version the writer started from.

use aqiqat_shared::admin::{AdminRow, ItemKind};
use aqiqat_shared::api::Page;
use aqiqat_shared::filter::ListQuery;
use aqiqat_shared::{Claim, Incident, PartialDate, Slug, Status};
use sqlx::any::AnyRow;

use super::content::{Table, next_cursor};
use super::{Backend, Cursor, Db, DbError, Result, Sql, get, now};
pub use crate::domain::ItemDoc;
use crate::search;

/// Recomputes the sort key of the stories selected by `which` (a condition on `stories`): the latest date among
/// their steps, each step's own or else its linked item's.
const STORY_SORT_KEY: &str = "UPDATE stories SET sort_key = COALESCE((SELECT MAX(COALESCE(ss.sort_key, li.sort_key, lc.sort_key)) FROM story_steps ss LEFT JOIN incidents li ON li.id = ss.incident_id LEFT JOIN claims lc ON lc.id = ss.claim_id WHERE ss.story_seq = stories.seq), '0000-00-00') WHERE ";

/// Every write of public content moves the data version (readers' caches and the answer memo key on it).
pub(super) async fn bump_data_version<'c>(
    e: impl sqlx::Executor<'c, Database = sqlx::Any>,
) -> Result<()> {
    Sql::new("UPDATE meta SET value = value + 1 WHERE key = 'data_version'")
        .execute(e)
        .await?;
    Ok(())
}

pub(super) fn table_name(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Incident => "incidents",
        ItemKind::Claim => "claims",
        ItemKind::Story => "stories",
    }
}

fn fts_table(kind: ItemKind) -> Table {
    match kind {
        ItemKind::Incident => Table::Incidents,
        ItemKind::Claim => Table::Claims,
        ItemKind::Story => Table::Stories,
    }
}

/// An item as stored, with its workflow facts.
#[derive(Debug, Clone)]
pub struct StoredItem {
    pub kind: ItemKind,
    pub id: String,
    /// What readers see (once published).
    pub doc: String,
    pub status: Status,
    pub version: i64,
    pub author_id: Option<i64>,
    pub submitted_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    pub origin: Option<String>,
    /// A change to a published item that waits for a second person: (document, who proposed it, when).
    pub pending: Option<Pending>,
}

#[derive(Debug, Clone)]
pub struct Pending {
    pub doc: String,
    pub by: Option<i64>,
    pub at: String,
}

impl StoredItem {
    /// The public document.
    pub fn parse(&self) -> Result<ItemDoc> {
        Ok(ItemDoc::parse(self.kind, &self.id, &self.doc)?)
    }

    /// What editors work on: the pending change if there is one, else the document.
    pub fn editing(&self) -> &str {
        self.pending.as_ref().map_or(&self.doc, |p| &p.doc)
    }

    pub fn parse_editing(&self) -> Result<ItemDoc> {
        Ok(ItemDoc::parse(self.kind, &self.id, self.editing())?)
    }
}

/// Who writes and why: recorded with the revision, and with the audit row when there is one, in the write's
/// transaction.
#[derive(Debug, Clone)]
pub struct WriteMeta {
    pub status: Status,
    pub user: Option<i64>,
    pub submitted_by: Option<i64>,
    pub note: String,
    pub origin: Option<String>,
    pub audit: Option<AuditRow>,
}

/// An audit entry of a write: its action and the writer's address (the actor, target and detail are the write's
/// user, item and note).
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub action: String,
    pub ip: Option<String>,
}

#[derive(Debug)]
pub enum WriteOutcome {
    Saved {
        version: i64,
    },
    /// Someone saved since `expected`: nothing was written.
    Stale(Box<StoredItem>),
    /// Insert of an id that exists.
    Exists,
    /// Update of an id that does not exist.
    Missing,
}

const ITEM_COLUMNS: &str = "id, doc, status, version, author_id, submitted_by, created_at, updated_at, published_at, origin, pending_doc, pending_by, pending_at";

fn stored(kind: ItemKind, r: &AnyRow) -> Result<StoredItem> {
    let status: String = get(r, 2)?;
    let pending = match get::<Option<String>>(r, 10)? {
        Some(doc) => Some(Pending {
            doc,
            by: get(r, 11)?,
            at: get::<Option<String>>(r, 12)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(StoredItem {
        kind,
        id: get(r, 0)?,
        doc: get(r, 1)?,
        status: status.parse().map_err(|_| DbError::Corrupt {
            id: get(r, 0).unwrap_or_default(),
            reason: format!("status {status}"),
        })?,
        version: get(r, 3)?,
        author_id: get(r, 4)?,
        submitted_by: get(r, 5)?,
        created_at: get(r, 6)?,
        updated_at: get(r, 7)?,
        published_at: get(r, 8)?,
        origin: get(r, 9)?,
        pending,
    })
}

async fn get_item_in(
    conn: &mut sqlx::AnyConnection,
    kind: ItemKind,
    id: &str,
) -> Result<Option<StoredItem>> {
    let mut sql = Sql::new(&format!(
        "SELECT {ITEM_COLUMNS} FROM {} WHERE id = ",
        table_name(kind)
    ));
    sql.bind(id.to_owned());
    sql.fetch_optional(conn)
        .await?
        .map(|r| stored(kind, &r))
        .transpose()
}

impl Db {
    /// True when no incident and no claim exists (in any status): the demo data may be loaded.
    pub async fn is_empty(&self) -> Result<bool> {
        let n = Sql::new("SELECT (SELECT COUNT(*) FROM incidents) + (SELECT COUNT(*) FROM claims)")
            .scalar(&self.pool)
            .await?;
        Ok(n == 0)
    }

    /// Increases with every write of public content; readers' caches key on it.
    pub async fn data_version(&self) -> Result<i64> {
        Sql::new("SELECT value FROM meta WHERE key = 'data_version'")
            .scalar(&self.pool)
            .await
    }

    pub async fn get_item(&self, kind: ItemKind, id: &str) -> Result<Option<StoredItem>> {
        let mut conn = self.pool.acquire().await?;
        get_item_in(&mut conn, kind, id).await
    }

    /// Ids among `ids` that are not incidents (for claims' and stories' links).
    pub async fn missing_incidents(&self, ids: &[Slug]) -> Result<Vec<String>> {
        self.missing(ItemKind::Incident, ids).await
    }

    /// Ids among `ids` that are not items of `kind`.
    pub async fn missing(&self, kind: ItemKind, ids: &[Slug]) -> Result<Vec<String>> {
        let mut missing = Vec::new();
        for id in ids {
            let mut sql = Sql::new(&format!(
                "SELECT COUNT(*) FROM {} WHERE id = ",
                table_name(kind)
            ));
            sql.bind(id.to_string());
            if sql.scalar(&self.pool).await? == 0 {
                missing.push(id.to_string());
            }
        }
        Ok(missing)
    }

    /// A transaction for writes that belong together (an editorial step and its audit row, an import).
    pub async fn begin(&self) -> Result<Tx> {
        Ok(Tx {
            tx: self.pool.begin().await?,
            backend: self.backend,
        })
    }

    /// Creates an item at version 1, in a transaction of its own.
    pub async fn insert_item(&self, doc: &ItemDoc, meta: &WriteMeta) -> Result<WriteOutcome> {
        let mut tx = self.begin().await?;
        let outcome = tx.insert_item(doc, meta).await?;
        tx.commit_if_saved(outcome).await
    }

    /// Replaces an item's content and status if it is still at `expected` version, in a transaction of its own.
    pub async fn update_item(
        &self,
        doc: &ItemDoc,
        expected: i64,
        meta: &WriteMeta,
    ) -> Result<WriteOutcome> {
        let mut tx = self.begin().await?;
        let outcome = tx.update_item(doc, expected, meta).await?;
        tx.commit_if_saved(outcome).await
    }

    /// The rows derived from a document besides its own: platforms or claim links, and the search row.
    pub(super) async fn write_subrows(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        doc: &ItemDoc,
        seq: i64,
    ) -> Result<()> {
        write_subrows(self.backend, tx, doc, seq).await
    }

    /// Creates or overwrites an item without a version check, as the system (demo data, tests).
    pub async fn put_item(&self, doc: &ItemDoc, status: Status, note: &str) -> Result<()> {
        let meta = WriteMeta {
            status,
            user: None,
            submitted_by: None,
            note: note.to_owned(),
            origin: None,
            audit: None,
        };
        loop {
            let outcome = match self.get_item(doc.kind(), doc.id().as_str()).await? {
                Some(current) => self.update_item(doc, current.version, &meta).await?,
                None => self.insert_item(doc, &meta).await?,
            };
            // A concurrent writer got in between: try again against what it wrote.
            if let WriteOutcome::Saved { .. } = outcome {
                return Ok(());
            }
        }
    }

    pub async fn save_incident(&self, inc: &Incident, status: Status) -> Result<()> {
        self.put_item(&ItemDoc::Incident(inc.clone()), status, "loaded")
            .await
    }

    pub async fn save_claim(&self, claim: &Claim, status: Status) -> Result<()> {
        self.put_item(&ItemDoc::Claim(claim.clone()), status, "loaded")
            .await
    }

    /// Every revision of an item, newest first: (version, status, author id, author name, created_at, note, doc).
    pub async fn revisions(&self, kind: ItemKind, id: &str) -> Result<Vec<RevisionRow>> {
        let mut sql = Sql::new(
            "SELECT r.version, r.status, r.author_id, u.name, r.created_at, r.note, r.doc FROM revisions r
             LEFT JOIN users u ON u.id = r.author_id WHERE r.item_kind = ",
        );
        sql.bind(kind.as_str())
            .push(" AND r.item_id = ")
            .bind(id.to_owned())
            .push(" ORDER BY r.version DESC");
        sql.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(RevisionRow {
                    version: get(r, 0)?,
                    status: get::<String>(r, 1)?.parse().unwrap_or(Status::Draft),
                    author_id: get(r, 2)?,
                    author_name: get(r, 3)?,
                    created_at: get(r, 4)?,
                    note: get(r, 5)?,
                    doc: get(r, 6)?,
                })
            })
            .collect()
    }

    /// Items of any status for the admin lists, newest first, with the reader's filters.
    pub async fn admin_list(
        &self,
        kind: ItemKind,
        q: &ListQuery,
        statuses: &[Status],
        author: Option<i64>,
        cursor: Option<&Cursor>,
    ) -> Result<Page<AdminRow>> {
        let statuses = if statuses.is_empty() {
            Status::ALL
        } else {
            statuses
        };
        let alias = match kind {
            ItemKind::Incident => "i",
            ItemKind::Claim => "c",
            ItemKind::Story => "s",
        };
        let table = table_name(kind);
        let push_filter = |db: &Db, sql: &mut Sql, with_q: bool| {
            match kind {
                ItemKind::Incident => db.push_incident_filter_in(sql, &q.filter, with_q, statuses),
                ItemKind::Claim => db.push_claim_filter_in(sql, &q.filter, with_q, statuses),
                ItemKind::Story => db.push_story_filter_in(sql, &q.filter, with_q, statuses),
            }
            if let Some(a) = author {
                sql.push(&format!(" AND {alias}.author_id = ")).bind(a);
            }
        };
        let mut count = Sql::new(&format!("SELECT COUNT(*) FROM {table} {alias} WHERE 1 = 1"));
        push_filter(self, &mut count, true);
        let total = u64::try_from(count.scalar(&self.pool).await?).unwrap_or(0);
        let mut sql = Sql::new(&format!(
            "SELECT {alias}.id, {alias}.sort_key, {alias}.doc, {alias}.status, {alias}.version, u.name, {alias}.updated_at,
                    CAST(CASE WHEN {alias}.pending_doc IS NULL THEN 0 ELSE 1 END AS BIGINT)
             FROM {table} {alias} LEFT JOIN users u ON u.id = {alias}.author_id"
        ));
        let rank = q
            .filter
            .q
            .as_deref()
            .and_then(|text| self.search_expression(text))
            .map(|m| self.push_search_join(&mut sql, fts_table(kind), alias, m));
        sql.push(" WHERE 1 = 1");
        push_filter(self, &mut sql, false);
        let rows = self
            .fetch_page_rows(sql, rank.as_deref(), alias, q.limit, cursor)
            .await?;
        let keys: Vec<(String, String, String)> = rows
            .iter()
            .map(|r| Ok((get(r, 0)?, get(r, 1)?, String::new())))
            .collect::<Result<_>>()?;
        let mut items = Vec::new();
        for r in rows.iter().take(q.limit as usize) {
            let id: String = get(r, 0)?;
            let doc = ItemDoc::parse(kind, &id, &get::<String>(r, 2)?)?;
            let (title, date, category) = match &doc {
                ItemDoc::Incident(i) => (
                    i.title.ru.clone(),
                    i.period
                        .map_or_else(|| i.start().to_string(), |p| p.to_string()),
                    i.category.as_str(),
                ),
                ItemDoc::Claim(c) => (c.quote.ru.clone(), c.date.to_string(), c.category.as_str()),
                // A story has no category; its kind stands in that column.
                ItemDoc::Story(s) => (
                    s.title.ru.clone(),
                    s.steps
                        .iter()
                        .filter_map(|st| st.date)
                        .max()
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    s.kind.as_str(),
                ),
            };
            items.push(AdminRow {
                id,
                kind,
                title,
                date,
                category: category.to_owned(),
                status: get::<String>(r, 3)?.parse().unwrap_or(Status::Draft),
                version: get(r, 4)?,
                author: get(r, 5)?,
                updated_at: get(r, 6)?,
                pending: get::<i64>(r, 7)? != 0,
            });
        }
        Ok(Page {
            items,
            total,
            next_cursor: next_cursor(&keys, q.limit, rank.is_some(), cursor),
        })
    }
}

/// One stored revision.
#[derive(Debug, Clone)]
pub struct RevisionRow {
    pub version: i64,
    pub status: Status,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub created_at: String,
    pub note: String,
    pub doc: String,
}

impl Db {
    /// Claims (any status) that link to an incident, for the editors' preview.
    pub async fn claims_linking(&self, incident_id: &str) -> Result<Vec<StoredItem>> {
        let mut sql = Sql::new(&format!(
            "SELECT {} FROM claims c JOIN claim_incidents ci ON ci.claim_seq = c.seq WHERE ci.incident_id = ",
            ITEM_COLUMNS
                .split(", ")
                .map(|c| format!("c.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        sql.bind(incident_id.to_owned())
            .push(" ORDER BY c.sort_key DESC, c.id DESC");
        sql.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| stored(ItemKind::Claim, r))
            .collect()
    }
}

impl Db {
    /// (id, titles in every language, date, source URLs) of every incident in any status: what a digest import
    /// compares against. The date is the incident's own (`None` when only a period is known).
    pub async fn incident_keys(
        &self,
    ) -> Result<Vec<(String, Vec<String>, Option<PartialDate>, Vec<String>)>> {
        let rows = Sql::new("SELECT id, doc FROM incidents")
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: String = get(r, 0)?;
            if let ItemDoc::Incident(i) =
                ItemDoc::parse(ItemKind::Incident, &id, &get::<String>(r, 1)?)?
            {
                out.push((
                    id,
                    i.title.each().map(|(_, t)| t.to_owned()).collect(),
                    i.date,
                    i.sources.iter().map(|s| s.url.clone()).collect(),
                ));
            }
        }
        Ok(out)
    }
}

/// Writes that commit together. Every content write goes through one of its methods, which store the item, its
/// derived rows and search row, a revision, the audit row, and (for public content) move the data version. Each
/// update first claims the version the writer started from; a lost race leaves nothing written.
pub struct Tx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    backend: Backend,
}

/// The version claimed by an update: the row's `seq`, its new version, and whether readers could see it before.
struct Claimed {
    seq: i64,
    version: i64,
    was_public: bool,
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }

    /// Commits a single write that was saved; otherwise drops (rolls back) the transaction.
    async fn commit_if_saved(self, outcome: WriteOutcome) -> Result<WriteOutcome> {
        if let WriteOutcome::Saved { .. } = outcome {
            self.commit().await?;
        }
        Ok(outcome)
    }

    /// The item as this transaction sees it.
    pub async fn get_item(&mut self, kind: ItemKind, id: &str) -> Result<Option<StoredItem>> {
        get_item_in(&mut self.tx, kind, id).await
    }

    /// Moves the version on from `expected`, first thing (a write, so SQLite takes its lock before reading); the
    /// status before this write comes back unchanged. `Err` is the outcome to report when the version moved.
    async fn claim(
        &mut self,
        kind: ItemKind,
        id: &str,
        expected: i64,
    ) -> Result<std::result::Result<Claimed, WriteOutcome>> {
        let mut claim = Sql::new(&format!(
            "UPDATE {} SET version = version + 1 WHERE id = ",
            table_name(kind)
        ));
        claim
            .bind(id.to_owned())
            .push(" AND version = ")
            .bind(expected)
            .push(" RETURNING seq, version, status");
        let Some(row) = claim.fetch_optional(&mut *self.tx).await? else {
            return Ok(Err(match self.get_item(kind, id).await? {
                Some(current) => WriteOutcome::Stale(Box::new(current)),
                None => WriteOutcome::Missing,
            }));
        };
        Ok(Ok(Claimed {
            seq: get(&row, 0)?,
            version: get(&row, 1)?,
            was_public: get::<String>(&row, 2)? == Status::Published.as_str(),
        }))
    }

    /// Creates an item at version 1.
    pub async fn insert_item(&mut self, doc: &ItemDoc, meta: &WriteMeta) -> Result<WriteOutcome> {
        let kind = doc.kind();
        let now = now();
        let cols = doc.columns();
        let mut sql = Sql::new(&format!(
            "INSERT INTO {} (id, doc, status, version, author_id, submitted_by, created_at, updated_at, published_at, origin",
            table_name(kind)
        ));
        for (c, _) in &cols {
            sql.push(", ").push(c);
        }
        sql.push(") VALUES (");
        sql.bind(doc.id().to_string()).push(", ");
        sql.bind(doc.to_json()).push(", ");
        sql.bind(meta.status.as_str()).push(", 1, ");
        sql.bind(meta.user).push(", ");
        sql.bind(meta.submitted_by).push(", ");
        let n = sql.param(now.clone());
        sql.push(&format!(", ${n}, "));
        sql.bind((meta.status == Status::Published).then(|| now.clone()))
            .push(", ");
        sql.bind(meta.origin.clone());
        for (_, v) in cols {
            sql.push(", ").bind(v);
        }
        sql.push(") ON CONFLICT (id) DO NOTHING RETURNING seq");
        let Some(row) = sql.fetch_optional(&mut *self.tx).await? else {
            return Ok(WriteOutcome::Exists);
        };
        let seq: i64 = get(&row, 0)?;
        write_subrows(self.backend, &mut self.tx, doc, seq).await?;
        self.record(doc.kind(), doc.id().as_str(), &doc.to_json(), 1, meta, &now)
            .await?;
        if meta.status == Status::Published {
            bump_data_version(&mut *self.tx).await?;
        }
        Ok(WriteOutcome::Saved { version: 1 })
    }

    /// Replaces an item's content and status (dropping any pending change), if it is still at `expected`.
    pub async fn update_item(
        &mut self,
        doc: &ItemDoc,
        expected: i64,
        meta: &WriteMeta,
    ) -> Result<WriteOutcome> {
        let kind = doc.kind();
        let now = now();
        let c = match self.claim(kind, doc.id().as_str(), expected).await? {
            Ok(c) => c,
            Err(outcome) => return Ok(outcome),
        };
        let mut sql = Sql::new(&format!("UPDATE {} SET doc = ", table_name(kind)));
        sql.bind(doc.to_json())
            .push(", status = ")
            .bind(meta.status.as_str());
        sql.push(", submitted_by = ").bind(meta.submitted_by);
        sql.push(", updated_at = ").bind(now.clone());
        sql.push(", published_at = COALESCE(published_at, ")
            .bind((meta.status == Status::Published).then(|| now.clone()))
            .push(")");
        sql.push(", pending_doc = NULL, pending_by = NULL, pending_at = NULL");
        for (col, v) in doc.columns() {
            sql.push(", ").push(col).push(" = ").bind(v);
        }
        sql.push(" WHERE seq = ").bind(c.seq);
        sql.execute(&mut *self.tx).await?;
        write_subrows(self.backend, &mut self.tx, doc, c.seq).await?;
        self.record(
            kind,
            doc.id().as_str(),
            &doc.to_json(),
            c.version,
            meta,
            &now,
        )
        .await?;
        if c.was_public || meta.status == Status::Published {
            bump_data_version(&mut *self.tx).await?;
        }
        Ok(WriteOutcome::Saved { version: c.version })
    }

    /// Stores `doc` as the pending change of a published item, proposed by `meta.user`: readers keep the
    /// published document (nothing public moves) until a second person publishes the change.
    pub async fn propose_change(
        &mut self,
        doc: &ItemDoc,
        expected: i64,
        meta: &WriteMeta,
    ) -> Result<WriteOutcome> {
        let kind = doc.kind();
        let now = now();
        let c = match self.claim(kind, doc.id().as_str(), expected).await? {
            Ok(c) => c,
            Err(outcome) => return Ok(outcome),
        };
        let mut sql = Sql::new(&format!("UPDATE {} SET pending_doc = ", table_name(kind)));
        sql.bind(doc.to_json())
            .push(", pending_by = ")
            .bind(meta.user)
            .push(", pending_at = ");
        // `updated_at` stays: it is what readers are told of the published text.
        sql.bind(now.clone()).push(" WHERE seq = ").bind(c.seq);
        sql.execute(&mut *self.tx).await?;
        self.record(
            kind,
            doc.id().as_str(),
            &doc.to_json(),
            c.version,
            meta,
            &now,
        )
        .await?;
        Ok(WriteOutcome::Saved { version: c.version })
    }

    /// Drops the pending change of an item at `expected`; its revision records the public document again.
    pub async fn discard_change(
        &mut self,
        kind: ItemKind,
        id: &str,
        expected: i64,
        meta: &WriteMeta,
    ) -> Result<WriteOutcome> {
        let now = now();
        let c = match self.claim(kind, id, expected).await? {
            Ok(c) => c,
            Err(outcome) => return Ok(outcome),
        };
        let mut sql = Sql::new(&format!(
            "UPDATE {} SET pending_doc = NULL, pending_by = NULL, pending_at = NULL WHERE seq = ",
            table_name(kind)
        ));
        sql.bind(c.seq).push(" RETURNING doc");
        let doc: String = get(&sql.fetch_one(&mut *self.tx).await?, 0)?;
        self.record(kind, id, &doc, c.version, meta, &now).await?;
        Ok(WriteOutcome::Saved { version: c.version })
    }

    /// The revision of a write and, when the write has one, its audit row.
    async fn record(
        &mut self,
        kind: ItemKind,
        id: &str,
        doc: &str,
        version: i64,
        meta: &WriteMeta,
        now: &str,
    ) -> Result<()> {
        let mut rev = Sql::new(
            "INSERT INTO revisions (item_kind, item_id, version, status, doc, author_id, created_at, note) VALUES (",
        );
        rev.bind(kind.as_str())
            .push(", ")
            .bind(id.to_owned())
            .push(", ")
            .bind(version);
        rev.push(", ")
            .bind(meta.status.as_str())
            .push(", ")
            .bind(doc.to_owned())
            .push(", ")
            .bind(meta.user);
        rev.push(", ")
            .bind(now.to_owned())
            .push(", ")
            .bind(meta.note.clone())
            .push(")");
        rev.execute(&mut *self.tx).await?;
        if let Some(a) = &meta.audit {
            let target = format!("{}:{id}", kind.as_str());
            self.audit(
                meta.user,
                &a.action,
                Some(&target),
                &meta.note,
                a.ip.as_deref(),
            )
            .await?;
        }
        Ok(())
    }

    pub async fn audit(
        &mut self,
        actor: Option<i64>,
        action: &str,
        target: Option<&str>,
        detail: &str,
        ip: Option<&str>,
    ) -> Result<()> {
        super::people::audit_sql(actor, action, target, detail, ip)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }
}

/// The rows derived from a document besides its own: platforms or claim links, and the search row.
async fn write_subrows(
    backend: Backend,
    conn: &mut sqlx::AnyConnection,
    doc: &ItemDoc,
    seq: i64,
) -> Result<()> {
    match doc {
        ItemDoc::Incident(inc) => {
            let mut del = Sql::new("DELETE FROM incident_platforms WHERE incident_seq = ");
            del.bind(seq);
            del.execute(&mut *conn).await?;
            for p in &inc.platforms {
                let mut ins =
                    Sql::new("INSERT INTO incident_platforms (incident_seq, platform) VALUES (");
                ins.bind(seq).push(", ").bind(p.as_str()).push(")");
                ins.execute(&mut *conn).await?;
            }
        }
        ItemDoc::Claim(claim) => {
            let mut del = Sql::new("DELETE FROM claim_incidents WHERE claim_seq = ");
            del.bind(seq);
            del.execute(&mut *conn).await?;
            for id in &claim.incident_ids {
                let mut ins =
                    Sql::new("INSERT INTO claim_incidents (claim_seq, incident_id) VALUES (");
                ins.bind(seq).push(", ").bind(id.to_string()).push(")");
                ins.execute(&mut *conn).await?;
            }
        }
        ItemDoc::Story(story) => {
            let mut del = Sql::new("DELETE FROM story_steps WHERE story_seq = ");
            del.bind(seq);
            del.execute(&mut *conn).await?;
            for (i, step) in story.steps.iter().enumerate() {
                let mut ins = Sql::new(
                    "INSERT INTO story_steps (story_seq, position, stage, incident_id, claim_id, sort_key) VALUES (",
                );
                ins.bind(seq)
                    .push(", ")
                    .bind(i64::try_from(i).unwrap_or(i64::MAX) + 1)
                    .push(", ")
                    .bind(step.stage.as_str());
                ins.push(", ")
                    .bind(step.incident_id.as_ref().map(ToString::to_string))
                    .push(", ")
                    .bind(step.claim_id.as_ref().map(ToString::to_string))
                    .push(", ")
                    .bind(step.date.map(|d| d.sort_key()))
                    .push(")");
                ins.execute(&mut *conn).await?;
            }
        }
    }
    // A story is ordered by its latest step, which may be its linked items' dates: keep it current.
    let mut refresh = Sql::new(STORY_SORT_KEY);
    match doc {
        ItemDoc::Story(_) => refresh.push("seq = ").bind(seq),
        ItemDoc::Incident(_) => refresh
            .push("seq IN (SELECT story_seq FROM story_steps WHERE incident_id = ")
            .bind(doc.id().to_string())
            .push(")"),
        ItemDoc::Claim(_) => refresh
            .push("seq IN (SELECT story_seq FROM story_steps WHERE claim_id = ")
            .bind(doc.id().to_string())
            .push(")"),
    };
    refresh.execute(&mut *conn).await?;
    index_search(backend, conn, fts_table(doc.kind()), seq, doc.search_text()).await
}

/// Replaces the search row of item `seq` with the stems of its texts.
async fn index_search(
    backend: Backend,
    conn: &mut sqlx::AnyConnection,
    table: Table,
    seq: i64,
    text: Vec<(Option<aqiqat_shared::Lang>, &str)>,
) -> Result<()> {
    let mut del = Sql::new(&format!("DELETE FROM {} WHERE rowid = ", table.fts()));
    del.bind(seq);
    del.execute(&mut *conn).await?;
    let mut ins = Sql::new(&format!(
        "INSERT INTO {} (rowid, body) VALUES (",
        table.fts()
    ));
    ins.bind(seq).push(", ");
    super::fts::push_search_body(backend, &mut ins, search::index_text(text));
    ins.push(")");
    ins.execute(&mut *conn).await?;
    Ok(())
}
