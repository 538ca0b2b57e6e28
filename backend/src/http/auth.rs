//! Signing in and out, and the guards every admin route sits behind: sessions in the database (rotated on
//! sign-in, HttpOnly, SameSite=Strict, Secure over HTTPS, expiring after 8 hours idle), refusal of cross-site
//! state-changing requests, a per-session CSRF token, and sign-in rate limits per account and per IP that all
//! replicas share (they are counted in the database).

use aqiqat_shared::api::ErrorCode;
use std::net::SocketAddr;

use aqiqat_shared::admin::{LoginRequest, Me, Role, normalize_email};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Json, Router};
use base64::Engine;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use super::AppState;
use super::error::ApiErr;
use super::extract::ApiJson;
use super::session_store::SessionDb;
use crate::db::people::{LoginFailures, UserRecord, unix_now};

pub const SESSION_USER: &str = "user_id";
const SESSION_CSRF: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const SESSION_COOKIE: &str = "aqiqat_session";
const IDLE_HOURS: i64 = 8;

/// Sign-in limits (README, "Deploy", states the policy): failures counted over this window...
const WINDOW_SECS: i64 = 15 * 60;
/// ...block one address for one account past this many (stops guessing one person's password from one place)...
const MAX_FAILURES_PER_ACCOUNT_AND_IP: i64 = 5;
/// ...and one address for every account past this many (stops trying many accounts from one place).
const MAX_FAILURES_PER_IP: i64 = 30;
/// Per account from anywhere, nothing blocks: past this many failures each further attempt waits a delay that
/// doubles from one second up to [`MAX_ACCOUNT_DELAY_SECS`] after the account's last failure. Strangers with many
/// addresses can slow guessing down for themselves, never shut the owner out; and an address the account signed
/// in from before (within [`KNOWN_ADDRESS_SECS`]) skips the delay.
const FREE_ACCOUNT_FAILURES: i64 = 5;
const MAX_ACCOUNT_DELAY_SECS: i64 = 60;
const KNOWN_ADDRESS_SECS: i64 = 90 * 24 * 3600;

/// Whether a sign-in attempt may go on to the password check, given the recent failures (this attempt counted
/// among them); `Some(seconds)` to wait otherwise.
fn refusal(f: &LoginFailures, now: i64) -> Option<i64> {
    let blocked_until = [
        (f.pair, MAX_FAILURES_PER_ACCOUNT_AND_IP),
        (f.ip, MAX_FAILURES_PER_IP),
    ]
    .into_iter()
    .filter(|((count, _), max)| count > max)
    .map(|((_, oldest), _)| oldest + WINDOW_SECS)
    .max();
    let delayed_until = (!f.known_address && f.email.0 > FREE_ACCOUNT_FAILURES).then(|| {
        let doublings = u32::try_from(f.email.0 - FREE_ACCOUNT_FAILURES - 1).unwrap_or(u32::MAX);
        let delay = 1i64
            .checked_shl(doublings.min(16))
            .unwrap_or(MAX_ACCOUNT_DELAY_SECS)
            .min(MAX_ACCOUNT_DELAY_SECS);
        f.email_latest + delay
    });
    blocked_until
        .into_iter()
        .chain(delayed_until)
        .filter(|until| *until > now)
        .max()
        .map(|until| until - now)
}

pub use crate::password::hash_password;
use crate::password::{DUMMY_HASH, PASSWORD_CHECKS, verify_password};

pub async fn hash_password_async(password: String) -> Result<String, ApiErr> {
    crate::password::hash_password_async(password)
        .await
        .map_err(ApiErr::Internal)
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn session_layer(state: &AppState) -> SessionManagerLayer<SessionDb> {
    SessionManagerLayer::new(SessionDb(state.db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(state.config.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(IDLE_HOURS)))
        // Save on every request so that the expiry really counts from the last activity.
        .with_always_save(true)
}

/// The signed-in person of this request, put in the request's extensions by [`require_user`].
#[derive(Clone)]
pub struct CurrentUser {
    pub user: UserRecord,
    pub csrf: String,
    pub ip: String,
}

impl CurrentUser {
    pub fn me(&self) -> Me {
        Me {
            id: self.user.id,
            email: self.user.email.clone(),
            name: self.user.name.clone(),
            role: self.user.role,
            csrf_token: self.csrf.clone(),
        }
    }
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The client's address: the socket's peer, or, behind a trusted proxy, the address that proxy appended to
/// `X-Forwarded-For`.
pub fn client_ip(state: &AppState, req_headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if state.config.trust_proxy
        && let Some(first) = req_headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            // The last hop is the one our proxy added; earlier entries are whatever the client sent.
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    {
        return first.to_owned();
    }
    peer.map_or_else(|| "unknown".to_owned(), |p| p.ip().to_string())
}

/// Refuses state-changing requests that a browser marks as coming from another site, before anything else:
/// `Sec-Fetch-Site` other than same-origin/none, or an `Origin` that is not ours.
pub async fn refuse_cross_site(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if is_unsafe(req.method()) {
        let headers = req.headers();
        if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
            && !matches!(site, "same-origin" | "none")
        {
            return ApiErr::forbidden(
                ErrorCode::CrossSite,
                "this request came from another site and was refused",
            )
            .into_response();
        }
        if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            let ours = match &st.config.public_origin {
                Some(o) => origin == o,
                None => {
                    let host = headers
                        .get(header::HOST)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    origin.split_once("://").is_some_and(|(scheme, authority)| {
                        matches!(scheme, "http" | "https") && !host.is_empty() && authority == host
                    })
                }
            };
            if !ours {
                return ApiErr::forbidden(
                    ErrorCode::CrossSite,
                    "this request came from another site and was refused",
                )
                .into_response();
            }
        }
    }
    next.run(req).await
}

/// Lets only signed-in, enabled users through (401 otherwise), and for state-changing requests only with the
/// session's CSRF token in `X-CSRF-Token` (403 otherwise).
pub async fn require_user(
    State(st): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    let unsafe_method = is_unsafe(req.method());
    let sent_csrf = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let ip = client_ip(&st, req.headers(), peer);
    let csrf = unsafe_method.then_some(sent_csrf.as_str());
    match current_user(&st, &session, csrf, ip).await {
        Ok(user) => {
            req.extensions_mut().insert(user);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

/// `sent_csrf` is the header's value for state-changing requests, `None` for reads.
async fn current_user(
    st: &AppState,
    session: &Session,
    sent_csrf: Option<&str>,
    ip: String,
) -> Result<CurrentUser, ApiErr> {
    let anonymous = || ApiErr::unauthorized(ErrorCode::Unauthenticated, "sign in first");
    let id: Option<i64> = session
        .get(SESSION_USER)
        .await
        .map_err(|e| ApiErr::Internal(e.into()))?;
    let Some(id) = id else {
        return Err(anonymous());
    };
    let Some(user) = st.db.user_by_id(id).await? else {
        return Err(anonymous());
    };
    if user.disabled {
        let _ = session.flush().await;
        return Err(ApiErr::unauthorized(
            ErrorCode::AccountDisabled,
            "this account is disabled",
        ));
    }
    let csrf: String = session
        .get(SESSION_CSRF)
        .await
        .map_err(|e| ApiErr::Internal(e.into()))?
        .unwrap_or_default();
    if let Some(sent) = sent_csrf
        && (csrf.is_empty() || !constant_time_eq(sent.as_bytes(), csrf.as_bytes()))
    {
        return Err(ApiErr::forbidden(
            ErrorCode::Csrf,
            "missing or wrong X-CSRF-Token header; reload the page",
        ));
    }
    Ok(CurrentUser { user, csrf, ip })
}

/// The TCP peer's address, when the server was started with connect info (always, outside unit tests).
pub struct PeerAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(PeerAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Admin-only routes: 403 for editors.
pub async fn require_admin(
    Extension(user): Extension<CurrentUser>,
    req: Request,
    next: Next,
) -> Response {
    if user.user.role != Role::Admin {
        return ApiErr::forbidden(ErrorCode::Forbidden, "only administrators may do this")
            .into_response();
    }
    next.run(req).await
}

/// `/api/v1/auth/*`: sign-in is open (rate-limited); sign-out needs a session.
pub fn router(state: &AppState) -> Router<AppState> {
    let signed_in = Router::new()
        .route("/logout", post(logout))
        .route("/logout-everywhere", post(logout_everywhere))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_user,
        ));
    Router::new().route("/login", post(login)).merge(signed_in)
}

async fn login(
    State(st): State<AppState>,
    session: Session,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<Me>, ApiErr> {
    let ip = client_ip(&st, &headers, peer);
    let email = normalize_email(&body.email).map_err(|_| {
        ApiErr::unauthorized(ErrorCode::InvalidCredentials, "wrong e-mail or password")
    })?;
    let now = unix_now();
    // The attempt is counted before the password is checked, so that parallel guesses see each other.
    let attempt = st.db.record_login_attempt(&email, &ip, false).await?;
    let limits = st
        .db
        .failed_logins(
            &email,
            &ip,
            now - WINDOW_SECS,
            attempt,
            now - KNOWN_ADDRESS_SECS,
        )
        .await?;
    if let Some(wait) = refusal(&limits, now) {
        // A refused attempt does not count: hammering does not extend the wait, and fills no log.
        st.db.delete_login_attempt(attempt).await?;
        let retry_after = u64::try_from(wait.max(1)).unwrap_or(60);
        let message = if retry_after < 60 {
            format!("too many failed sign-in attempts; try again in {retry_after} second(s)")
        } else {
            format!(
                "too many failed sign-in attempts; try again in {} minute(s)",
                retry_after.div_ceil(60)
            )
        };
        return Err(ApiErr::RateLimited {
            retry_after,
            message,
        });
    }
    // Argon2 takes 19 MiB a check: a burst of sign-ins must not exhaust memory.
    let Ok(_slot) = PASSWORD_CHECKS.try_acquire() else {
        st.db.delete_login_attempt(attempt).await?;
        return Err(ApiErr::RateLimited {
            retry_after: 2,
            message: "the server is busy signing others in; try again in a few seconds".into(),
        });
    };
    let user = st.db.user_by_email(&email).await?;
    let hash = user
        .as_ref()
        .map_or_else(|| DUMMY_HASH.clone(), |u| u.password_hash.clone());
    let ok = verify_password(body.password, hash).await;
    let user = match user {
        Some(u) if ok && !u.disabled => u,
        other => {
            st.db
                .audit(
                    other.as_ref().map(|u| u.id),
                    "login_failed",
                    Some(&email),
                    "",
                    Some(&ip),
                )
                .await?;
            return Err(ApiErr::unauthorized(
                ErrorCode::InvalidCredentials,
                "wrong e-mail or password",
            ));
        }
    };
    st.db.login_succeeded(attempt, &email, &ip).await?;
    st.db
        .prune_login_attempts(now - 24 * 3600, now - KNOWN_ADDRESS_SECS)
        .await?;
    // A new session id on every sign-in: a session id fixed before sign-in is worthless after it.
    session
        .cycle_id()
        .await
        .map_err(|e| ApiErr::Internal(e.into()))?;
    let csrf = random_token();
    session
        .insert(SESSION_USER, user.id)
        .await
        .map_err(|e| ApiErr::Internal(e.into()))?;
    session
        .insert(SESSION_CSRF, &csrf)
        .await
        .map_err(|e| ApiErr::Internal(e.into()))?;
    st.db
        .audit(Some(user.id), "login", None, "", Some(&ip))
        .await?;
    Ok(Json(CurrentUser { user, csrf, ip }.me()))
}

async fn logout(
    State(st): State<AppState>,
    session: Session,
    Extension(me): Extension<CurrentUser>,
) -> Result<StatusCode, ApiErr> {
    session
        .flush()
        .await
        .map_err(|e| ApiErr::Internal(e.into()))?;
    st.db
        .audit(Some(me.user.id), "logout", None, "", Some(&me.ip))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn logout_everywhere(
    State(st): State<AppState>,
    session: Session,
    Extension(me): Extension<CurrentUser>,
) -> Result<StatusCode, ApiErr> {
    session
        .flush()
        .await
        .map_err(|e| ApiErr::Internal(e.into()))?;
    let n = st.db.delete_sessions_of(me.user.id).await?;
    st.db
        .audit(
            Some(me.user.id),
            "logout_everywhere",
            None,
            &format!("{n} other session(s) ended"),
            Some(&me.ip),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000_000;

    fn failures(pair: i64, email: i64, ip: i64) -> LoginFailures {
        LoginFailures {
            pair: (pair, NOW - 60),
            email: (email, NOW - 60),
            ip: (ip, NOW - 60),
            email_latest: NOW,
            known_address: false,
        }
    }

    #[test]
    fn one_address_is_blocked_for_an_account_or_for_all() {
        assert_eq!(refusal(&failures(5, 5, 5), NOW), None);
        assert_eq!(refusal(&failures(6, 6, 6), NOW), Some(WINDOW_SECS - 60));
        assert_eq!(refusal(&failures(1, 1, 31), NOW), Some(WINDOW_SECS - 60));
        // A known address is still blocked when it is the one guessing.
        let known = LoginFailures {
            known_address: true,
            ..failures(6, 6, 6)
        };
        assert_eq!(refusal(&known, NOW), Some(WINDOW_SECS - 60));
    }

    #[test]
    fn many_addresses_only_slow_an_account_down_and_never_its_known_addresses() {
        // Failures from many addresses (none over its own limit): a delay that doubles, capped at a minute.
        let delays: Vec<Option<i64>> = [6, 7, 8, 9, 12, 25, 1000]
            .into_iter()
            .map(|n| refusal(&failures(0, n, 1), NOW))
            .collect();
        assert_eq!(
            delays,
            [
                Some(1),
                Some(2),
                Some(4),
                Some(8),
                Some(60),
                Some(60),
                Some(60)
            ]
        );
        let later = NOW + MAX_ACCOUNT_DELAY_SECS;
        assert_eq!(refusal(&failures(0, 1000, 1), later), None, "the wait ends");
        let owner = LoginFailures {
            known_address: true,
            ..failures(0, 1000, 0)
        };
        assert_eq!(refusal(&owner, NOW), None, "the owner's address passes");
    }
}
