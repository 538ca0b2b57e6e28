//! The data layer: every SQL statement of the server lives under this module, nowhere else.
//!
//! Items are stored as their validated JSON document plus derived columns for filtering (see the first
//! migration). Readers only ever see `published` rows; that condition is written once, in `push_*_filter`.

mod cursor;

use std::str::FromStr;
use std::time::Duration;

use aqiqat_shared::api::{
    ClaimBucket, ClaimCard, ClaimDetail, FacetCount, Facets, IncidentCard, IncidentDetail, Page,
    Timeline, TimelineBucket,
};
use aqiqat_shared::filter::{Facet, Filter, ListQuery, VerdictFilter};
use aqiqat_shared::{Category, Claim, Incident, Kind, Lang, Platform, Region, Status, Verdict};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row, Sqlite};

pub use cursor::Cursor;

use crate::search;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored item {id} is not valid any more: {reason}")]
    Corrupt { id: String, reason: String },
    #[error("the cursor does not belong to this query")]
    CursorMismatch,
}

pub type Result<T, E = DbError> = std::result::Result<T, E>;

#[derive(Clone)]
pub struct Db {
    pool: SqlitePool,
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl Db {
    /// Opens (creating if needed) the database at `url` and brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Db> {
        let opts = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(opts)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Db { pool })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// True when no incident and no claim exists (in any status): the demo data may be loaded.
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM incidents) + (SELECT COUNT(*) FROM claims)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n == 0)
    }

    // ---- writes ----------------------------------------------------------------------------------------------

    /// Creates or replaces an incident (by id) with the given status.
    pub async fn save_incident(&self, inc: &Incident, status: Status) -> Result<()> {
        let (lo, hi) = inc.bounds();
        let doc = serde_json::to_string(inc).map_err(|e| DbError::Corrupt {
            id: inc.id.to_string(),
            reason: e.to_string(),
        })?;
        let now = now();
        let published_at = (status == Status::Published).then(|| now.clone());
        let mut tx = self.pool.begin().await?;
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO incidents (id, status, category, kind, region, date_lo, date_hi, sort_key, doc, created_at, updated_at, published_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status, category = excluded.category,
               kind = excluded.kind, region = excluded.region, date_lo = excluded.date_lo, date_hi = excluded.date_hi,
               sort_key = excluded.sort_key, doc = excluded.doc, version = incidents.version + 1,
               updated_at = excluded.updated_at, published_at = COALESCE(incidents.published_at, excluded.published_at)
             RETURNING seq",
        )
        .bind(inc.id.as_str())
        .bind(status.as_str())
        .bind(inc.category.as_str())
        .bind(inc.kind.as_str())
        .bind(inc.region.map(Region::as_str))
        .bind(&lo)
        .bind(&hi)
        .bind(inc.date.sort_key())
        .bind(&doc)
        .bind(&now)
        .bind(&now)
        .bind(&published_at)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM incident_platforms WHERE incident_seq = ?")
            .bind(seq)
            .execute(&mut *tx)
            .await?;
        for p in &inc.platforms {
            sqlx::query("INSERT INTO incident_platforms (incident_seq, platform) VALUES (?, ?)")
                .bind(seq)
                .bind(p.as_str())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM incidents_fts WHERE rowid = ?")
            .bind(seq)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO incidents_fts (rowid, body) VALUES (?, ?)")
            .bind(seq)
            .bind(search::index_text(&inc.search_text()))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates or replaces a claim (by id). Linked incidents must exist.
    pub async fn save_claim(&self, claim: &Claim, status: Status) -> Result<()> {
        let (lo, hi) = (claim.date.first_day(), claim.date.last_day());
        let doc = serde_json::to_string(claim).map_err(|e| DbError::Corrupt {
            id: claim.id.to_string(),
            reason: e.to_string(),
        })?;
        let now = now();
        let published_at = (status == Status::Published).then(|| now.clone());
        let mut tx = self.pool.begin().await?;
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO claims (id, status, category, verdict, date_lo, date_hi, sort_key, doc, created_at, updated_at, published_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status, category = excluded.category,
               verdict = excluded.verdict, date_lo = excluded.date_lo, date_hi = excluded.date_hi,
               sort_key = excluded.sort_key, doc = excluded.doc, version = claims.version + 1,
               updated_at = excluded.updated_at, published_at = COALESCE(claims.published_at, excluded.published_at)
             RETURNING seq",
        )
        .bind(claim.id.as_str())
        .bind(status.as_str())
        .bind(claim.category.as_str())
        .bind(VerdictFilter::of(claim.verdict).as_str())
        .bind(&lo)
        .bind(&hi)
        .bind(claim.date.sort_key())
        .bind(&doc)
        .bind(&now)
        .bind(&now)
        .bind(&published_at)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM claim_incidents WHERE claim_seq = ?")
            .bind(seq)
            .execute(&mut *tx)
            .await?;
        for id in &claim.incident_ids {
            sqlx::query("INSERT INTO claim_incidents (claim_seq, incident_id) VALUES (?, ?)")
                .bind(seq)
                .bind(id.as_str())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM claims_fts WHERE rowid = ?")
            .bind(seq)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO claims_fts (rowid, body) VALUES (?, ?)")
            .bind(seq)
            .bind(search::index_text(&claim.search_text()))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- public reads ----------------------------------------------------------------------------------------

    pub async fn list_incidents(
        &self,
        q: &ListQuery,
        cursor: Option<&Cursor>,
    ) -> Result<Page<IncidentCard>> {
        let fts = q.filter.q.as_deref().and_then(search::match_expression);
        let total = self.count_incidents(&q.filter).await?;
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT i.id, i.sort_key, i.doc FROM incidents i");
        if let Some(m) = &fts {
            qb.push(" JOIN incidents_fts ON incidents_fts.rowid = i.seq AND incidents_fts MATCH ")
                .push_bind(m.clone());
        }
        qb.push(" WHERE 1 = 1");
        push_incident_filter(&mut qb, &q.filter, false);
        let rows = fetch_page(
            &mut qb,
            &self.pool,
            fts.is_some(),
            "incidents_fts.rank",
            "i",
            q.limit,
            cursor,
        )
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for (id, _, doc) in rows.iter().take(q.limit as usize) {
            items.push(IncidentCard::new(&parse_doc::<Incident>(id, doc)?, q.lang));
        }
        let next_cursor = next_cursor(&rows, q.limit, fts.is_some(), cursor);
        Ok(Page {
            items,
            total,
            next_cursor,
        })
    }

    pub async fn list_claims(
        &self,
        q: &ListQuery,
        cursor: Option<&Cursor>,
    ) -> Result<Page<ClaimCard>> {
        let fts = q.filter.q.as_deref().and_then(search::match_expression);
        let total = self.count_claims(&q.filter).await?;
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT c.id, c.sort_key, c.doc FROM claims c");
        if let Some(m) = &fts {
            qb.push(" JOIN claims_fts ON claims_fts.rowid = c.seq AND claims_fts MATCH ")
                .push_bind(m.clone());
        }
        qb.push(" WHERE 1 = 1");
        push_claim_filter(&mut qb, &q.filter, false);
        let rows = fetch_page(
            &mut qb,
            &self.pool,
            fts.is_some(),
            "claims_fts.rank",
            "c",
            q.limit,
            cursor,
        )
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for (id, _, doc) in rows.iter().take(q.limit as usize) {
            items.push(ClaimCard::new(&parse_doc::<Claim>(id, doc)?, q.lang));
        }
        let next_cursor = next_cursor(&rows, q.limit, fts.is_some(), cursor);
        Ok(Page {
            items,
            total,
            next_cursor,
        })
    }

    async fn count_incidents(&self, f: &Filter) -> Result<u64> {
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM incidents i WHERE 1 = 1");
        push_incident_filter(&mut qb, f, true);
        let n: i64 = qb.build_query_scalar().fetch_one(&self.pool).await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn count_claims(&self, f: &Filter) -> Result<u64> {
        let mut qb = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM claims c WHERE 1 = 1");
        push_claim_filter(&mut qb, f, true);
        let n: i64 = qb.build_query_scalar().fetch_one(&self.pool).await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// A published incident with its published claims.
    pub async fn incident_detail(&self, id: &str, lang: Lang) -> Result<Option<IncidentDetail>> {
        let Some(row) = sqlx::query(
            "SELECT doc, updated_at FROM incidents WHERE id = ? AND status = 'published'",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let inc: Incident = parse_doc(id, row.get("doc"))?;
        let claim_rows = sqlx::query(
            "SELECT c.id, c.doc FROM claims c JOIN claim_incidents ci ON ci.claim_seq = c.seq
             WHERE ci.incident_id = ? AND c.status = 'published' ORDER BY c.sort_key DESC, c.id DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut claims = Vec::with_capacity(claim_rows.len());
        for r in &claim_rows {
            claims.push(ClaimCard::new(
                &parse_doc::<Claim>(r.get("id"), r.get("doc"))?,
                lang,
            ));
        }
        Ok(Some(IncidentDetail::new(
            &inc,
            lang,
            claims,
            Some(row.get("updated_at")),
        )))
    }

    /// A published claim with its published incidents.
    pub async fn claim_detail(&self, id: &str, lang: Lang) -> Result<Option<ClaimDetail>> {
        let Some(row) = sqlx::query(
            "SELECT seq, doc, updated_at FROM claims WHERE id = ? AND status = 'published'",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let claim: Claim = parse_doc(id, row.get("doc"))?;
        let inc_rows = sqlx::query(
            "SELECT i.id, i.doc FROM incidents i JOIN claim_incidents ci ON ci.incident_id = i.id
             WHERE ci.claim_seq = ? AND i.status = 'published' ORDER BY i.sort_key DESC, i.id DESC",
        )
        .bind(row.get::<i64, _>("seq"))
        .fetch_all(&self.pool)
        .await?;
        let mut incidents = Vec::with_capacity(inc_rows.len());
        for r in &inc_rows {
            incidents.push(IncidentCard::new(
                &parse_doc::<Incident>(r.get("id"), r.get("doc"))?,
                lang,
            ));
        }
        Ok(Some(ClaimDetail::new(
            &claim,
            lang,
            incidents,
            Some(row.get("updated_at")),
        )))
    }

    /// Counts per value of each dimension, each computed with every filter but its own.
    pub async fn facets(&self, f: &Filter) -> Result<Facets> {
        let category = self
            .group_count(
                "SELECT i.category, COUNT(*) FROM incidents i WHERE 1 = 1",
                " GROUP BY i.category",
                &f.without(Facet::Category),
                Target::Incidents,
            )
            .await?;
        let kind = self
            .group_count(
                "SELECT i.kind, COUNT(*) FROM incidents i WHERE 1 = 1",
                " GROUP BY i.kind",
                &f.without(Facet::Kind),
                Target::Incidents,
            )
            .await?;
        let region = self
            .group_count(
                "SELECT i.region, COUNT(*) FROM incidents i WHERE i.region IS NOT NULL",
                " GROUP BY i.region",
                &f.without(Facet::Region),
                Target::Incidents,
            )
            .await?;
        let platform = self
            .group_count(
                "SELECT p.platform, COUNT(*) FROM incidents i JOIN incident_platforms p ON p.incident_seq = i.seq WHERE 1 = 1",
                " GROUP BY p.platform",
                &f.without(Facet::Platform),
                Target::Incidents,
            )
            .await?;
        let verdict = self
            .group_count(
                "SELECT c.verdict, COUNT(*) FROM claims c WHERE 1 = 1",
                " GROUP BY c.verdict",
                &f.without(Facet::Verdict),
                Target::Claims,
            )
            .await?;
        let verdict_names: Vec<&str> = Verdict::ALL
            .iter()
            .map(|v| v.as_str())
            .chain(std::iter::once(VerdictFilter::Unrated.as_str()))
            .collect();
        Ok(Facets {
            incidents: self.count_incidents(f).await?,
            claims: self.count_claims(f).await?,
            category: all_values(Category::ALL.iter().map(|c| c.as_str()), &category),
            kind: all_values(Kind::ALL.iter().map(|k| k.as_str()), &kind),
            region: all_values(Region::ALL.iter().map(|r| r.as_str()), &region),
            platform: all_values(Platform::ALL.iter().map(|p| p.as_str()), &platform),
            verdict: all_values(verdict_names.into_iter(), &verdict),
        })
    }

    async fn group_count(
        &self,
        select: &str,
        group: &str,
        f: &Filter,
        target: Target,
    ) -> Result<Vec<(String, u64)>> {
        let mut qb = QueryBuilder::<Sqlite>::new(select);
        match target {
            Target::Incidents => push_incident_filter(&mut qb, f, true),
            Target::Claims => push_claim_filter(&mut qb, f, true),
        }
        qb.push(group);
        let rows = qb.build().fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get::<String, _>(0),
                    u64::try_from(r.get::<i64, _>(1)).unwrap_or(0),
                )
            })
            .collect())
    }

    /// Incidents per month and category and claims per month and verdict, oldest month first.
    pub async fn timeline(&self, f: &Filter) -> Result<Timeline> {
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT substr(i.sort_key, 1, 7) AS month, i.category, COUNT(*) FROM incidents i WHERE substr(i.sort_key, 6, 2) <> '00'",
        );
        push_incident_filter(&mut qb, f, true);
        qb.push(" GROUP BY month, i.category ORDER BY month, i.category");
        let rows = qb.build().fetch_all(&self.pool).await?;
        let mut buckets = Vec::with_capacity(rows.len());
        for r in &rows {
            let category: String = r.get(1);
            let Ok(category) = category.parse::<Category>() else {
                continue;
            };
            buckets.push(TimelineBucket {
                month: r.get(0),
                category,
                count: u64::try_from(r.get::<i64, _>(2)).unwrap_or(0),
            });
        }
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT substr(c.sort_key, 1, 7) AS month, c.verdict, COUNT(*) FROM claims c WHERE substr(c.sort_key, 6, 2) <> '00'",
        );
        push_claim_filter(&mut qb, f, true);
        qb.push(" GROUP BY month, c.verdict ORDER BY month, c.verdict");
        let claims = qb
            .build()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| ClaimBucket {
                month: r.get(0),
                verdict: r.get(1),
                count: u64::try_from(r.get::<i64, _>(2)).unwrap_or(0),
            })
            .collect();
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT COUNT(*) FROM incidents i WHERE substr(i.sort_key, 6, 2) = '00'",
        );
        push_incident_filter(&mut qb, f, true);
        let year_only_incidents: i64 = qb.build_query_scalar().fetch_one(&self.pool).await?;
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT COUNT(*) FROM claims c WHERE substr(c.sort_key, 6, 2) = '00'",
        );
        push_claim_filter(&mut qb, f, true);
        let year_only_claims: i64 = qb.build_query_scalar().fetch_one(&self.pool).await?;
        Ok(Timeline {
            buckets,
            claims,
            year_only: u64::try_from(year_only_incidents + year_only_claims).unwrap_or(0),
        })
    }
}

#[derive(Clone, Copy)]
enum Target {
    Incidents,
    Claims,
}

fn all_values<'a>(
    names: impl Iterator<Item = &'a str>,
    counts: &[(String, u64)],
) -> Vec<FacetCount> {
    names
        .map(|n| FacetCount {
            value: n.to_owned(),
            count: counts.iter().find(|(v, _)| v == n).map_or(0, |(_, c)| *c),
        })
        .collect()
}

fn parse_doc<T: serde::de::DeserializeOwned>(id: &str, doc: &str) -> Result<T> {
    serde_json::from_str(doc).map_err(|e| DbError::Corrupt {
        id: id.to_owned(),
        reason: e.to_string(),
    })
}

fn push_in(
    qb: &mut QueryBuilder<'_, Sqlite>,
    column: &str,
    values: impl IntoIterator<Item = &'static str>,
) {
    qb.push(format!(" AND {column} IN ("));
    let mut sep = qb.separated(", ");
    for v in values {
        sep.push_bind(v);
    }
    qb.push(")");
}

fn push_range(qb: &mut QueryBuilder<'_, Sqlite>, alias: &str, f: &Filter) {
    let (from, to) = f.day_bounds();
    if let Some(from) = from {
        qb.push(format!(" AND {alias}.date_hi >= ")).push_bind(from);
    }
    if let Some(to) = to {
        qb.push(format!(" AND {alias}.date_lo <= ")).push_bind(to);
    }
}

/// Appends the reader's filter for `incidents i`. `with_q` adds the text search as a condition (lists join the FTS
/// table instead, to rank by it).
fn push_incident_filter(qb: &mut QueryBuilder<'_, Sqlite>, f: &Filter, with_q: bool) {
    qb.push(" AND i.status = 'published'");
    if !f.categories.is_empty() {
        push_in(qb, "i.category", f.categories.iter().map(|c| c.as_str()));
    }
    if !f.kinds.is_empty() {
        push_in(qb, "i.kind", f.kinds.iter().map(|k| k.as_str()));
    }
    if !f.regions.is_empty() {
        push_in(qb, "i.region", f.regions.iter().map(|r| r.as_str()));
    }
    if !f.platforms.is_empty() {
        qb.push(" AND EXISTS (SELECT 1 FROM incident_platforms ip WHERE ip.incident_seq = i.seq");
        push_in(qb, "ip.platform", f.platforms.iter().map(|p| p.as_str()));
        qb.push(")");
    }
    if !f.verdicts.is_empty() {
        qb.push(
            " AND EXISTS (SELECT 1 FROM claim_incidents ci JOIN claims vc ON vc.seq = ci.claim_seq
               WHERE ci.incident_id = i.id AND vc.status = 'published'",
        );
        push_in(qb, "vc.verdict", f.verdicts.iter().map(|v| v.as_str()));
        qb.push(")");
    }
    push_range(qb, "i", f);
    if with_q && let Some(m) = f.q.as_deref().and_then(search::match_expression) {
        qb.push(" AND i.seq IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ")
            .push_bind(m)
            .push(")");
    }
}

/// Appends the reader's filter for `claims c`; kind, region and platform select claims linked to such incidents.
fn push_claim_filter(qb: &mut QueryBuilder<'_, Sqlite>, f: &Filter, with_q: bool) {
    qb.push(" AND c.status = 'published'");
    if !f.categories.is_empty() {
        push_in(qb, "c.category", f.categories.iter().map(|c| c.as_str()));
    }
    if !f.verdicts.is_empty() {
        push_in(qb, "c.verdict", f.verdicts.iter().map(|v| v.as_str()));
    }
    if !f.kinds.is_empty() || !f.regions.is_empty() || !f.platforms.is_empty() {
        qb.push(
            " AND EXISTS (SELECT 1 FROM claim_incidents ci JOIN incidents li ON li.id = ci.incident_id
               WHERE ci.claim_seq = c.seq AND li.status = 'published'",
        );
        if !f.kinds.is_empty() {
            push_in(qb, "li.kind", f.kinds.iter().map(|k| k.as_str()));
        }
        if !f.regions.is_empty() {
            push_in(qb, "li.region", f.regions.iter().map(|r| r.as_str()));
        }
        if !f.platforms.is_empty() {
            qb.push(
                " AND EXISTS (SELECT 1 FROM incident_platforms ip WHERE ip.incident_seq = li.seq",
            );
            push_in(qb, "ip.platform", f.platforms.iter().map(|p| p.as_str()));
            qb.push(")");
        }
        qb.push(")");
    }
    push_range(qb, "c", f);
    if with_q && let Some(m) = f.q.as_deref().and_then(search::match_expression) {
        qb.push(" AND c.seq IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ")
            .push_bind(m)
            .push(")");
    }
}

type PageRow = (String, String, String);

/// Orders, applies the cursor and the limit, and fetches one extra row to know whether a next page exists.
async fn fetch_page(
    qb: &mut QueryBuilder<'_, Sqlite>,
    pool: &SqlitePool,
    ranked: bool,
    rank_column: &str,
    alias: &str,
    limit: u32,
    cursor: Option<&Cursor>,
) -> Result<Vec<PageRow>> {
    let mut offset = 0;
    match (cursor, ranked) {
        (None, _) => {}
        (Some(Cursor::After { sort_key, id }), false) => {
            qb.push(format!(" AND ({alias}.sort_key < "))
                .push_bind(sort_key.clone())
                .push(format!(" OR ({alias}.sort_key = "))
                .push_bind(sort_key.clone())
                .push(format!(" AND {alias}.id < "))
                .push_bind(id.clone())
                .push("))");
        }
        (Some(Cursor::Offset(n)), true) => offset = *n,
        _ => return Err(DbError::CursorMismatch),
    }
    if ranked {
        qb.push(format!(
            " ORDER BY {rank_column}, {alias}.sort_key DESC, {alias}.id DESC"
        ));
    } else {
        qb.push(format!(" ORDER BY {alias}.sort_key DESC, {alias}.id DESC"));
    }
    qb.push(" LIMIT ")
        .push_bind(i64::from(limit) + 1)
        .push(" OFFSET ")
        .push_bind(i64::from(offset));
    let rows = qb.build().fetch_all(pool).await?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}

/// Trims the extra row and makes the cursor for the page after this one.
fn next_cursor(
    rows: &[PageRow],
    limit: u32,
    ranked: bool,
    cursor: Option<&Cursor>,
) -> Option<String> {
    if rows.len() <= limit as usize {
        return None;
    }
    let last = &rows[limit as usize - 1];
    let c = if ranked {
        let before = match cursor {
            Some(Cursor::Offset(n)) => *n,
            _ => 0,
        };
        Cursor::Offset(before + limit)
    } else {
        Cursor::After {
            sort_key: last.1.clone(),
            id: last.0.clone(),
        }
    };
    Some(c.encode())
}
