//! Full-text search in each database's own syntax, over the stems that `crate::search` makes: the FTS5 `MATCH`
//! expression (SQLite) or the `tsquery` text (PostgreSQL) of a reader's query, the stored form of an item's
//! stems, and the rebuild of the index when the stems of a new program differ from those stored.

use aqiqat_shared::admin::ItemKind;

use super::items::{ItemDoc, bump_data_version, table_name};
use super::{Backend, Db, Result, Sql, get};
use crate::search::{self, CachedIndexer, STEMS_VERSION, Term};

/// Rows read and written per statement while the index is rebuilt.
const REINDEX_BATCH: i64 = 200;

/// The search expression for `terms` in `backend`'s syntax; `None` when there is no term. Every term must
/// match; within a term, any alternative. Stems hold only letters and digits (`search` guarantees it), so
/// quoting them cannot break out of the expression.
pub(super) fn expression(backend: Backend, terms: &[Term]) -> Option<String> {
    let (quote, prefix, or, and) = match backend {
        // FTS5 needs AND spelled out between parenthesized groups.
        Backend::Sqlite => ('"', "*", " OR ", " AND "),
        Backend::Postgres => ('\'', ":*", " | ", " & "),
    };
    let rendered: Vec<String> = terms
        .iter()
        .filter_map(|t| {
            let alts: Vec<String> = t
                .alternatives
                .iter()
                .filter(|a| !a.stem.is_empty() && a.stem.chars().all(char::is_alphanumeric))
                .map(|a| {
                    let star = if a.prefix { prefix } else { "" };
                    format!("{quote}{}{quote}{star}", a.stem)
                })
                .collect();
            match alts.len() {
                0 => None,
                1 => alts.into_iter().next(),
                _ => Some(format!("({})", alts.join(or))),
            }
        })
        .collect();
    (!rendered.is_empty()).then(|| rendered.join(and))
}

/// Appends an item's stems (`search::index_text`) as the value of a search row's `body`, in `backend`'s syntax.
pub(super) fn push_search_body(backend: Backend, sql: &mut Sql, body: String) {
    match backend {
        Backend::Sqlite => sql.bind(body),
        Backend::Postgres => sql
            .push("array_to_tsvector(string_to_array(")
            .bind(body)
            .push(", ' '))"),
    };
}

impl Db {
    /// The search expression of a reader's query in this database's syntax (see [`expression`]).
    pub(super) fn search_expression(&self, q: &str) -> Option<String> {
        expression(self.backend, &search::query_terms(q))
    }

    /// Appends an item's stems (`search::index_text`) as the value of a search row's `body`.
    pub(super) fn push_search_body(&self, sql: &mut Sql, body: String) {
        push_search_body(self.backend, sql, body);
    }

    /// Rebuilds the search rows of every item when they were made by other stems than this program's
    /// ([`STEMS_VERSION`], recorded in `meta.search_stems`), in one transaction; returns whether it did. The
    /// first statement marks the new version, so that a replica starting at the same time waits for this one
    /// (PostgreSQL's row lock, SQLite's write lock) and then finds nothing to do.
    pub(super) async fn refresh_search_index(&self) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let mut mark = Sql::new("UPDATE meta SET value = ");
        mark.bind(STEMS_VERSION)
            .push(" WHERE key = 'search_stems' AND value <> ")
            .bind(STEMS_VERSION);
        if mark.execute(&mut *tx).await? == 0 {
            tx.commit().await?;
            return Ok(false);
        }
        let mut indexer = CachedIndexer::default();
        let mut rows = 0usize;
        for kind in [ItemKind::Incident, ItemKind::Claim] {
            let table = table_name(kind);
            Sql::new(&format!("DELETE FROM {table}_fts"))
                .execute(&mut *tx)
                .await?;
            let mut last = 0i64;
            loop {
                let mut read = Sql::new(&format!("SELECT seq, id, doc FROM {table} WHERE seq > "));
                read.bind(last)
                    .push(" ORDER BY seq LIMIT ")
                    .bind(REINDEX_BATCH);
                let batch = read.fetch_all(&mut *tx).await?;
                if batch.is_empty() {
                    break;
                }
                let mut write = Sql::new(&format!("INSERT INTO {table}_fts (rowid, body) VALUES "));
                for (k, r) in batch.iter().enumerate() {
                    let seq: i64 = get(r, 0)?;
                    let doc = ItemDoc::parse(kind, &get::<String>(r, 1)?, &get::<String>(r, 2)?)?;
                    write.push(if k == 0 { "(" } else { ", (" });
                    write.bind(seq).push(", ");
                    self.push_search_body(&mut write, indexer.index_text(doc.search_text()));
                    write.push(")");
                    last = seq;
                }
                write.execute(&mut *tx).await?;
                rows += batch.len();
            }
        }
        bump_data_version(&mut *tx).await?;
        tx.commit().await?;
        tracing::info!(
            rows,
            version = STEMS_VERSION,
            "rebuilt the search index for new stems"
        );
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Alternative;

    fn term(alts: &[(&str, bool)]) -> Term {
        Term {
            alternatives: alts
                .iter()
                .map(|(s, p)| Alternative {
                    stem: (*s).to_owned(),
                    prefix: *p,
                })
                .collect(),
        }
    }

    #[test]
    fn terms_become_each_databases_syntax() {
        let terms = [
            term(&[("утечк", true)]),
            term(&[("конституция", false), ("конституц", true)]),
        ];
        assert_eq!(
            expression(Backend::Sqlite, &terms).unwrap(),
            "\"утечк\"* AND (\"конституция\" OR \"конституц\"*)"
        );
        assert_eq!(
            expression(Backend::Postgres, &terms).unwrap(),
            "'утечк':* & ('конституция' | 'конституц':*)"
        );
        assert_eq!(expression(Backend::Sqlite, &[]), None);
    }

    #[test]
    fn queries_are_safe_search_expressions() {
        assert_eq!(
            expression(Backend::Sqlite, &search::query_terms("  ")),
            None
        );
        for (backend, quote, syntax) in [
            (Backend::Sqlite, '"', &["(", ")", "*", "OR", "AND"][..]),
            (Backend::Postgres, '\'', &["(", ")", ":*", "|", "&"]),
        ] {
            let e = expression(backend, &search::query_terms("\"'); DROP ( * :* |")).unwrap();
            assert!(e.contains(&format!("{quote}drop{quote}")), "{e}");
            // Outside the quoted stems (letters and digits) there is nothing but the syntax itself.
            for (k, part) in e.split(quote).enumerate() {
                if k % 2 == 1 {
                    assert!(part.chars().all(char::is_alphanumeric), "{e}");
                } else {
                    let mut rest = part.to_owned();
                    for s in syntax {
                        rest = rest.replace(s, "");
                    }
                    assert!(rest.trim().is_empty(), "{e}: {rest:?}");
                }
            }
        }
        // A stem that is not letters and digits is never written, whatever made it.
        assert_eq!(
            expression(Backend::Sqlite, &[term(&[("a\"b", true)])]),
            None
        );
    }
}
