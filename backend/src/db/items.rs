//! Writing incidents and claims: one code path for both kinds and every writer (editors, the importer, the demo
//! loader). Each write stores the document, its derived columns and search row, a revision, and bumps the data
//! version, in one transaction; updates only succeed against the version the writer started from.

use aqiqat_shared::admin::{AdminRow, ItemKind};
use aqiqat_shared::api::Page;
use aqiqat_shared::filter::{ListQuery, VerdictFilter};
use aqiqat_shared::{Claim, Incident, PartialDate, Region, Slug, Status};
use sqlx::any::AnyRow;

use super::content::{Table, next_cursor};
use super::{Backend, Cursor, Db, DbError, Result, Sql, get, now};
use crate::search;

/// A validated item of either kind. (Passed by reference and short-lived: boxing the larger variant would buy
/// nothing but an allocation.)
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum ItemDoc {
    Incident(Incident),
    Claim(Claim),
}

impl ItemDoc {
    pub fn kind(&self) -> ItemKind {
        match self {
            ItemDoc::Incident(_) => ItemKind::Incident,
            ItemDoc::Claim(_) => ItemKind::Claim,
        }
    }

    pub fn id(&self) -> &Slug {
        match self {
            ItemDoc::Incident(i) => &i.id,
            ItemDoc::Claim(c) => &c.id,
        }
    }

    pub fn to_json(&self) -> String {
        let r = match self {
            ItemDoc::Incident(i) => serde_json::to_string(i),
            ItemDoc::Claim(c) => serde_json::to_string(c),
        };
        r.unwrap_or_default()
    }

    pub fn to_value(&self) -> serde_json::Value {
        let r = match self {
            ItemDoc::Incident(i) => serde_json::to_value(i),
            ItemDoc::Claim(c) => serde_json::to_value(c),
        };
        r.unwrap_or_default()
    }

    /// Reads a stored document back (re-validating it).
    pub fn parse(kind: ItemKind, id: &str, doc: &str) -> Result<ItemDoc> {
        let bad = |e: serde_json::Error| DbError::Corrupt {
            id: id.to_owned(),
            reason: e.to_string(),
        };
        Ok(match kind {
            ItemKind::Incident => ItemDoc::Incident(serde_json::from_str(doc).map_err(bad)?),
            ItemKind::Claim => ItemDoc::Claim(serde_json::from_str(doc).map_err(bad)?),
        })
    }

    pub(super) fn search_text(&self) -> String {
        match self {
            ItemDoc::Incident(i) => i.search_text(),
            ItemDoc::Claim(c) => c.search_text(),
        }
    }

    /// The derived columns filters use, as (column, value).
    pub(super) fn columns(&self) -> Vec<(&'static str, Option<String>)> {
        match self {
            ItemDoc::Incident(i) => {
                let (lo, hi) = i.bounds();
                vec![
                    ("category", Some(i.category.as_str().to_owned())),
                    ("kind", Some(i.kind.as_str().to_owned())),
                    ("region", i.region.map(|r| Region::as_str(r).to_owned())),
                    ("date_lo", Some(lo)),
                    ("date_hi", Some(hi)),
                    ("sort_key", Some(i.date.sort_key())),
                ]
            }
            ItemDoc::Claim(c) => vec![
                ("category", Some(c.category.as_str().to_owned())),
                (
                    "verdict",
                    Some(VerdictFilter::of(c.verdict).as_str().to_owned()),
                ),
                ("date_lo", Some(c.date.first_day())),
                ("date_hi", Some(c.date.last_day())),
                ("sort_key", Some(c.date.sort_key())),
            ],
        }
    }
}

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
    }
}

fn fts_table(kind: ItemKind) -> Table {
    match kind {
        ItemKind::Incident => Table::Incidents,
        ItemKind::Claim => Table::Claims,
    }
}

/// An item as stored, with its workflow facts.
#[derive(Debug, Clone)]
pub struct StoredItem {
    pub kind: ItemKind,
    pub id: String,
    pub doc: String,
    pub status: Status,
    pub version: i64,
    pub author_id: Option<i64>,
    pub submitted_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    pub origin: Option<String>,
}

impl StoredItem {
    pub fn parse(&self) -> Result<ItemDoc> {
        ItemDoc::parse(self.kind, &self.id, &self.doc)
    }
}

/// Who writes and why: recorded with the revision.
#[derive(Debug, Clone)]
pub struct WriteMeta {
    pub status: Status,
    pub user: Option<i64>,
    pub submitted_by: Option<i64>,
    pub note: String,
    pub origin: Option<String>,
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

const ITEM_COLUMNS: &str = "id, doc, status, version, author_id, submitted_by, created_at, updated_at, published_at, origin";

fn stored(kind: ItemKind, r: &AnyRow) -> Result<StoredItem> {
    let status: String = get(r, 2)?;
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
    })
}

impl Db {
    /// True when no incident and no claim exists (in any status): the demo data may be loaded.
    pub async fn is_empty(&self) -> Result<bool> {
        let n = Sql::new("SELECT (SELECT COUNT(*) FROM incidents) + (SELECT COUNT(*) FROM claims)")
            .scalar(&self.pool)
            .await?;
        Ok(n == 0)
    }

    /// Increases with every content write; readers' caches key on it.
    pub async fn data_version(&self) -> Result<i64> {
        Sql::new("SELECT value FROM meta WHERE key = 'data_version'")
            .scalar(&self.pool)
            .await
    }

    pub async fn get_item(&self, kind: ItemKind, id: &str) -> Result<Option<StoredItem>> {
        let mut sql = Sql::new(&format!(
            "SELECT {ITEM_COLUMNS} FROM {} WHERE id = ",
            table_name(kind)
        ));
        sql.bind(id.to_owned());
        sql.fetch_optional(&self.pool)
            .await?
            .map(|r| stored(kind, &r))
            .transpose()
    }

    /// Ids among `ids` that are not incidents (for claims' links).
    pub async fn missing_incidents(&self, ids: &[Slug]) -> Result<Vec<String>> {
        let mut missing = Vec::new();
        for id in ids {
            let mut sql = Sql::new("SELECT COUNT(*) FROM incidents WHERE id = ");
            sql.bind(id.to_string());
            if sql.scalar(&self.pool).await? == 0 {
                missing.push(id.to_string());
            }
        }
        Ok(missing)
    }

    /// Creates an item at version 1.
    pub async fn insert_item(&self, doc: &ItemDoc, meta: &WriteMeta) -> Result<WriteOutcome> {
        let kind = doc.kind();
        let now = now();
        let mut tx = self.pool.begin().await?;
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
        let Some(row) = sql.fetch_optional(&mut *tx).await? else {
            return Ok(WriteOutcome::Exists);
        };
        let seq: i64 = get(&row, 0)?;
        let public = meta.status == Status::Published;
        self.after_write(&mut tx, doc, seq, 1, meta, &now, public)
            .await?;
        tx.commit().await?;
        Ok(WriteOutcome::Saved { version: 1 })
    }

    /// Replaces an item's content and status, if it is still at `expected` version.
    pub async fn update_item(
        &self,
        doc: &ItemDoc,
        expected: i64,
        meta: &WriteMeta,
    ) -> Result<WriteOutcome> {
        let kind = doc.kind();
        let now = now();
        let mut tx = self.pool.begin().await?;
        // First claim the version (a write, so SQLite takes its lock before reading anything): the row's status
        // before this write comes back unchanged, and says whether readers could see the item.
        let mut claim = Sql::new(&format!(
            "UPDATE {} SET version = version + 1 WHERE id = ",
            table_name(kind)
        ));
        claim
            .bind(doc.id().to_string())
            .push(" AND version = ")
            .bind(expected)
            .push(" RETURNING seq, version, status");
        let Some(row) = claim.fetch_optional(&mut *tx).await? else {
            drop(tx);
            return Ok(match self.get_item(kind, doc.id().as_str()).await? {
                Some(current) => WriteOutcome::Stale(Box::new(current)),
                None => WriteOutcome::Missing,
            });
        };
        let (seq, version): (i64, i64) = (get(&row, 0)?, get(&row, 1)?);
        let was_public = get::<String>(&row, 2)? == Status::Published.as_str();
        let mut sql = Sql::new(&format!("UPDATE {} SET doc = ", table_name(kind)));
        sql.bind(doc.to_json())
            .push(", status = ")
            .bind(meta.status.as_str());
        sql.push(", submitted_by = ").bind(meta.submitted_by);
        sql.push(", updated_at = ").bind(now.clone());
        sql.push(", published_at = COALESCE(published_at, ")
            .bind((meta.status == Status::Published).then(|| now.clone()))
            .push(")");
        for (c, v) in doc.columns() {
            sql.push(", ").push(c).push(" = ").bind(v);
        }
        sql.push(" WHERE seq = ").bind(seq);
        sql.execute(&mut *tx).await?;
        let public = was_public || meta.status == Status::Published;
        self.after_write(&mut tx, doc, seq, version, meta, &now, public)
            .await?;
        tx.commit().await?;
        Ok(WriteOutcome::Saved { version })
    }

    /// The rows derived from a document besides its own: platforms or claim links, and the search row.
    pub(super) async fn write_subrows(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        doc: &ItemDoc,
        seq: i64,
    ) -> Result<()> {
        match doc {
            ItemDoc::Incident(inc) => {
                let mut del = Sql::new("DELETE FROM incident_platforms WHERE incident_seq = ");
                del.bind(seq);
                del.execute(&mut **tx).await?;
                for p in &inc.platforms {
                    let mut ins = Sql::new(
                        "INSERT INTO incident_platforms (incident_seq, platform) VALUES (",
                    );
                    ins.bind(seq).push(", ").bind(p.as_str()).push(")");
                    ins.execute(&mut **tx).await?;
                }
            }
            ItemDoc::Claim(claim) => {
                let mut del = Sql::new("DELETE FROM claim_incidents WHERE claim_seq = ");
                del.bind(seq);
                del.execute(&mut **tx).await?;
                for id in &claim.incident_ids {
                    let mut ins =
                        Sql::new("INSERT INTO claim_incidents (claim_seq, incident_id) VALUES (");
                    ins.bind(seq).push(", ").bind(id.to_string()).push(")");
                    ins.execute(&mut **tx).await?;
                }
            }
        }
        self.index_search(tx, fts_table(doc.kind()), seq, &doc.search_text())
            .await?;
        Ok(())
    }

    /// Sub-rows, search row, revision and, when readers could see the item before or after (`public`), the data
    /// version of a write. Drafts and items in review move nothing readers' caches key on.
    #[allow(clippy::too_many_arguments)]
    async fn after_write(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        doc: &ItemDoc,
        seq: i64,
        version: i64,
        meta: &WriteMeta,
        now: &str,
        public: bool,
    ) -> Result<()> {
        self.write_subrows(tx, doc, seq).await?;
        let mut rev = Sql::new(
            "INSERT INTO revisions (item_kind, item_id, version, status, doc, author_id, created_at, note) VALUES (",
        );
        rev.bind(doc.kind().as_str())
            .push(", ")
            .bind(doc.id().to_string())
            .push(", ")
            .bind(version);
        rev.push(", ")
            .bind(meta.status.as_str())
            .push(", ")
            .bind(doc.to_json())
            .push(", ")
            .bind(meta.user);
        rev.push(", ")
            .bind(now.to_owned())
            .push(", ")
            .bind(meta.note.clone())
            .push(")");
        rev.execute(&mut **tx).await?;
        if public {
            bump_data_version(&mut **tx).await?;
        }
        Ok(())
    }

    /// Replaces the search row of item `seq` with `text`'s stemmed words.
    async fn index_search(
        &self,
        conn: &mut sqlx::AnyConnection,
        table: Table,
        seq: i64,
        text: &str,
    ) -> Result<()> {
        let mut del = Sql::new(&format!("DELETE FROM {} WHERE rowid = ", table.fts()));
        del.bind(seq);
        del.execute(&mut *conn).await?;
        let body = search::index_text(text);
        let mut ins = Sql::new(&format!(
            "INSERT INTO {} (rowid, body) VALUES (",
            table.fts()
        ));
        ins.bind(seq).push(", ");
        match self.backend {
            Backend::Sqlite => ins.bind(body),
            Backend::Postgres => ins
                .push("array_to_tsvector(string_to_array(")
                .bind(body)
                .push(", ' '))"),
        };
        ins.push(")");
        ins.execute(&mut *conn).await?;
        Ok(())
    }

    /// Creates or overwrites an item without a version check, as the system (demo data, tests).
    pub async fn put_item(&self, doc: &ItemDoc, status: Status, note: &str) -> Result<()> {
        let meta = WriteMeta {
            status,
            user: None,
            submitted_by: None,
            note: note.to_owned(),
            origin: None,
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
        let alias = if kind == ItemKind::Incident { "i" } else { "c" };
        let table = table_name(kind);
        let push_filter = |db: &Db, sql: &mut Sql, with_q: bool| {
            match kind {
                ItemKind::Incident => db.push_incident_filter_in(sql, &q.filter, with_q, statuses),
                ItemKind::Claim => db.push_claim_filter_in(sql, &q.filter, with_q, statuses),
            }
            if let Some(a) = author {
                sql.push(&format!(" AND {alias}.author_id = ")).bind(a);
            }
        };
        let mut count = Sql::new(&format!("SELECT COUNT(*) FROM {table} {alias} WHERE 1 = 1"));
        push_filter(self, &mut count, true);
        let total = u64::try_from(count.scalar(&self.pool).await?).unwrap_or(0);
        let mut sql = Sql::new(&format!(
            "SELECT {alias}.id, {alias}.sort_key, {alias}.doc, {alias}.status, {alias}.version, u.name, {alias}.updated_at
             FROM {table} {alias} LEFT JOIN users u ON u.id = {alias}.author_id"
        ));
        let rank = q
            .filter
            .q
            .as_deref()
            .and_then(|text| search::match_expression(self.backend, text))
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
                ItemDoc::Incident(i) => {
                    (i.title.ru.clone(), i.date.to_string(), i.category.as_str())
                }
                ItemDoc::Claim(c) => (c.quote.ru.clone(), c.date.to_string(), c.category.as_str()),
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
    /// (id, Russian title, date, source URLs) of every incident in any status: what a digest import compares against.
    pub async fn incident_keys(&self) -> Result<Vec<(String, String, PartialDate, Vec<String>)>> {
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
                    i.title.ru.clone(),
                    i.date,
                    i.sources.iter().map(|s| s.url.clone()).collect(),
                ));
            }
        }
        Ok(out)
    }
}
