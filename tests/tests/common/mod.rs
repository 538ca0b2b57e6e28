//! Test support: the real server on a free loopback port, over a fresh database of either kind.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use aqiqat_backend::db::{Backend, Db};
use aqiqat_backend::http::web::WebAssets;
use aqiqat_backend::{AppState, HttpConfig};
use aqiqat_shared::api::{ClaimCard, IncidentCard, Page};
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::Connection;

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub http: reqwest::Client,
    pub url: String,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    pub async fn json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let resp = self.get(path).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        resp.json().await.expect("json")
    }

    pub async fn incidents(&self, query: &str) -> Page<IncidentCard> {
        self.json(&format!("/api/v1/incidents?{query}")).await
    }

    pub async fn claims(&self, query: &str) -> Page<ClaimCard> {
        self.json(&format!("/api/v1/claims?{query}")).await
    }

    /// Asserts a 4xx JSON error and returns (code, field).
    pub async fn error(&self, path: &str, status: StatusCode) -> (String, Option<String>) {
        let resp = self.get(path).await;
        assert_eq!(resp.status(), status, "{path}");
        assert_eq!(resp.headers()["content-type"], "application/json", "{path}");
        let body: Value = resp.json().await.expect("json error");
        let e = &body["error"];
        assert!(
            e["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{path}: {body}"
        );
        (
            e["code"].as_str().unwrap_or_default().to_owned(),
            e["field"].as_str().map(str::to_owned),
        )
    }
}

/// Whether these tests run in CI (`CI=1` or `AQIQAT_CI=1`), where skipping the PostgreSQL half is a failure.
pub fn in_ci() -> bool {
    ["CI", "AQIQAT_CI"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|x| !x.is_empty() && x != "0" && x != "false"))
}

/// The PostgreSQL server for tests, if configured (`.ci/run` sets it where the machine runs PostgreSQL). Unset
/// in CI, the tests fail rather than pass without having run; set but unreachable, they fail when connecting.
pub fn postgres_url() -> Option<String> {
    let url = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty());
    assert!(
        url.is_some() || !in_ci(),
        "TEST_DATABASE_URL is not set, and CI must run the PostgreSQL tests (CI / AQIQAT_CI is set)"
    );
    url
}

/// A new, empty database URL of the given kind. PostgreSQL databases get a unique name on the server of
/// `TEST_DATABASE_URL`, so parallel tests and runs never share one.
pub async fn fresh_database(backend: Backend, dir: &std::path::Path) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    match backend {
        Backend::Sqlite => format!(
            "sqlite://{}/test-{}.db",
            dir.display(),
            N.fetch_add(1, Ordering::Relaxed)
        ),
        Backend::Postgres => {
            let admin = postgres_url().expect("TEST_DATABASE_URL");
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let name = format!(
                "aqiqat_test_{}_{}_{nanos}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            );
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect to TEST_DATABASE_URL");
            sqlx::query(&format!(
                "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'"
            ))
            .execute(&mut conn)
            .await
            .expect("create test database");
            let _ = conn.close().await;
            let base = admin
                .rsplit_once('/')
                .map_or(admin.as_str(), |(b, _)| b)
                .to_owned();
            format!("{base}/{name}")
        }
    }
}

/// Serves `db` (another replica, when called twice on one database) on a free port; returns its base URL.
pub async fn serve_db(db: Db, static_dir: &std::path::Path, config: HttpConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let state = AppState::new(db, WebAssets::load(static_dir), config);
    tokio::spawn(aqiqat_backend::serve(
        listener,
        state,
        std::future::pending(),
    ));
    base
}

/// Drops test databases left by earlier test processes (this process's own are kept while it runs).
async fn drop_stale_databases(conn: &mut sqlx::PgConnection) {
    static DONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if DONE.swap(true, Ordering::SeqCst) {
        return;
    }
    let mine = format!("aqiqat_test_{}_", std::process::id());
    let names: Vec<(String,)> =
        sqlx::query_as("SELECT datname FROM pg_database WHERE datname LIKE 'aqiqat\\_test\\_%'")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    for (name,) in names.into_iter().filter(|(n,)| !n.starts_with(&mine)) {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut *conn)
            .await;
    }
}

/// A bundle manifest in `dir`, as `cargo xtask dist` writes one, so that the server serves its real pages
/// (`/widget`, `/admin`) rather than the "not built" page; the bundle files themselves are not needed by API tests.
pub fn write_manifest(dir: &std::path::Path) {
    let bundle = |name: &str| aqiqat_shared::manifest::Bundle {
        js: format!("{name}-0123456789abcdef.js"),
        wasm: format!("{name}-0123456789abcdef_bg.wasm"),
        css: format!("{name}-0123456789abcdef.css"),
    };
    let m = aqiqat_shared::manifest::Manifest {
        widget: bundle("widget"),
        admin: Some(bundle("admin")),
        embed: Some(bundle("embed")),
        snapshot: None,
    };
    std::fs::write(
        dir.join(aqiqat_shared::manifest::FILE_NAME),
        serde_json::to_vec(&m).expect("manifest"),
    )
    .expect("write manifest");
}

pub async fn spawn_app_on(backend: Backend) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    write_manifest(dir.path());
    let url = fresh_database(backend, dir.path()).await;
    let db = Db::connect(&url).await.expect("database");
    aqiqat_backend::demo::load(&db).await.expect("demo data");
    let base = serve_db(db.clone(), dir.path(), HttpConfig::default()).await;
    TestApp {
        base,
        db,
        http: reqwest::Client::new(),
        url,
        _dir: dir,
    }
}

/// Runs each listed test body (`async fn name(app: TestApp)`) once on SQLite and once on PostgreSQL; the
/// PostgreSQL variant says plainly that it was skipped when no server is configured.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                pub async fn sqlite() {
                    super::$name(super::common::spawn_app_on(aqiqat_backend::db::Backend::Sqlite).await).await;
                }

                #[tokio::test]
                pub async fn postgres() {
                    if super::common::postgres_url().is_none() {
                        eprintln!("SKIPPED on PostgreSQL: TEST_DATABASE_URL is not set");
                        return;
                    }
                    super::$name(super::common::spawn_app_on(aqiqat_backend::db::Backend::Postgres).await).await;
                }
            }
        )+
    };
}

pub async fn spawn_app() -> TestApp {
    spawn_app_on(Backend::Sqlite).await
}
