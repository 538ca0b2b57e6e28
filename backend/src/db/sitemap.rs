//! What search engines are told exists: every published item, with when it last changed (the sitemap).

use aqiqat_shared::view::PageKind;

use super::{Db, Result, Sql, get};

/// One published item of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedItem {
    pub kind: PageKind,
    pub id: String,
    /// RFC 3339, when the published text last changed.
    pub updated_at: String,
}

impl Db {
    /// How many items the sitemap lists.
    pub async fn published_count(&self) -> Result<u64> {
        let n = Sql::new(
            "SELECT (SELECT COUNT(*) FROM incidents WHERE status = 'published')
                  + (SELECT COUNT(*) FROM claims WHERE status = 'published')",
        )
        .scalar(&self.pool)
        .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Published items, incidents first then claims, each by id: `limit` of them from `offset`.
    pub async fn published_items(&self, offset: u64, limit: u64) -> Result<Vec<PublishedItem>> {
        let mut sql = Sql::new(
            "SELECT kind, id, updated_at FROM (
                SELECT CAST('i' AS TEXT) AS kind, id, updated_at FROM incidents WHERE status = 'published'
                UNION ALL
                SELECT CAST('c' AS TEXT) AS kind, id, updated_at FROM claims WHERE status = 'published'
             ) AS items ORDER BY kind, id LIMIT ",
        );
        sql.bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .push(" OFFSET ")
            .bind(i64::try_from(offset).unwrap_or(i64::MAX));
        sql.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(PublishedItem {
                    kind: if get::<String>(r, 0)? == "i" {
                        PageKind::Incident
                    } else {
                        PageKind::Claim
                    },
                    id: get(r, 1)?,
                    updated_at: get(r, 2)?,
                })
            })
            .collect()
    }
}
