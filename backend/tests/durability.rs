//! Durability: the real `aqiqat serve` is killed with SIGKILL while editors' writes stream in; after a restart
//! every write it acknowledged (201) is there, and the database passes its integrity check. On SQLite, and on
//! PostgreSQL when `TEST_DATABASE_URL` names a server (required in CI).
//!
//! Runs per database: `AQIQAT_DURABILITY_RUNS` (default 3; the target is checked with 20).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aqiqat_backend::db::{Backend, Db, ItemDoc};
use aqiqat_shared::admin::ItemKind;
use serde_json::{Value, json};

const PASSWORD: &str = "durability test passphrase";
const WRITERS: usize = 4;

fn runs() -> usize {
    std::env::var("AQIQAT_DURABILITY_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

/// One HTTP/1.1 request on a new connection: (status, head, body). `None` when the server is gone.
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Option<(u16, String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(20))).ok()?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        req.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(&body);
    s.write_all(req.as_bytes()).ok()?;
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).ok()?;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.get(9..12)?.parse().ok()?;
    Some((status, head.to_owned(), body.to_owned()))
}

fn start(url: &str, port: u16) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_aqiqat"))
        .arg("serve")
        .env("AQIQAT_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", url)
        .env("AQIQAT_LOG", "error")
        .env_remove("AQIQAT_DEMO")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start aqiqat");
    let mut child = child;
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if http(port, "GET", "/healthz", &[], None).is_some_and(|(s, _, _)| s == 200) {
            return child;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("aqiqat did not start on {url}");
}

/// Signs in; returns the session cookie and the CSRF token.
fn sign_in(port: u16) -> (String, String) {
    let (status, head, body) = http(
        port,
        "POST",
        "/api/v1/auth/login",
        &[],
        Some(&json!({"email": "chief@aqiqat.kz", "password": PASSWORD})),
    )
    .expect("login answer");
    assert_eq!(status, 200, "{body}");
    let cookie = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("set-cookie: aqiqat_session=")
                .then(|| {
                    l["set-cookie: ".len()..]
                        .split(';')
                        .next()
                        .unwrap_or("")
                        .to_owned()
                })
        })
        .expect("session cookie");
    let me: Value = serde_json::from_str(&body).expect("me");
    (cookie, me["csrf_token"].as_str().expect("csrf").to_owned())
}

fn draft(id: &str) -> Value {
    let mut input = aqiqat_backend::demo::incidents().expect("demo")[0]
        .clone()
        .into_input();
    input.id = aqiqat_shared::Slug::parse(id).expect("slug");
    input.title = aqiqat_shared::LocalizedText::ru(format!("Запись для проверки сохранности {id}"));
    input.corrections.clear();
    json!({"incident": input})
}

/// Streams writes from several clients until the server stops answering; returns the acknowledged ids.
fn write_until_killed(
    port: u16,
    run: usize,
    cookie: &str,
    csrf: &str,
    server: &mut Child,
) -> Vec<String> {
    let acked = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (acked, stop) = (acked.clone(), stop.clone());
            let (cookie, csrf) = (cookie.to_owned(), csrf.to_owned());
            std::thread::spawn(move || {
                for n in 0.. {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let id = format!("durability-{run}-{w}-{n}");
                    let answer = http(
                        port,
                        "POST",
                        "/api/v1/admin/incidents",
                        &[("Cookie", &cookie), ("X-CSRF-Token", &csrf)],
                        Some(&draft(&id)),
                    );
                    match answer {
                        Some((201, _, _)) => acked.lock().expect("lock").push(id),
                        Some((status, _, body)) => panic!("write {id}: {status} {body}"),
                        // The server was killed: whatever was not acknowledged may or may not be there.
                        None => return,
                    }
                }
            })
        })
        .collect();
    // Kill at a different moment each run, while writes are in flight.
    std::thread::sleep(Duration::from_millis(300 + 97 * (run as u64 % 7)));
    server.kill().expect("SIGKILL");
    let _ = server.wait();
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.join().expect("writer");
    }
    acked.lock().expect("lock").clone()
}

/// Every acknowledged id is stored, readable and valid, with its revision; the database is consistent.
async fn check(url: &str, backend: Backend, acked: &[String]) -> usize {
    let db = Db::open(url).await.expect("open");
    let pool = sqlx::AnyPool::connect(url).await.expect("pool");
    if backend == Backend::Sqlite {
        let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
            .fetch_all(&pool)
            .await
            .expect("integrity_check");
        assert_eq!(rows, [("ok".to_owned(),)], "SQLite integrity");
        let broken = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&pool)
            .await
            .expect("foreign_key_check");
        assert!(broken.is_empty(), "foreign keys");
    }
    // Every row of every table read back; every stored document parses as a valid item (PostgreSQL has no
    // integrity_check: reading everything is what it can do).
    for table in [
        "users",
        "sessions",
        "login_attempts",
        "revisions",
        "audit_log",
        "partners",
        "meta",
        "incidents",
        "claims",
        "incident_platforms",
        "claim_incidents",
    ] {
        sqlx::query(&format!("SELECT * FROM {table}"))
            .fetch_all(&pool)
            .await
            .unwrap_or_else(|e| panic!("read {table}: {e}"));
    }
    let docs: Vec<(String, String)> = sqlx::query_as("SELECT id, doc FROM incidents")
        .fetch_all(&pool)
        .await
        .expect("incidents");
    for (id, doc) in &docs {
        ItemDoc::parse(ItemKind::Incident, id, doc).unwrap_or_else(|e| panic!("{id}: {e}"));
    }
    for id in acked {
        let item = db
            .get_item(ItemKind::Incident, id)
            .await
            .expect("read")
            .unwrap_or_else(|| panic!("acknowledged write {id} is lost"));
        assert_eq!(item.version, 1);
        let revisions = db
            .revisions(ItemKind::Incident, id)
            .await
            .expect("revisions");
        assert_eq!(revisions.len(), 1, "{id}: its revision");
    }
    pool.close().await;
    db.close().await;
    docs.len()
}

async fn killed_during_writes_loses_nothing(url: &str, backend: Backend) {
    let admin = Command::new(env!("CARGO_BIN_EXE_aqiqat"))
        .args([
            "create-admin",
            "--email",
            "chief@aqiqat.kz",
            "--database-url",
            url,
        ])
        .env("AQIQAT_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .and_then(|mut c| {
            c.stdin
                .take()
                .expect("stdin")
                .write_all(format!("{PASSWORD}\n").as_bytes())?;
            c.wait()
        })
        .expect("create-admin");
    assert!(admin.success());
    let mut total = 0;
    for run in 0..runs() {
        let port = free_port();
        let mut server = start(url, port);
        let (cookie, csrf) = sign_in(port);
        let acked = write_until_killed(port, run, &cookie, &csrf, &mut server);
        assert!(
            !acked.is_empty(),
            "run {run}: some writes were acknowledged before the kill"
        );
        // The server starts again on what the kill left, then everything acknowledged is checked.
        let port = free_port();
        let mut again = start(url, port);
        let _ = again.kill();
        let _ = again.wait();
        let stored = check(url, backend, &acked).await;
        total += acked.len();
        eprintln!(
            "{backend:?} run {run}: {} acknowledged, {stored} stored, 0 lost",
            acked.len()
        );
    }
    eprintln!(
        "{backend:?}: {} runs, {total} acknowledged writes, 0 lost",
        runs()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_loses_no_acknowledged_write_when_killed() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/durability.db", dir.path().display());
    killed_during_writes_loses_nothing(&url, Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_loses_no_acknowledged_write_when_killed() {
    let in_ci = ["CI", "AQIQAT_CI"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|x| !x.is_empty() && x != "0" && x != "false"));
    let Some(admin) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            !in_ci,
            "TEST_DATABASE_URL is not set, and CI must run the PostgreSQL tests"
        );
        eprintln!("SKIPPED on PostgreSQL: TEST_DATABASE_URL is not set");
        return;
    };
    use sqlx::Connection;
    let name = format!("aqiqat_durability_{}", std::process::id());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("connect to TEST_DATABASE_URL");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .expect("drop");
    sqlx::query(&format!(
        "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'"
    ))
    .execute(&mut conn)
    .await
    .expect("create database");
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    let url = format!("{base}/{name}");
    killed_during_writes_loses_nothing(&url, Backend::Postgres).await;
    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await;
}
