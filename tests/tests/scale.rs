//! Past one machine: HTTP caching (strong ETags, 304, versioned Cache-Control), several stateless replicas over
//! one database, and moving everything from SQLite to PostgreSQL by export/import.

mod common;

use aqiqat_backend::HttpConfig;
use aqiqat_backend::db::{Backend, Db};
use aqiqat_backend::http::auth::hash_password;
use aqiqat_shared::Status;
use aqiqat_shared::admin::Role;
use common::{TestApp, fresh_database, postgres_url, serve_db};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";

async fn get(base: &str, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut r = reqwest::Client::new().get(format!("{base}{path}"));
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.send().await.expect("request")
}

async fn public_answers_have_strong_etags_and_304(app: TestApp) {
    let first = get(&app.base, "/api/v1/incidents?category=court_cases", &[]).await;
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()["etag"].to_str().expect("etag").to_owned();
    assert!(
        etag.starts_with('"') && !etag.starts_with("W/"),
        "strong: {etag}"
    );
    let again = get(
        &app.base,
        "/api/v1/incidents?category=court_cases",
        &[("If-None-Match", &etag)],
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"].to_str().expect("etag"), etag);
    assert!(again.bytes().await.expect("body").is_empty());
    // Each encoding is its own representation with its own validator.
    let br = get(
        &app.base,
        "/api/v1/incidents?category=court_cases",
        &[("Accept-Encoding", "br")],
    )
    .await;
    assert_eq!(br.headers()["content-encoding"], "br");
    let br_tag = br.headers()["etag"].to_str().expect("etag").to_owned();
    assert_ne!(br_tag, etag);
    let br_again = get(
        &app.base,
        "/api/v1/incidents?category=court_cases",
        &[("Accept-Encoding", "br"), ("If-None-Match", &br_tag)],
    )
    .await;
    assert_eq!(br_again.status(), StatusCode::NOT_MODIFIED);
    // A publish changes the answer, so the validator no longer matches.
    let mut inc = aqiqat_backend::demo::incidents().expect("demo")[35]
        .clone()
        .into_input();
    inc.id = aqiqat_shared::Slug::parse("court-case-published-later").expect("slug");
    inc.category = aqiqat_shared::Category::CourtCases;
    app.db
        .save_incident(&inc.validate().expect("valid"), Status::Published)
        .await
        .expect("publish");
    let after = get(
        &app.base,
        "/api/v1/incidents?category=court_cases",
        &[("If-None-Match", &etag)],
    )
    .await;
    assert_eq!(after.status(), StatusCode::OK);
    assert_ne!(after.headers()["etag"].to_str().expect("etag"), etag);
}

async fn versioned_requests_may_be_cached_long_and_a_publish_moves_the_version(app: TestApp) {
    let v: Value = get(&app.base, "/api/v1/version", &[])
        .await
        .json()
        .await
        .expect("version");
    let version = v["data_version"].as_i64().expect("number");
    let resp = get(&app.base, "/api/v1/version", &[]).await;
    assert!(
        resp.headers()["cache-control"]
            .to_str()
            .expect("cc")
            .contains("max-age=15")
    );
    let unversioned = get(&app.base, "/api/v1/facets", &[]).await;
    let cc = unversioned.headers()["cache-control"]
        .to_str()
        .expect("cc")
        .to_owned();
    assert!(
        cc.contains("max-age=30") && cc.contains("stale-while-revalidate=30"),
        "{cc}"
    );
    let current = get(&app.base, &format!("/api/v1/facets?v={version}"), &[]).await;
    assert!(
        current.headers()["cache-control"]
            .to_str()
            .expect("cc")
            .contains("s-maxage=600")
    );
    let inc = aqiqat_backend::demo::incidents().expect("demo")[0].clone();
    app.db
        .save_incident(&inc, Status::Published)
        .await
        .expect("write");
    let v2: Value = get(&app.base, "/api/v1/version", &[])
        .await
        .json()
        .await
        .expect("version");
    assert!(
        v2["data_version"].as_i64().expect("number") > version,
        "every write moves the version"
    );
    let old = get(&app.base, &format!("/api/v1/facets?v={version}"), &[]).await;
    assert!(
        old.headers()["cache-control"]
            .to_str()
            .expect("cc")
            .contains("max-age=30"),
        "an old version is not cached long"
    );
    assert_eq!(
        get(&app.base, "/api/v1/facets?v=x", &[]).await.status(),
        StatusCode::BAD_REQUEST
    );
}

async fn login(base: &str, email: &str) -> (reqwest::Client, String) {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let resp = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(resp.status(), StatusCode::OK);
    let me: Value = resp.json().await.expect("me");
    (http, me["csrf_token"].as_str().expect("csrf").to_owned())
}

async fn replicas_behave_as_one(app: TestApp) {
    let hash = hash_password(PASSWORD).expect("hash");
    app.db
        .create_user("alice@test.kz", "Alice", Role::Editor, &hash)
        .await
        .expect("user");
    app.db
        .create_user("bob@test.kz", "Bob", Role::Editor, &hash)
        .await
        .expect("user");
    // A second replica: its own process state, the same database.
    let dir = tempfile::tempdir().expect("dir");
    let b_db = Db::connect(&app.url).await.expect("replica database");
    let b = serve_db(b_db, dir.path(), HttpConfig::default()).await;
    let a = app.base.clone();

    // A sign-in on one replica is valid on the other (the cookie names a session both can read).
    let (alice, alice_csrf) = login(&a, "alice@test.kz").await;
    let cookie_of = |base: &str| format!("{base}/api/v1/admin/me");
    assert_eq!(
        alice.get(cookie_of(&a)).send().await.expect("a").status(),
        StatusCode::OK
    );
    let (session, csrf) = raw_login(&a, "alice@test.kz").await;
    let on_b = reqwest::Client::new()
        .get(cookie_of(&b))
        .header("Cookie", &session)
        .send()
        .await
        .expect("b");
    assert_eq!(on_b.status(), StatusCode::OK, "the session is shared");

    // Create on A, submit on B, publish by Bob on A: the public API of both shows it at once.
    let mut inc = aqiqat_backend::demo::incidents().expect("demo")[0]
        .clone()
        .into_input();
    inc.id = aqiqat_shared::Slug::parse("replicated-incident").expect("slug");
    let r = alice
        .post(format!("{a}/api/v1/admin/incidents"))
        .header("X-CSRF-Token", &alice_csrf)
        .json(&json!({"incident": inc}))
        .send()
        .await
        .expect("create");
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = reqwest::Client::new()
        .post(format!(
            "{b}/api/v1/admin/incidents/replicated-incident/workflow"
        ))
        .header("Cookie", &session)
        .header("X-CSRF-Token", &csrf)
        .json(&json!({"action": "submit", "version": 1}))
        .send()
        .await
        .expect("submit");
    assert_eq!(r.status(), StatusCode::OK);
    let (bob, bob_csrf) = login(&a, "bob@test.kz").await;
    let r = bob
        .post(format!(
            "{a}/api/v1/admin/incidents/replicated-incident/workflow"
        ))
        .header("X-CSRF-Token", &bob_csrf)
        .json(&json!({"action": "publish", "version": 2}))
        .send()
        .await
        .expect("publish");
    assert_eq!(r.status(), StatusCode::OK);
    for base in [&a, &b] {
        assert_eq!(
            get(base, "/api/v1/incidents/replicated-incident", &[])
                .await
                .status(),
            StatusCode::OK,
            "{base}"
        );
    }
    // Validators agree across replicas, so a CDN in front of both revalidates correctly.
    let ta = get(&a, "/api/v1/incidents", &[]).await.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    let tb = get(&b, "/api/v1/incidents", &[("If-None-Match", &ta)]).await;
    assert_eq!(tb.status(), StatusCode::NOT_MODIFIED);

    // Sign-in limits are shared: failures on one replica count on the other.
    for base in [&a, &b, &a, &b, &a] {
        let r = reqwest::Client::new()
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"email": "bob@test.kz", "password": "wrong password!!"}))
            .send()
            .await
            .expect("login");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let limited = reqwest::Client::new()
        .post(format!("{b}/api/v1/auth/login"))
        .json(&json!({"email": "bob@test.kz", "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);

    // Logging out everywhere on B ends the session A issued.
    let r = reqwest::Client::new()
        .post(format!("{b}/api/v1/auth/logout-everywhere"))
        .header("Cookie", &session)
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .expect("logout");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        alice.get(cookie_of(&a)).send().await.expect("a").status(),
        StatusCode::UNAUTHORIZED
    );
}

/// Signs in without a cookie jar: returns the session cookie (as a `Cookie` header value) and the CSRF token.
async fn raw_login(base: &str, email: &str) -> (String, String) {
    let resp = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    let cookie = resp.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    let me: Value = resp.json().await.expect("me");
    (cookie, me["csrf_token"].as_str().expect("csrf").to_owned())
}

/// Remembered answers (facets, timeline, first pages, counts) last only until the next write.
async fn remembered_answers_follow_every_write(app: TestApp) {
    let json = |path: &'static str| {
        let base = app.base.clone();
        async move {
            get(&base, path, &[])
                .await
                .json::<Value>()
                .await
                .expect("json")
        }
    };
    let paths = ["/api/v1/facets", "/api/v1/timeline", "/api/v1/incidents"];
    let mut before = Vec::new();
    for p in paths {
        // Twice: the second answer comes from the memo.
        json(p).await;
        before.push(json(p).await);
    }
    let mut inc = aqiqat_backend::demo::incidents().expect("demo")[0]
        .clone()
        .into_input();
    inc.id = aqiqat_shared::Slug::try_from("memo-check-2026".to_owned()).expect("slug");
    inc.date = Some("2026-03".parse().expect("date"));
    inc.period = None;
    inc.end_date = None;
    let inc = inc.validate().expect("valid");
    app.db
        .save_incident(&inc, Status::Published)
        .await
        .expect("write");
    let facets = json(paths[0]).await;
    assert_eq!(
        facets["incidents"].as_u64(),
        before[0]["incidents"].as_u64().map(|n| n + 1),
        "facet counts after a publish"
    );
    let timeline = json(paths[1]).await;
    assert_ne!(timeline, before[1], "the timeline after a publish");
    let list = json(paths[2]).await;
    assert_eq!(
        list["total"].as_u64(),
        before[2]["total"].as_u64().map(|n| n + 1)
    );
    assert_eq!(list["items"][0]["id"], "memo-check-2026");
}

on_both_databases!(
    public_answers_have_strong_etags_and_304,
    remembered_answers_follow_every_write,
    versioned_requests_may_be_cached_long_and_a_publish_moves_the_version,
    replicas_behave_as_one,
);

/// SQLite → PostgreSQL (or → SQLite when no PostgreSQL is configured) and back: everything survives.
#[tokio::test]
async fn export_import_round_trip_between_databases() {
    let source = common::spawn_app_on(Backend::Sqlite).await;
    let hash = hash_password(PASSWORD).expect("hash");
    source
        .db
        .create_user("alice@test.kz", "Алиса", Role::Admin, &hash)
        .await
        .expect("user");
    source
        .db
        .audit(Some(1), "login", None, "", Some("127.0.0.1"))
        .await
        .expect("audit");
    source
        .db
        .create_partner("Степной вестник", &["news.example.kz".to_owned()], None)
        .await
        .expect("partner");
    // A few revisions on one item.
    let inc = aqiqat_backend::demo::incidents().expect("demo")[3].clone();
    source
        .db
        .save_incident(&inc, Status::Published)
        .await
        .expect("rev");
    let mut exported = Vec::new();
    let lines = source.db.export(&mut exported).await.expect("export");
    assert!(lines > 38 + 8 + 1);

    let target_kind = if postgres_url().is_some() {
        Backend::Postgres
    } else {
        eprintln!(
            "SKIPPED the PostgreSQL side: TEST_DATABASE_URL is not set; round trip SQLite → SQLite"
        );
        Backend::Sqlite
    };
    let dir = tempfile::tempdir().expect("dir");
    let url = fresh_database(target_kind, dir.path()).await;
    let target = Db::connect(&url).await.expect("target");
    let counts = target
        .import_export(std::io::Cursor::new(&exported))
        .await
        .expect("import");
    // 38 incidents, 8 claims, 4 stories.
    assert_eq!((counts.users, counts.partners, counts.items), (1, 1, 50));
    assert!(counts.revisions >= 47 && counts.audit >= 1);

    // Exporting the copy gives the same lines (but the header's time).
    let mut again = Vec::new();
    target.export(&mut again).await.expect("export again");
    let body = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .lines()
            .skip(1)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(body(&again), body(&exported));

    // The copy serves the same answers, and its users can sign in with their passwords.
    let target_base = serve_db(target.clone(), dir.path(), HttpConfig::default()).await;
    for path in [
        "/api/v1/incidents?limit=100&lang=en",
        "/api/v1/facets",
        "/api/v1/timeline",
        "/api/v1/claims?q=%D0%B7%D0%B0%D0%BA%D0%BE%D0%BD",
        "/api/v1/stories",
        "/api/v1/incidents/ai-law-signed-2025-11",
    ] {
        let a = get(&source.base, path, &[]).await.text().await.expect("a");
        let b = get(&target_base, path, &[]).await.text().await.expect("b");
        assert_eq!(a, b, "{path}");
    }
    login(&target_base, "alice@test.kz").await;
    // New rows after an import get fresh ids (sequences moved past the imported ones).
    assert!(
        target
            .create_user("bob@test.kz", "Bob", Role::Editor, &hash)
            .await
            .expect("user")
            .is_some()
    );

    // Importing twice is refused: nothing is merged into existing content.
    let err = target
        .import_export(std::io::Cursor::new(&exported))
        .await
        .expect_err("not empty");
    assert!(err.to_string().contains("empty database"), "{err}");
    let garbage = Db::connect(&fresh_database(Backend::Sqlite, dir.path()).await)
        .await
        .expect("db");
    let err = garbage
        .import_export(std::io::Cursor::new(
            b"{\"type\":\"meta\",\"key\":\"x\",\"value\":1}\n",
        ))
        .await
        .expect_err("no header");
    assert!(err.to_string().contains("header"), "{err}");
}
