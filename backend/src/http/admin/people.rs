//! Administrators' pages: users and roles, the audit log, partner sites.

use aqiqat_shared::admin::{
    AuditEntry, NewPartner, NewUser, Partner, UpdateUser, User, check_password, normalize_domains,
    normalize_email,
};
use aqiqat_shared::api::ErrorCode;
use aqiqat_shared::{FieldError, ValidationErrors};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

use crate::db::people::UserChanges;
use crate::http::AppState;
use crate::http::auth::{CurrentUser, hash_password_async};
use crate::http::error::ApiErr;
use crate::http::extract::{ApiJson, NumPath};

pub async fn me(Extension(me): Extension<CurrentUser>) -> Json<aqiqat_shared::admin::Me> {
    Json(me.me())
}

pub async fn list_users(State(st): State<AppState>) -> Result<Json<Vec<User>>, ApiErr> {
    Ok(Json(
        st.db.users().await?.iter().map(|u| u.view()).collect(),
    ))
}

fn check_name(name: &str) -> Result<String, FieldError> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 100 {
        return Err(FieldError::new(
            "name",
            ErrorCode::InvalidName.as_str(),
            "a name of 1–100 characters",
        ));
    }
    Ok(n.to_owned())
}

pub async fn create_user(
    State(st): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<User>), ApiErr> {
    let mut problems = Vec::new();
    let email = normalize_email(&body.email)
        .map_err(|e| problems.push(e))
        .ok();
    let name = check_name(&body.name).map_err(|e| problems.push(e)).ok();
    if let Err(e) = check_password(&body.password) {
        problems.push(e);
    }
    let (Some(email), Some(name)) = (email, name) else {
        return Err(ApiErr::Invalid(ValidationErrors(problems)));
    };
    if !problems.is_empty() {
        return Err(ApiErr::Invalid(ValidationErrors(problems)));
    }
    let hash = hash_password_async(body.password).await?;
    let Some(id) = st.db.create_user(&email, &name, body.role, &hash).await? else {
        return Err(ApiErr::Client {
            status: StatusCode::CONFLICT,
            code: ErrorCode::EmailTaken,
            message: "a user with this e-mail exists".into(),
            field: Some("email".into()),
        });
    };
    st.db
        .audit(
            Some(me.user.id),
            "user_created",
            Some(&email),
            body.role.as_str(),
            Some(&me.ip),
        )
        .await?;
    let user = st
        .db
        .user_by_id(id)
        .await?
        .ok_or_else(|| ApiErr::Internal(anyhow::anyhow!("user {id} vanished")))?;
    Ok((StatusCode::CREATED, Json(user.view())))
}

pub async fn update_user(
    State(st): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    NumPath(id): NumPath,
    ApiJson(body): ApiJson<UpdateUser>,
) -> Result<Json<User>, ApiErr> {
    let Some(user) = st.db.user_by_id(id).await? else {
        return Err(ApiErr::NotFound {
            what: "user",
            id: id.to_string(),
        });
    };
    let mut changes = UserChanges {
        role: body.role,
        disabled: body.disabled,
        ..UserChanges::default()
    };
    if let Some(n) = &body.name {
        changes.name = Some(check_name(n).map_err(|e| ApiErr::Invalid(ValidationErrors(vec![e])))?);
    }
    if let Some(p) = body.password {
        check_password(&p).map_err(|e| ApiErr::Invalid(ValidationErrors(vec![e])))?;
        changes.password_hash = Some(hash_password_async(p).await?);
    }
    if !st.db.update_user_keeping_an_admin(id, &changes).await? {
        return Err(ApiErr::conflict(
            ErrorCode::LastAdmin,
            "this is the last active administrator; appoint another one first",
        ));
    }
    let target = user.email.clone();
    if let Some(r) = body.role.filter(|r| *r != user.role) {
        st.db
            .audit(
                Some(me.user.id),
                "role_changed",
                Some(&target),
                &format!("{} → {}", user.role.as_str(), r.as_str()),
                Some(&me.ip),
            )
            .await?;
    }
    if let Some(d) = body.disabled.filter(|d| *d != user.disabled) {
        st.db
            .audit(
                Some(me.user.id),
                if d { "user_disabled" } else { "user_enabled" },
                Some(&target),
                "",
                Some(&me.ip),
            )
            .await?;
    }
    if changes.password_hash.is_some() {
        st.db
            .audit(
                Some(me.user.id),
                "password_reset",
                Some(&target),
                "",
                Some(&me.ip),
            )
            .await?;
    }
    // A new password, a disabled account or a changed role ends the person's sessions everywhere.
    if changes.password_hash.is_some()
        || body.disabled == Some(true)
        || body.role.is_some_and(|r| r != user.role)
    {
        st.db.delete_sessions_of(id).await?;
    }
    let user = st
        .db
        .user_by_id(id)
        .await?
        .ok_or_else(|| ApiErr::NotFound {
            what: "user",
            id: id.to_string(),
        })?;
    Ok(Json(user.view()))
}

#[derive(serde::Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    limit: Option<i64>,
    #[serde(default)]
    action: Option<String>,
}

pub async fn audit(
    State(st): State<AppState>,
    q: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<AuditEntry>>, ApiErr> {
    let Query(q) = q.map_err(|e| {
        ApiErr::BadRequest(FieldError::new(
            "query",
            ErrorCode::InvalidQuery.as_str(),
            e.body_text(),
        ))
    })?;
    let limit = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(ApiErr::BadRequest(FieldError::new(
            "limit",
            ErrorCode::InvalidLimit.as_str(),
            "limit is 1–1000",
        )));
    }
    Ok(Json(st.db.audit_log(limit, q.action.as_deref()).await?))
}

pub async fn list_partners(State(st): State<AppState>) -> Result<Json<Vec<Partner>>, ApiErr> {
    Ok(Json(st.db.partners().await?))
}

fn check_partner(p: &NewPartner) -> Result<(String, Vec<String>, Option<String>), ApiErr> {
    let name = p.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiErr::Invalid(ValidationErrors(vec![FieldError::new(
            "name",
            ErrorCode::InvalidName.as_str(),
            "a name of 1–200 characters",
        )])));
    }
    let domains =
        normalize_domains(&p.domains).map_err(|e| ApiErr::Invalid(ValidationErrors(vec![e])))?;
    let contact = p
        .contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    Ok((name.to_owned(), domains, contact))
}

pub async fn create_partner(
    State(st): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    ApiJson(body): ApiJson<NewPartner>,
) -> Result<(StatusCode, Json<Partner>), ApiErr> {
    let (name, domains, contact) = check_partner(&body)?;
    let id = st
        .db
        .create_partner(&name, &domains, contact.as_deref())
        .await?;
    st.db
        .audit(
            Some(me.user.id),
            "partner_created",
            Some(&name),
            &domains.join(", "),
            Some(&me.ip),
        )
        .await?;
    let p = st
        .db
        .partner(id)
        .await?
        .ok_or_else(|| ApiErr::Internal(anyhow::anyhow!("partner {id} vanished")))?;
    Ok((StatusCode::CREATED, Json(p)))
}

pub async fn update_partner(
    State(st): State<AppState>,
    Extension(me): Extension<CurrentUser>,
    NumPath(id): NumPath,
    ApiJson(body): ApiJson<NewPartner>,
) -> Result<Json<Partner>, ApiErr> {
    let (name, domains, contact) = check_partner(&body)?;
    if !st
        .db
        .update_partner(id, &name, &domains, contact.as_deref())
        .await?
    {
        return Err(ApiErr::NotFound {
            what: "partner",
            id: id.to_string(),
        });
    }
    st.db
        .audit(
            Some(me.user.id),
            "partner_updated",
            Some(&name),
            &domains.join(", "),
            Some(&me.ip),
        )
        .await?;
    let p = st.db.partner(id).await?.ok_or_else(|| ApiErr::NotFound {
        what: "partner",
        id: id.to_string(),
    })?;
    Ok(Json(p))
}
