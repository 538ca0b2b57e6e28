//! Export and import of everything (users, partners, items, every revision, the audit log) as JSON lines: the way
//! to move from the embedded SQLite to PostgreSQL, and a portable backup. Sessions and sign-in attempts are
//! transient and left out. Import only goes into an empty database and runs in one transaction: it lands whole or
//! not at all.

use std::io::{BufRead, Write};

use aqiqat_shared::admin::ItemKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::items::{ItemDoc, table_name};
use super::{Backend, Db, DbError, Sql, get};

pub const FORMAT: &str = "aqiqat-export";
pub const FORMAT_VERSION: u32 = 1;

/// One line of an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Line {
    Header {
        format: String,
        format_version: u32,
        schema: Vec<i64>,
        exported_at: String,
    },
    User {
        id: i64,
        email: String,
        name: String,
        role: String,
        password_hash: String,
        disabled: i64,
        created_at: String,
        updated_at: String,
    },
    Partner {
        id: i64,
        name: String,
        domains: String,
        contact: Option<String>,
        created_at: String,
        updated_at: String,
    },
    Item {
        kind: ItemKind,
        id: String,
        status: String,
        version: i64,
        doc: Value,
        author_id: Option<i64>,
        submitted_by: Option<i64>,
        created_at: String,
        updated_at: String,
        published_at: Option<String>,
        origin: Option<String>,
        /// A change to a published item waiting for a second person (absent in older exports).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pending_doc: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pending_by: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pending_at: Option<String>,
    },
    Revision {
        kind: ItemKind,
        item_id: String,
        version: i64,
        status: String,
        doc: Value,
        author_id: Option<i64>,
        created_at: String,
        note: String,
    },
    Audit {
        at: String,
        actor_id: Option<i64>,
        action: String,
        target: Option<String>,
        detail: String,
        ip: Option<String>,
    },
    Meta {
        key: String,
        value: i64,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("line {line}: {message}")]
    Bad { line: usize, message: String },
    #[error(
        "the target database already has content ({0}); import only goes into an empty database"
    )]
    NotEmpty(String),
}

/// What an import brought in, per kind of line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub users: u64,
    pub partners: u64,
    pub items: u64,
    pub revisions: u64,
    pub audit: u64,
}

fn json_value(doc: &str) -> Value {
    serde_json::from_str(doc).unwrap_or(Value::Null)
}

impl Db {
    /// Writes every line of an export; returns the number of lines.
    pub async fn export(&self, out: &mut impl Write) -> std::result::Result<u64, TransferError> {
        let mut n = 0u64;
        let mut emit = |line: &Line, out: &mut dyn Write| -> std::io::Result<()> {
            serde_json::to_writer(&mut *out, line)?;
            out.write_all(b"\n")?;
            n += 1;
            Ok(())
        };
        let header = Line::Header {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            schema: self.applied_versions().await?,
            exported_at: super::now(),
        };
        // One read transaction: the export is a consistent snapshot even while editors save.
        let mut tx = self.pool.begin().await.map_err(DbError::from)?;
        if self.backend == Backend::Postgres {
            Sql::new("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute(&mut *tx)
                .await?;
        }
        emit(&header, out)?;
        for r in Sql::new("SELECT id, email, name, role, password_hash, disabled, created_at, updated_at FROM users ORDER BY id").fetch_all(&mut *tx).await? {
            let line = Line::User {
                id: get(&r, 0)?,
                email: get(&r, 1)?,
                name: get(&r, 2)?,
                role: get(&r, 3)?,
                password_hash: get(&r, 4)?,
                disabled: get(&r, 5)?,
                created_at: get(&r, 6)?,
                updated_at: get(&r, 7)?,
            };
            emit(&line, out)?;
        }
        for r in Sql::new(
            "SELECT id, name, domains, contact, created_at, updated_at FROM partners ORDER BY id",
        )
        .fetch_all(&mut *tx)
        .await?
        {
            let line = Line::Partner {
                id: get(&r, 0)?,
                name: get(&r, 1)?,
                domains: get(&r, 2)?,
                contact: get(&r, 3)?,
                created_at: get(&r, 4)?,
                updated_at: get(&r, 5)?,
            };
            emit(&line, out)?;
        }
        // Incidents before claims before stories: each links to the ones before.
        for kind in [ItemKind::Incident, ItemKind::Claim, ItemKind::Story] {
            let sql = Sql::new(&format!(
                "SELECT id, status, version, doc, author_id, submitted_by, created_at, updated_at, published_at, origin, pending_doc, pending_by, pending_at FROM {} ORDER BY seq",
                table_name(kind)
            ));
            for r in sql.fetch_all(&mut *tx).await? {
                let line = Line::Item {
                    kind,
                    id: get(&r, 0)?,
                    status: get(&r, 1)?,
                    version: get(&r, 2)?,
                    doc: json_value(&get::<String>(&r, 3)?),
                    author_id: get(&r, 4)?,
                    submitted_by: get(&r, 5)?,
                    created_at: get(&r, 6)?,
                    updated_at: get(&r, 7)?,
                    published_at: get(&r, 8)?,
                    origin: get(&r, 9)?,
                    pending_doc: get::<Option<String>>(&r, 10)?.map(|d| json_value(&d)),
                    pending_by: get(&r, 11)?,
                    pending_at: get(&r, 12)?,
                };
                emit(&line, out)?;
            }
        }
        let revs = Sql::new(
            "SELECT item_kind, item_id, version, status, doc, author_id, created_at, note FROM revisions ORDER BY id",
        );
        for r in revs.fetch_all(&mut *tx).await? {
            let kind: String = get(&r, 0)?;
            let line = Line::Revision {
                kind: ItemKind::parse(&kind).ok_or_else(|| DbError::Corrupt {
                    id: get(&r, 1).unwrap_or_default(),
                    reason: kind.clone(),
                })?,
                item_id: get(&r, 1)?,
                version: get(&r, 2)?,
                status: get(&r, 3)?,
                doc: json_value(&get::<String>(&r, 4)?),
                author_id: get(&r, 5)?,
                created_at: get(&r, 6)?,
                note: get(&r, 7)?,
            };
            emit(&line, out)?;
        }
        for r in
            Sql::new("SELECT at, actor_id, action, target, detail, ip FROM audit_log ORDER BY id")
                .fetch_all(&mut *tx)
                .await?
        {
            let line = Line::Audit {
                at: get(&r, 0)?,
                actor_id: get(&r, 1)?,
                action: get(&r, 2)?,
                target: get(&r, 3)?,
                detail: get(&r, 4)?,
                ip: get(&r, 5)?,
            };
            emit(&line, out)?;
        }
        for r in Sql::new("SELECT key, value FROM meta ORDER BY key")
            .fetch_all(&mut *tx)
            .await?
        {
            emit(
                &Line::Meta {
                    key: get(&r, 0)?,
                    value: get(&r, 1)?,
                },
                out,
            )?;
        }
        tx.commit().await.map_err(DbError::from)?;
        Ok(n)
    }

    /// Reads an export into this (empty) database, in one transaction.
    pub async fn import_export(
        &self,
        input: impl BufRead,
    ) -> std::result::Result<Counts, TransferError> {
        let mut existing = Vec::new();
        for table in ["users", "incidents", "claims", "stories", "partners"] {
            let n = Sql::new(&format!("SELECT COUNT(*) FROM {table}"))
                .scalar(&self.pool)
                .await?;
            if n > 0 {
                existing.push(format!("{n} {table}"));
            }
        }
        if !existing.is_empty() {
            return Err(TransferError::NotEmpty(existing.join(", ")));
        }
        let mut tx = self.pool.begin().await.map_err(DbError::from)?;
        let mut counts = Counts::default();
        let mut seen_header = false;
        for (i, line) in input.lines().enumerate() {
            let no = i + 1;
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let bad = |message: String| TransferError::Bad { line: no, message };
            let parsed: Line =
                serde_json::from_str(&line).map_err(|e| bad(format!("not an export line: {e}")))?;
            if !seen_header {
                match &parsed {
                    Line::Header {
                        format,
                        format_version,
                        schema,
                        ..
                    } if format == FORMAT && *format_version == FORMAT_VERSION => {
                        let known = self.backend.migrator();
                        if let Some(v) = schema
                            .iter()
                            .find(|v| !known.iter().any(|m| m.version == **v))
                        {
                            return Err(bad(format!(
                                "the export comes from a newer Aqiqat (schema migration {v} is unknown here): upgrade this program first"
                            )));
                        }
                        seen_header = true;
                        continue;
                    }
                    _ => {
                        return Err(bad(format!(
                            "the file must start with a {FORMAT} version {FORMAT_VERSION} header"
                        )));
                    }
                }
            }
            match parsed {
                Line::Header { .. } => return Err(bad("a second header".into())),
                Line::User {
                    id,
                    email,
                    name,
                    role,
                    password_hash,
                    disabled,
                    created_at,
                    updated_at,
                } => {
                    let mut sql = Sql::new(
                        "INSERT INTO users (id, email, name, role, password_hash, disabled, created_at, updated_at) VALUES (",
                    );
                    sql.bind(id)
                        .push(", ")
                        .bind(email)
                        .push(", ")
                        .bind(name)
                        .push(", ")
                        .bind(role)
                        .push(", ")
                        .bind(password_hash);
                    sql.push(", ")
                        .bind(disabled)
                        .push(", ")
                        .bind(created_at)
                        .push(", ")
                        .bind(updated_at)
                        .push(")");
                    sql.execute(&mut *tx)
                        .await
                        .map_err(|e| bad(e.to_string()))?;
                    counts.users += 1;
                }
                Line::Partner {
                    id,
                    name,
                    domains,
                    contact,
                    created_at,
                    updated_at,
                } => {
                    let mut sql = Sql::new(
                        "INSERT INTO partners (id, name, domains, contact, created_at, updated_at) VALUES (",
                    );
                    sql.bind(id)
                        .push(", ")
                        .bind(name)
                        .push(", ")
                        .bind(domains)
                        .push(", ")
                        .bind(contact);
                    sql.push(", ")
                        .bind(created_at)
                        .push(", ")
                        .bind(updated_at)
                        .push(")");
                    sql.execute(&mut *tx)
                        .await
                        .map_err(|e| bad(e.to_string()))?;
                    counts.partners += 1;
                }
                Line::Item {
                    kind,
                    id,
                    status,
                    version,
                    doc,
                    author_id,
                    submitted_by,
                    created_at,
                    updated_at,
                    published_at,
                    origin,
                    pending_doc,
                    pending_by,
                    pending_at,
                } => {
                    let item = ItemDoc::parse(kind, &id, &doc.to_string())
                        .map_err(|e| bad(e.to_string()))?;
                    if item.id().as_str() != id {
                        return Err(bad(format!(
                            "item id {id} differs from its document's id {}",
                            item.id()
                        )));
                    }
                    status
                        .parse::<aqiqat_shared::Status>()
                        .map_err(|e| bad(e.to_string()))?;
                    let pending_doc = match pending_doc {
                        Some(p) => Some(
                            ItemDoc::parse(kind, &id, &p.to_string())
                                .map_err(|e| bad(e.to_string()))?
                                .to_json(),
                        ),
                        None => None,
                    };
                    let cols = item.columns();
                    let mut sql = Sql::new(&format!(
                        "INSERT INTO {} (id, doc, status, version, author_id, submitted_by, created_at, updated_at, published_at, origin, pending_doc, pending_by, pending_at",
                        table_name(kind)
                    ));
                    for (c, _) in &cols {
                        sql.push(", ").push(c);
                    }
                    sql.push(") VALUES (")
                        .bind(id)
                        .push(", ")
                        .bind(item.to_json())
                        .push(", ")
                        .bind(status)
                        .push(", ")
                        .bind(version);
                    sql.push(", ")
                        .bind(author_id)
                        .push(", ")
                        .bind(submitted_by)
                        .push(", ")
                        .bind(created_at)
                        .push(", ")
                        .bind(updated_at);
                    sql.push(", ").bind(published_at).push(", ").bind(origin);
                    sql.push(", ")
                        .bind(pending_doc)
                        .push(", ")
                        .bind(pending_by)
                        .push(", ")
                        .bind(pending_at);
                    for (_, v) in cols {
                        sql.push(", ").bind(v);
                    }
                    sql.push(") RETURNING seq");
                    let seq = sql.scalar(&mut *tx).await.map_err(|e| bad(e.to_string()))?;
                    self.write_subrows(&mut tx, &item, seq)
                        .await
                        .map_err(|e| bad(e.to_string()))?;
                    counts.items += 1;
                }
                Line::Revision {
                    kind,
                    item_id,
                    version,
                    status,
                    doc,
                    author_id,
                    created_at,
                    note,
                } => {
                    let mut sql = Sql::new(
                        "INSERT INTO revisions (item_kind, item_id, version, status, doc, author_id, created_at, note) VALUES (",
                    );
                    sql.bind(kind.as_str())
                        .push(", ")
                        .bind(item_id)
                        .push(", ")
                        .bind(version)
                        .push(", ")
                        .bind(status);
                    sql.push(", ")
                        .bind(doc.to_string())
                        .push(", ")
                        .bind(author_id)
                        .push(", ")
                        .bind(created_at)
                        .push(", ")
                        .bind(note)
                        .push(")");
                    sql.execute(&mut *tx)
                        .await
                        .map_err(|e| bad(e.to_string()))?;
                    counts.revisions += 1;
                }
                Line::Audit {
                    at,
                    actor_id,
                    action,
                    target,
                    detail,
                    ip,
                } => {
                    let mut sql = Sql::new(
                        "INSERT INTO audit_log (at, actor_id, action, target, detail, ip) VALUES (",
                    );
                    sql.bind(at)
                        .push(", ")
                        .bind(actor_id)
                        .push(", ")
                        .bind(action)
                        .push(", ")
                        .bind(target);
                    sql.push(", ").bind(detail).push(", ").bind(ip).push(")");
                    sql.execute(&mut *tx)
                        .await
                        .map_err(|e| bad(e.to_string()))?;
                    counts.audit += 1;
                }
                Line::Meta { key, value } => {
                    let mut sql = Sql::new("UPDATE meta SET value = ");
                    sql.bind(value).push(" WHERE key = ").bind(key);
                    sql.execute(&mut *tx)
                        .await
                        .map_err(|e| bad(e.to_string()))?;
                }
            }
        }
        if !seen_header {
            return Err(TransferError::Bad {
                line: 1,
                message: "the file is empty".into(),
            });
        }
        if self.backend == Backend::Postgres {
            // Ids were given explicitly: move each sequence past them.
            for table in ["users", "partners", "revisions", "audit_log"] {
                Sql::new(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await.map_err(DbError::from)?;
        Ok(counts)
    }
}
