//! The session store of `tower-sessions`, on the database's `sessions` table (see `Db::insert_session`): shared by
//! every replica, removable per user ("log out everywhere", a password reset, a disabled account).
//!
//! A row is created only at sign-in ([`SessionStore::create`], which `tower-sessions` calls after `cycle_id`);
//! saving at the end of a request only updates a row that still exists. A request that loaded its session before
//! the session was ended must not write it back when it finishes.

use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use super::auth::SESSION_USER;
use crate::db::people::unix_now;
use crate::db::{Db, DbError};

#[derive(Clone)]
pub struct SessionDb(pub Db);

impl std::fmt::Debug for SessionDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionDb")
    }
}

fn backend_err(e: DbError) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

/// The row's parts: data as JSON, and the signed-in user (so that a user's sessions can be ended).
fn encode(record: &Record) -> session_store::Result<(String, Option<i64>)> {
    let data = serde_json::to_string(&record.data)
        .map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user = record
        .data
        .get(SESSION_USER)
        .and_then(serde_json::Value::as_i64);
    Ok((data, user))
}

#[async_trait::async_trait]
impl SessionStore for SessionDb {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Expired sessions are removed here, where writes happen anyway, rather than by a background task that
        // every replica would run.
        self.0
            .prune_sessions(unix_now())
            .await
            .map_err(backend_err)?;
        let (data, user) = encode(record)?;
        let expires = record.expiry_date.unix_timestamp();
        while !self
            .0
            .insert_session(&record.id.to_string(), &data, expires, user)
            .await
            .map_err(backend_err)?
        {
            record.id = Id::default();
        }
        Ok(())
    }

    /// Updates the session if it still exists, and never creates one (see the module note).
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (data, user) = encode(record)?;
        self.0
            .update_session(
                &record.id.to_string(),
                &data,
                record.expiry_date.unix_timestamp(),
                user,
            )
            .await
            .map_err(backend_err)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(row) = self
            .0
            .session(&id.to_string(), unix_now())
            .await
            .map_err(backend_err)?
        else {
            return Ok(None);
        };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&row.data)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?,
            expiry_date: time::OffsetDateTime::from_unix_timestamp(row.expires_at)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.0
            .delete_session(&id.to_string())
            .await
            .map_err(backend_err)
    }
}
