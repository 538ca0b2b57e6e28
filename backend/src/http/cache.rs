//! HTTP caching for readers: strong ETags with `304 Not Modified`, and `Cache-Control` that lets a CDN serve the
//! public API while a publish still reaches readers within a minute.
//!
//! Every content write bumps a data version kept in the database (so all replicas agree). The widget asks
//! `/api/v1/version` (cached 15 s) and sends it as `v=` on every call: answers to the current version may be cached
//! for ten minutes at a CDN, as the next publish changes the URL; answers without it, or to an old version, 30 s.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;

const SHORT: &str = "public, max-age=30, stale-while-revalidate=30";
/// Ten minutes at the CDN, one in browsers: long enough to absorb reader traffic, short enough that a retracted
/// item is gone from caches soon even for a client that still sends the old version.
const VERSIONED: &str = "public, max-age=60, s-maxage=600, stale-while-revalidate=60";
pub const VERSION_ENDPOINT: &str = "public, max-age=15, stale-while-revalidate=15";

/// Bodies above this are passed through without an ETag rather than buffered.
const MAX_BUFFER: usize = 8 * 1024 * 1024;

/// FNV-1a over 128 bits: a content fingerprint for validators (not a security hash).
fn fingerprint(bytes: &[u8]) -> u128 {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in bytes {
        h ^= u128::from(*b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    h
}

fn matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match.trim() == "*"
        || if_none_match
            .split(',')
            .any(|t| t.trim().trim_start_matches("W/") == etag)
}

/// Sets a strong ETag on successful GET answers (computed over the bytes sent, so each content encoding has its
/// own) and answers `304 Not Modified` when the client already has them.
pub async fn etag(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let resp = next.run(req).await;
    if resp.status() != StatusCode::OK {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BUFFER).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "response too large to fingerprint",
        )
            .into_response();
    };
    let tag = format!("\"{:032x}\"", fingerprint(&bytes));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, v);
    }
    if if_none_match
        .as_deref()
        .is_some_and(|inm| matches(inm, &tag))
    {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The data version a handler computed its answer at (a response extension): `cache_control` uses it instead of
/// asking the database a second time.
#[derive(Debug, Clone, Copy)]
pub struct AnsweredAt(pub i64);

/// Chooses `Cache-Control` for public answers by whether the request names the current data version.
pub async fn cache_control(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let asked: Option<u64> = req
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("v=")))
        .and_then(|v| v.parse().ok());
    let mut resp = next.run(req).await;
    if resp.status() != StatusCode::OK || resp.headers().contains_key(header::CACHE_CONTROL) {
        return resp;
    }
    let current = match (asked, resp.extensions().get::<AnsweredAt>()) {
        (None, _) => None,
        (Some(_), Some(AnsweredAt(v))) => u64::try_from(*v).ok(),
        (Some(_), None) => st
            .db
            .data_version()
            .await
            .ok()
            .and_then(|v| u64::try_from(v).ok()),
    };
    let policy = if asked.is_some() && asked == current {
        VERSIONED
    } else {
        SHORT
    };
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_lists_and_weak_forms() {
        assert!(matches("\"a\"", "\"a\""));
        assert!(matches("\"x\", W/\"a\"", "\"a\""));
        assert!(matches("*", "\"a\""));
        assert!(!matches("\"b\"", "\"a\""));
        assert_ne!(fingerprint(b"abc"), fingerprint(b"abd"));
    }
}
