//! Bulk loading of published items made by `aqiqat generate` (synthetic data for benchmarks): many rows per
//! statement, items, sub-rows, search rows and revisions written in one transaction per batch, with sequence
//! numbers assigned here so that sub-rows need no round trip. Real content never goes this way: editors, the
//! importer and `import-data` use the one-item-at-a-time path in `items.rs`.

use aqiqat_shared::Status;
use aqiqat_shared::admin::ItemKind;

use super::items::{ItemDoc, bump_data_version, table_name};
use super::{Backend, Db, DbError, Result, Sql};
use crate::search;

/// What marks generated items (their `origin`), so that they can be told from real ones.
pub const SYNTHETIC_ORIGIN: &str = "synthetic";

/// One item ready to be written: its document and everything derived from it, computed off the database's thread.
pub struct BulkItem {
    pub seq: i64,
    pub id: String,
    pub doc: String,
    pub columns: Vec<(&'static str, Option<String>)>,
    /// Platforms of an incident, or the incident ids of a claim.
    pub links: Vec<String>,
    /// The search row's body (stemmed words, see `search::index_text`).
    pub search: String,
}

impl BulkItem {
    pub fn new(seq: i64, doc: &ItemDoc, indexer: &mut search::CachedIndexer) -> BulkItem {
        let links = match doc {
            ItemDoc::Incident(i) => i.platforms.iter().map(|p| p.as_str().to_owned()).collect(),
            ItemDoc::Claim(c) => c.incident_ids.iter().map(ToString::to_string).collect(),
            ItemDoc::Story(_) => Vec::new(),
        };
        BulkItem {
            seq,
            id: doc.id().to_string(),
            doc: doc.to_json(),
            columns: doc.columns(),
            links,
            search: indexer.index_text(doc.search_text()),
        }
    }
}

/// Rows per statement, well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. SQLite is given
/// fewer: sqlx looks its parameters up by name, which costs more per parameter the more a statement has.
fn rows_per_statement(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 50,
        Backend::Postgres => 400,
    }
}

/// What a database holds, as far as `generate` cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentCounts {
    /// Items of any status whose origin is not the synthetic marker (editors', imported, demo).
    pub real: i64,
    pub synthetic: i64,
    pub max_incident_seq: i64,
    pub max_claim_seq: i64,
}

impl Db {
    pub async fn content_counts(&self) -> Result<ContentCounts> {
        let mut counts = ContentCounts {
            real: 0,
            synthetic: 0,
            max_incident_seq: 0,
            max_claim_seq: 0,
        };
        for table in ["incidents", "claims"] {
            let mut sql = Sql::new(&format!(
                "SELECT COUNT(*) FROM {table} WHERE origin IS NULL OR origin <> "
            ));
            sql.bind(SYNTHETIC_ORIGIN);
            counts.real += sql.scalar(&self.pool).await?;
            let mut sql = Sql::new(&format!("SELECT COUNT(*) FROM {table} WHERE origin = "));
            sql.bind(SYNTHETIC_ORIGIN);
            counts.synthetic += sql.scalar(&self.pool).await?;
            let max = Sql::new(&format!("SELECT COALESCE(MAX(seq), 0) FROM {table}"))
                .scalar(&self.pool)
                .await?;
            match table {
                "incidents" => counts.max_incident_seq = max,
                _ => counts.max_claim_seq = max,
            }
        }
        Ok(counts)
    }

    /// Writes `items` (all of `kind`, with fresh `seq`s) as published, synthetic items, with their revisions.
    pub async fn bulk_insert(&self, kind: ItemKind, items: &[BulkItem], now: &str) -> Result<()> {
        let Some(first) = items.first() else {
            return Ok(());
        };
        if kind == ItemKind::Story {
            return Err(DbError::Corrupt {
                id: first.id.clone(),
                reason: "stories are written one at a time, never bulk-loaded".into(),
            });
        }
        let table = table_name(kind);
        let published = Status::Published.as_str();
        let mut tx = self.pool.begin().await?;
        for chunk in items.chunks(rows_per_statement(self.backend)) {
            let mut sql = Sql::new(&format!(
                "INSERT INTO {table} (seq, id, doc, status, version, created_at, updated_at, published_at, origin"
            ));
            for (c, _) in &first.columns {
                sql.push(", ").push(c);
            }
            sql.push(") VALUES ");
            let n_now = sql.arg(now.to_owned());
            let n_status = sql.arg(published);
            let n_origin = sql.arg(SYNTHETIC_ORIGIN);
            for (k, item) in chunk.iter().enumerate() {
                if item.columns.len() != first.columns.len() {
                    return Err(DbError::Corrupt {
                        id: item.id.clone(),
                        reason: "mixed item kinds in one bulk insert".into(),
                    });
                }
                sql.push(if k == 0 { "(" } else { ", (" });
                sql.bind(item.seq)
                    .push(", ")
                    .bind(item.id.clone())
                    .push(", ");
                sql.bind(item.doc.clone());
                sql.push(&format!(
                    ", ${n_status}, 1, ${n_now}, ${n_now}, ${n_now}, ${n_origin}"
                ));
                for (_, v) in &item.columns {
                    sql.push(", ").bind(v.clone());
                }
                sql.push(")");
            }
            sql.execute(&mut *tx).await?;

            let (link_table, link_columns) = match kind {
                ItemKind::Incident => ("incident_platforms", "(incident_seq, platform)"),
                ItemKind::Claim => ("claim_incidents", "(claim_seq, incident_id)"),
                ItemKind::Story => unreachable!("refused above"),
            };
            let mut links = Sql::new(&format!("INSERT INTO {link_table} {link_columns} VALUES "));
            let mut any = false;
            for item in chunk {
                for link in &item.links {
                    links.push(if any { ", (" } else { "(" });
                    links.bind(item.seq).push(", ").bind(link.clone()).push(")");
                    any = true;
                }
            }
            if any {
                links.execute(&mut *tx).await?;
            }

            let fts = format!("{table}_fts");
            let mut search = Sql::new(&format!("INSERT INTO {fts} (rowid, body) VALUES "));
            for (k, item) in chunk.iter().enumerate() {
                search.push(if k == 0 { "(" } else { ", (" });
                search.bind(item.seq).push(", ");
                self.push_search_body(&mut search, item.search.clone());
                search.push(")");
            }
            search.execute(&mut *tx).await?;

            let mut revisions = Sql::new(
                "INSERT INTO revisions (item_kind, item_id, version, status, doc, created_at, note) VALUES ",
            );
            let n_kind = revisions.arg(kind.as_str());
            let n_now = revisions.arg(now.to_owned());
            let n_status = revisions.arg(published);
            let n_note = revisions.arg("generated (synthetic)");
            for (k, item) in chunk.iter().enumerate() {
                revisions.push(if k == 0 { "(" } else { ", (" });
                revisions.push(&format!("${n_kind}, "));
                revisions.bind(item.id.clone()).push(", 1, ");
                revisions.push(&format!("${n_status}, "));
                revisions.bind(item.doc.clone());
                revisions.push(&format!(", ${n_now}, ${n_note})"));
            }
            revisions.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// After a bulk load: readers' caches see new data, PostgreSQL's sequences move past the explicit `seq`s,
    /// and both planners get fresh statistics (SQLite never gathers them by itself).
    pub async fn finish_bulk_load(&self, added: u64) -> Result<()> {
        bump_data_version(&self.pool).await?;
        let mut mark = Sql::new("INSERT INTO meta (key, value) VALUES ('synthetic_items', ");
        mark.bind(added as i64)
            .push(") ON CONFLICT (key) DO UPDATE SET value = meta.value + excluded.value");
        mark.execute(&self.pool).await?;
        if self.backend == Backend::Postgres {
            for table in ["incidents", "claims"] {
                Sql::new(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'seq'), COALESCE((SELECT MAX(seq) FROM {table}), 0) + 1, false)"
                ))
                .fetch_one(&self.pool)
                .await?;
            }
        }
        Sql::new("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    /// How many generated items the database was given (0 for a real one): cheap, for a warning at start-up.
    pub async fn synthetic_items(&self) -> Result<i64> {
        Sql::new("SELECT COALESCE(MAX(value), 0) FROM meta WHERE key = 'synthetic_items'")
            .scalar(&self.pool)
            .await
    }
}
