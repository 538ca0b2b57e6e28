//! People and what they did: users, sessions, sign-in attempts, the audit log and partner sites. Everything here is
//! in the database, so every replica sees the same state.

use aqiqat_shared::admin::{AuditEntry, Partner, Role, UserRef};
use sqlx::any::AnyRow;

use super::{Db, DbError, Result, Sql, get, now};

/// A user row, password hash included: never serialized to a client.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: String,
}

impl UserRecord {
    pub fn as_ref(&self) -> UserRef {
        UserRef {
            id: self.id,
            name: self.name.clone(),
        }
    }

    pub fn view(&self) -> aqiqat_shared::admin::User {
        aqiqat_shared::admin::User {
            id: self.id,
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role,
            disabled: self.disabled,
            created_at: self.created_at.clone(),
        }
    }
}

const USER_COLUMNS: &str = "id, email, name, role, password_hash, disabled, created_at";

fn user(r: &AnyRow) -> Result<UserRecord> {
    let role: String = get(r, 3)?;
    Ok(UserRecord {
        id: get(r, 0)?,
        email: get(r, 1)?,
        name: get(r, 2)?,
        role: Role::parse(&role).ok_or_else(|| DbError::Corrupt {
            id: format!("user {}", get::<i64>(r, 0).unwrap_or(0)),
            reason: role,
        })?,
        password_hash: get(r, 4)?,
        disabled: get::<i64>(r, 5)? != 0,
        created_at: get(r, 6)?,
    })
}

/// Changes to a user row; `None` leaves a column as it is.
#[derive(Debug, Default)]
pub struct UserChanges {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub disabled: Option<bool>,
    pub password_hash: Option<String>,
}

/// Recent failed sign-ins as (count, oldest Unix time), and what the sign-in policy needs besides.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginFailures {
    pub pair: (i64, i64),
    pub email: (i64, i64),
    pub ip: (i64, i64),
    /// When this account last failed to sign in from anywhere (before the attempt being decided), 0 if never.
    pub email_latest: i64,
    /// Whether this account signed in successfully from this address before (within the memory of successes).
    pub known_address: bool,
}

pub fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

impl Db {
    pub async fn user_count(&self) -> Result<i64> {
        Sql::new("SELECT COUNT(*) FROM users")
            .scalar(&self.pool)
            .await
    }

    /// Creates a user; `None` when the e-mail is taken.
    pub async fn create_user(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<Option<i64>> {
        let now = now();
        let mut sql = Sql::new(
            "INSERT INTO users (email, name, role, password_hash, disabled, created_at, updated_at) VALUES (",
        );
        sql.bind(email.to_owned())
            .push(", ")
            .bind(name.to_owned())
            .push(", ")
            .bind(role.as_str());
        sql.push(", ").bind(password_hash.to_owned()).push(", 0, ");
        let n = sql.param(now);
        sql.push(&format!(
            ", ${n}) ON CONFLICT (email) DO NOTHING RETURNING id"
        ));
        Ok(match sql.fetch_optional(&self.pool).await? {
            Some(r) => Some(get(&r, 0)?),
            None => None,
        })
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>> {
        let mut sql = Sql::new(&format!("SELECT {USER_COLUMNS} FROM users WHERE email = "));
        sql.bind(email.to_owned());
        sql.fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(user)
            .transpose()
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>> {
        let mut sql = Sql::new(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = "));
        sql.bind(id);
        sql.fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(user)
            .transpose()
    }

    pub async fn users(&self) -> Result<Vec<UserRecord>> {
        Sql::new(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(user)
            .collect()
    }

    /// Applies `c` to user `id`, unless it would leave no active administrator: then `Ok(false)`, nothing changed.
    /// The administrators' rows are locked first (a no-op update), so two admins demoting each other at once
    /// cannot both succeed, on SQLite (one writer) or PostgreSQL (row locks) alike.
    pub async fn update_user_keeping_an_admin(&self, id: i64, c: &UserChanges) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        Sql::new("UPDATE users SET updated_at = updated_at WHERE role = 'admin'")
            .execute(&mut *tx)
            .await?;
        let demotes = c.role.is_some_and(|r| r != Role::Admin) || c.disabled == Some(true);
        if demotes {
            let mut target = Sql::new(
                "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id = ",
            );
            target.bind(id);
            let mut others = Sql::new(
                "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ",
            );
            others.bind(id);
            if target.scalar(&mut *tx).await? == 1 && others.scalar(&mut *tx).await? == 0 {
                return Ok(false);
            }
        }
        self.update_user_sql(id, c).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    }

    fn update_user_sql(&self, id: i64, c: &UserChanges) -> Sql {
        let mut sql = Sql::new("UPDATE users SET updated_at = ");
        sql.bind(now());
        if let Some(n) = &c.name {
            sql.push(", name = ").bind(n.clone());
        }
        if let Some(r) = c.role {
            sql.push(", role = ").bind(r.as_str());
        }
        if let Some(d) = c.disabled {
            sql.push(", disabled = ").bind(i64::from(d));
        }
        if let Some(h) = &c.password_hash {
            sql.push(", password_hash = ").bind(h.clone());
        }
        sql.push(" WHERE id = ").bind(id);
        sql
    }

    /// Ends every session of a user ("log out everywhere"; also after a password reset or disabling).
    pub async fn delete_sessions_of(&self, user_id: i64) -> Result<u64> {
        let mut sql = Sql::new("DELETE FROM sessions WHERE user_id = ");
        sql.bind(user_id);
        sql.execute(&self.pool).await
    }

    /// Records a sign-in attempt as failed (until [`Db::login_succeeded`]); returns its id.
    pub async fn record_login_attempt(&self, email: &str, ip: &str, success: bool) -> Result<i64> {
        let mut sql = Sql::new("INSERT INTO login_attempts (at, email, ip, success) VALUES (");
        sql.bind(unix_now())
            .push(", ")
            .bind(email.to_owned())
            .push(", ")
            .bind(ip.to_owned());
        sql.push(", ")
            .bind(i64::from(success))
            .push(") RETURNING id");
        sql.scalar(&self.pool).await
    }

    pub async fn delete_login_attempt(&self, id: i64) -> Result<()> {
        let mut sql = Sql::new("DELETE FROM login_attempts WHERE id = ");
        sql.bind(id);
        sql.execute(&self.pool).await?;
        Ok(())
    }

    /// Marks the attempt successful and forgets earlier failures of this account from this address.
    pub async fn login_succeeded(&self, id: i64, email: &str, ip: &str) -> Result<()> {
        let mut sql = Sql::new("UPDATE login_attempts SET success = 1 WHERE id = ");
        sql.bind(id);
        sql.execute(&self.pool).await?;
        let mut sql = Sql::new("DELETE FROM login_attempts WHERE success = 0 AND email = ");
        sql.bind(email.to_owned())
            .push(" AND ip = ")
            .bind(ip.to_owned());
        sql.execute(&self.pool).await?;
        Ok(())
    }

    /// Failed sign-ins since `since` (Unix seconds), each as (count, oldest time): for this account from this
    /// address, for this account, and from this address; the account's latest failure before attempt `attempt`,
    /// and whether it ever signed in from this address since `known_since`.
    pub async fn failed_logins(
        &self,
        email: &str,
        ip: &str,
        since: i64,
        attempt: i64,
        known_since: i64,
    ) -> Result<LoginFailures> {
        let count = |email: Option<&str>, ip: Option<&str>| {
            let mut sql = Sql::new(
                "SELECT COUNT(*), COALESCE(MIN(at), 0) FROM login_attempts WHERE success = 0 AND at >= ",
            );
            sql.bind(since);
            if let Some(e) = email {
                sql.push(" AND email = ").bind(e.to_owned());
            }
            if let Some(i) = ip {
                sql.push(" AND ip = ").bind(i.to_owned());
            }
            sql
        };
        let mut out = [(0, 0); 3];
        for (slot, sql) in out.iter_mut().zip([
            count(Some(email), Some(ip)),
            count(Some(email), None),
            count(None, Some(ip)),
        ]) {
            let r = sql.fetch_one(&self.pool).await?;
            *slot = (get(&r, 0)?, get(&r, 1)?);
        }
        let mut latest = Sql::new(
            "SELECT COALESCE(MAX(at), 0) FROM login_attempts WHERE success = 0 AND email = ",
        );
        latest
            .bind(email.to_owned())
            .push(" AND id <> ")
            .bind(attempt);
        let mut known =
            Sql::new("SELECT COUNT(*) FROM login_attempts WHERE success = 1 AND email = ");
        known
            .bind(email.to_owned())
            .push(" AND ip = ")
            .bind(ip.to_owned())
            .push(" AND at >= ")
            .bind(known_since);
        Ok(LoginFailures {
            pair: out[0],
            email: out[1],
            ip: out[2],
            email_latest: latest.scalar(&self.pool).await?,
            known_address: known.scalar(&self.pool).await? > 0,
        })
    }

    /// Forgets failures older than `failures_before` and successes older than `successes_before` (successes say
    /// which addresses a person signs in from, so they are kept longer).
    pub async fn prune_login_attempts(
        &self,
        failures_before: i64,
        successes_before: i64,
    ) -> Result<()> {
        let mut sql = Sql::new("DELETE FROM login_attempts WHERE (success = 0 AND at < ");
        sql.bind(failures_before)
            .push(") OR (success = 1 AND at < ")
            .bind(successes_before)
            .push(")");
        sql.execute(&self.pool).await?;
        Ok(())
    }

    pub async fn audit(
        &self,
        actor: Option<i64>,
        action: &str,
        target: Option<&str>,
        detail: &str,
        ip: Option<&str>,
    ) -> Result<()> {
        audit_sql(actor, action, target, detail, ip)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The newest `limit` audit entries, optionally of one action.
    pub async fn audit_log(&self, limit: i64, action: Option<&str>) -> Result<Vec<AuditEntry>> {
        let mut sql = Sql::new(
            "SELECT a.at, a.actor_id, u.name, a.action, a.target, a.detail, a.ip FROM audit_log a
             LEFT JOIN users u ON u.id = a.actor_id WHERE 1 = 1",
        );
        if let Some(a) = action {
            sql.push(" AND a.action = ").bind(a.to_owned());
        }
        sql.push(" ORDER BY a.id DESC LIMIT ").bind(limit);
        sql.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let actor = match (get::<Option<i64>>(r, 1)?, get::<Option<String>>(r, 2)?) {
                    (Some(id), Some(name)) => Some(UserRef { id, name }),
                    _ => None,
                };
                Ok(AuditEntry {
                    at: get(r, 0)?,
                    actor,
                    action: get(r, 3)?,
                    target: get(r, 4)?,
                    detail: get(r, 5)?,
                    ip: get(r, 6)?,
                })
            })
            .collect()
    }

    pub async fn partners(&self) -> Result<Vec<Partner>> {
        Sql::new("SELECT id, name, domains, contact, created_at FROM partners ORDER BY name, id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(partner)
            .collect()
    }

    pub async fn partner(&self, id: i64) -> Result<Option<Partner>> {
        let mut sql =
            Sql::new("SELECT id, name, domains, contact, created_at FROM partners WHERE id = ");
        sql.bind(id);
        sql.fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(partner)
            .transpose()
    }

    pub async fn create_partner(
        &self,
        name: &str,
        domains: &[String],
        contact: Option<&str>,
    ) -> Result<i64> {
        let now = now();
        let mut sql = Sql::new(
            "INSERT INTO partners (name, domains, contact, created_at, updated_at) VALUES (",
        );
        sql.bind(name.to_owned())
            .push(", ")
            .bind(serde_json::to_string(domains).unwrap_or_default());
        sql.push(", ").bind(contact.map(str::to_owned)).push(", ");
        let n = sql.param(now);
        sql.push(&format!(", ${n}) RETURNING id"));
        sql.scalar(&self.pool).await
    }

    pub async fn update_partner(
        &self,
        id: i64,
        name: &str,
        domains: &[String],
        contact: Option<&str>,
    ) -> Result<bool> {
        let mut sql = Sql::new("UPDATE partners SET name = ");
        sql.bind(name.to_owned())
            .push(", domains = ")
            .bind(serde_json::to_string(domains).unwrap_or_default());
        sql.push(", contact = ")
            .bind(contact.map(str::to_owned))
            .push(", updated_at = ")
            .bind(now());
        sql.push(" WHERE id = ").bind(id);
        Ok(sql.execute(&self.pool).await? == 1)
    }
}

/// The statement that writes one audit entry (on the pool, or in a write's transaction).
pub(super) fn audit_sql(
    actor: Option<i64>,
    action: &str,
    target: Option<&str>,
    detail: &str,
    ip: Option<&str>,
) -> Sql {
    let mut sql =
        Sql::new("INSERT INTO audit_log (at, actor_id, action, target, detail, ip) VALUES (");
    sql.bind(now())
        .push(", ")
        .bind(actor)
        .push(", ")
        .bind(action.to_owned())
        .push(", ");
    sql.bind(target.map(str::to_owned))
        .push(", ")
        .bind(detail.to_owned())
        .push(", ")
        .bind(ip.map(str::to_owned))
        .push(")");
    sql
}

fn partner(r: &AnyRow) -> Result<Partner> {
    let domains: String = get(r, 2)?;
    Ok(Partner {
        id: get(r, 0)?,
        name: get(r, 1)?,
        domains: serde_json::from_str(&domains).unwrap_or_default(),
        contact: get(r, 3)?,
        created_at: get(r, 4)?,
    })
}

/// A stored session: its data (JSON) and when it expires (Unix seconds).
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub data: String,
    pub expires_at: i64,
}

/// Sessions in the `sessions` table: shared by every replica, removable per user. The HTTP layer's session store
/// (`http::session_store`) is built on these; this layer knows nothing of cookies or of what the data holds.
impl Db {
    /// Inserts a new session row; `false` when the id is taken.
    pub async fn insert_session(
        &self,
        id: &str,
        data: &str,
        expires_at: i64,
        user_id: Option<i64>,
    ) -> Result<bool> {
        let mut sql = Sql::new("INSERT INTO sessions (id, data, expires_at, user_id) VALUES (");
        sql.bind(id.to_owned())
            .push(", ")
            .bind(data.to_owned())
            .push(", ")
            .bind(expires_at);
        sql.push(", ")
            .bind(user_id)
            .push(") ON CONFLICT (id) DO NOTHING");
        Ok(sql.execute(&self.pool).await? == 1)
    }

    /// Updates a session that still exists; never creates one. Returns whether it existed.
    pub async fn update_session(
        &self,
        id: &str,
        data: &str,
        expires_at: i64,
        user_id: Option<i64>,
    ) -> Result<bool> {
        let mut sql = Sql::new("UPDATE sessions SET data = ");
        sql.bind(data.to_owned())
            .push(", expires_at = ")
            .bind(expires_at)
            .push(", user_id = ")
            .bind(user_id)
            .push(" WHERE id = ")
            .bind(id.to_owned());
        Ok(sql.execute(&self.pool).await? == 1)
    }

    /// A session that has not expired at `now`.
    pub async fn session(&self, id: &str, now: i64) -> Result<Option<SessionRow>> {
        let mut sql = Sql::new("SELECT data, expires_at FROM sessions WHERE id = ");
        sql.bind(id.to_owned()).push(" AND expires_at > ").bind(now);
        Ok(match sql.fetch_optional(&self.pool).await? {
            Some(row) => Some(SessionRow {
                data: get(&row, 0)?,
                expires_at: get(&row, 1)?,
            }),
            None => None,
        })
    }

    pub async fn delete_session(&self, id: &str) -> Result<()> {
        let mut sql = Sql::new("DELETE FROM sessions WHERE id = ");
        sql.bind(id.to_owned());
        sql.execute(&self.pool).await?;
        Ok(())
    }

    /// Removes sessions expired before `now`.
    pub async fn prune_sessions(&self, now: i64) -> Result<()> {
        let mut prune = Sql::new("DELETE FROM sessions WHERE expires_at < ");
        prune.bind(now);
        prune.execute(&self.pool).await?;
        Ok(())
    }
}
