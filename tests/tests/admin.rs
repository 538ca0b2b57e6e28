//! The editorial side over a real socket: accounts, sessions, CSRF, rate limits, the route guard, the workflow,
//! stale versions, revisions. Every test runs on SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

mod common;

use aqiqat_backend::http::admin::route_table;
use aqiqat_backend::http::auth::hash_password;
use aqiqat_shared::admin::{
    AdminIncident, AuditEntry, Me, Revision, RevisionDiff, Role, Saved, User,
};
use aqiqat_shared::api::IncidentDetail;
use aqiqat_shared::{IncidentInput, LocalizedText, Slug, Status};
use common::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";

/// A browser-like client: its own cookie jar, and the CSRF token from sign-in.
struct Client {
    http: reqwest::Client,
    base: String,
    csrf: String,
    /// The session cookie (`aqiqat_session=…`) from sign-in.
    cookie: String,
}

impl Client {
    fn anonymous(app: &TestApp) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        Client {
            http,
            base: app.base.clone(),
            csrf: String::new(),
            cookie: String::new(),
        }
    }

    async fn login(app: &TestApp, email: &str) -> Client {
        let mut c = Client::anonymous(app);
        let resp = c.login_with(email, PASSWORD).await;
        assert_eq!(resp.status(), StatusCode::OK, "login {email}");
        c.cookie = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("aqiqat_session="))
            .and_then(|v| v.split(';').next())
            .expect("session cookie")
            .to_owned();
        c.csrf = resp.json::<Me>().await.expect("me").csrf_token;
        c
    }

    async fn login_with(&self, email: &str, password: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("login request")
    }

    fn req(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}/api/v1{path}", self.base))
            .header("X-CSRF-Token", &self.csrf)
    }

    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut r = self.req(method, path);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let resp = r.send().await.expect("request");
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(body)).await
    }

    async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PUT, path, Some(body)).await
    }
}

async fn add_user(app: &TestApp, email: &str, role: Role) -> i64 {
    let hash = hash_password(PASSWORD).expect("hash");
    app.db
        .create_user(email, email, role, &hash)
        .await
        .expect("create user")
        .expect("new e-mail")
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

/// A valid new incident with a Kazakh title.
fn new_incident(id: &str) -> IncidentInput {
    let mut i = aqiqat_backend::demo::incidents().expect("demo")[0]
        .clone()
        .into_input();
    i.id = Slug::parse(id).expect("slug");
    i.title = LocalizedText::ru("Тестовый инцидент о блокировке")
        .with(aqiqat_shared::Lang::Kk, "Бұғаттау туралы сынақ оқиғасы");
    i.corrections.clear();
    i
}

async fn create(c: &Client, id: &str) -> Saved {
    let (s, body) = c
        .post("/admin/incidents", json!({"incident": new_incident(id)}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    serde_json::from_value(body).expect("saved")
}

async fn step(
    c: &Client,
    id: &str,
    action: &str,
    version: i64,
    note: Option<&str>,
) -> (StatusCode, Value) {
    c.post(
        &format!("/admin/incidents/{id}/workflow"),
        json!({"action": action, "version": version, "note": note}),
    )
    .await
}

async fn every_admin_route_refuses_anonymous_and_underprivileged(app: TestApp) {
    add_user(&app, "editor@test.kz", Role::Editor).await;
    let anon = Client::anonymous(&app);
    let editor = Client::login(&app, "editor@test.kz").await;
    let all = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ];
    let table = route_table();
    assert!(table.len() >= 15, "the table lists the admin routes");
    for r in &table {
        let path = format!("/admin{}", r.path.replace("{id}", "1"));
        for m in &all {
            let (status, body) = anon.send(m.clone(), &path, Some(json!({}))).await;
            if r.methods.contains(m) {
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "anonymous {m} {path}: {body}"
                );
                let (status, body) = editor.send(m.clone(), &path, Some(json!({}))).await;
                if r.admin_only {
                    assert_eq!(status, StatusCode::FORBIDDEN, "editor {m} {path}: {body}");
                } else {
                    assert!(
                        status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                        "editor {m} {path}: {status} {body}"
                    );
                }
            } else {
                assert!(
                    matches!(
                        status,
                        StatusCode::UNAUTHORIZED | StatusCode::METHOD_NOT_ALLOWED
                    ),
                    "anonymous {m} {path}: {status}"
                );
            }
        }
    }
}

async fn sign_in_sets_a_strict_cookie_rotates_it_and_refuses_bad_credentials(app: TestApp) {
    add_user(&app, "editor@test.kz", Role::Editor).await;
    let c = Client::anonymous(&app);
    assert_eq!(c.get("/admin/me").await.0, StatusCode::UNAUTHORIZED);
    let bad = c.login_with("editor@test.kz", "wrong password here").await;
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
    let unknown = c.login_with("nobody@test.kz", PASSWORD).await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let ok = c.login_with("EDITOR@test.kz ", PASSWORD).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let cookie = ok.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .to_owned();
    assert!(cookie.starts_with("aqiqat_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        cookie.contains("Max-Age=28800") || cookie.contains("Expires"),
        "expiring: {cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain-http deployments cannot use Secure cookies"
    );
    let first = cookie.split(';').next().expect("value").to_owned();
    let me: Me = ok.json().await.expect("me");
    assert_eq!(
        (me.email.as_str(), me.role),
        ("editor@test.kz", Role::Editor)
    );
    // Signing in again gives a new session id; the old one is worthless.
    let again = c.login_with("editor@test.kz", PASSWORD).await;
    let second = again.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("v")
        .to_owned();
    assert_ne!(first, second, "the session id rotates on sign-in");
    let stale = reqwest::Client::new()
        .get(format!("{}/api/v1/admin/me", app.base))
        .header("Cookie", &first)
        .send()
        .await
        .expect("request");
    assert_eq!(stale.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(c.get("/admin/me").await.0, StatusCode::OK);
}

async fn expired_sessions_are_refused(app: TestApp) {
    add_user(&app, "editor@test.kz", Role::Editor).await;
    let c = Client::login(&app, "editor@test.kz").await;
    assert_eq!(c.get("/admin/me").await.0, StatusCode::OK);
    let pool = sqlx::AnyPool::connect(&app.url).await.expect("pool");
    sqlx::query("UPDATE sessions SET expires_at = 1")
        .execute(&pool)
        .await
        .expect("expire");
    assert_eq!(c.get("/admin/me").await.0, StatusCode::UNAUTHORIZED);
}

async fn cross_site_and_tokenless_writes_are_refused(app: TestApp) {
    add_user(&app, "editor@test.kz", Role::Editor).await;
    let c = Client::login(&app, "editor@test.kz").await;
    let body = json!({"incident": new_incident("csrf-test-incident")});
    let no_token = c
        .http
        .post(format!("{}/api/v1/admin/incidents", app.base))
        .json(&body)
        .send()
        .await
        .expect("req");
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    assert_eq!(code(&no_token.json().await.expect("json")), "csrf");
    let cross = c
        .req(Method::POST, "/admin/incidents")
        .header("Sec-Fetch-Site", "cross-site")
        .json(&body)
        .send()
        .await
        .expect("req");
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    assert_eq!(code(&cross.json().await.expect("json")), "cross_site");
    let foreign = c
        .req(Method::POST, "/admin/incidents")
        .header("Origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .expect("req");
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let login_cross = c
        .http
        .post(format!("{}/api/v1/auth/login", app.base))
        .header("Origin", "https://evil.example")
        .json(&json!({"email": "editor@test.kz", "password": PASSWORD}))
        .send()
        .await
        .expect("req");
    assert_eq!(
        login_cross.status(),
        StatusCode::FORBIDDEN,
        "a cross-site sign-in form is refused too"
    );
    let same = c
        .req(Method::POST, "/admin/incidents")
        .header("Origin", &app.base)
        .header("Sec-Fetch-Site", "same-origin")
        .json(&body)
        .send()
        .await
        .expect("req");
    assert_eq!(same.status(), StatusCode::CREATED);
    // Nothing was created by the refused requests.
    let (_, list) = c.get("/admin/incidents?status=draft").await;
    assert_eq!(list["total"], 1);
}

async fn sign_in_is_rate_limited_per_account_and_per_ip(app: TestApp) {
    add_user(&app, "editor@test.kz", Role::Editor).await;
    let c = Client::anonymous(&app);
    for _ in 0..5 {
        assert_eq!(
            c.login_with("editor@test.kz", "not the password!")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let limited = c.login_with("editor@test.kz", PASSWORD).await;
    assert_eq!(
        limited.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    let retry: u64 = limited.headers()["retry-after"]
        .to_str()
        .expect("header")
        .parse()
        .expect("seconds");
    assert!((1..=900).contains(&retry));
    let body: Value = limited.json().await.expect("json");
    assert_eq!(code(&body), "rate_limited");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("minute")
    );
    // Per address: many accounts from one place.
    for i in 0..25 {
        c.login_with(&format!("guess{i}@test.kz"), "whatever password")
            .await;
    }
    let other = c
        .login_with("someone-else@test.kz", "whatever password")
        .await;
    assert_eq!(other.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// Strangers with many addresses cannot shut the rightful owner out: per account they only earn growing delays
/// (at most a minute), and an address the owner signed in from before passes at once. (Before, 25 wrong guesses
/// from 5 addresses locked any account, the administrators' too, for 15 minutes.)
async fn strangers_cannot_shut_out_the_rightful_owner(app: TestApp) {
    add_user(&app, "admin@test.kz", Role::Admin).await;
    let dir = tempfile::tempdir().expect("dir");
    let config = aqiqat_backend::HttpConfig {
        trust_proxy: true,
        ..Default::default()
    };
    let base = common::serve_db(app.db.clone(), dir.path(), config).await;
    let sign_in = |from: &'static str, password: &'static str| {
        let base = base.clone();
        async move {
            reqwest::Client::new()
                .post(format!("{base}/api/v1/auth/login"))
                .header("X-Forwarded-For", from)
                .json(&json!({"email": "admin@test.kz", "password": password}))
                .send()
                .await
                .expect("login")
        }
    };
    assert_eq!(sign_in("10.0.0.1", PASSWORD).await.status(), StatusCode::OK);
    for stranger in ["10.6.6.1", "10.6.6.2", "10.6.6.3", "10.6.6.4", "10.6.6.5"] {
        for _ in 0..5 {
            let s = sign_in(stranger, "a wrong guess here").await.status();
            assert!(
                matches!(s, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS),
                "{s}"
            );
        }
    }
    assert_eq!(
        sign_in("10.0.0.1", PASSWORD).await.status(),
        StatusCode::OK,
        "the owner's usual address passes"
    );
    let elsewhere = sign_in("10.9.9.9", PASSWORD).await;
    if elsewhere.status() == StatusCode::TOO_MANY_REQUESTS {
        let retry: u64 = elsewhere.headers()["retry-after"]
            .to_str()
            .expect("header")
            .parse()
            .expect("seconds");
        assert!(
            retry <= 60,
            "a new address waits at most a minute, not {retry} s"
        );
    } else {
        assert_eq!(elsewhere.status(), StatusCode::OK);
    }
}

async fn log_out_everywhere_ends_every_session(app: TestApp) {
    add_user(&app, "editor@test.kz", Role::Editor).await;
    let laptop = Client::login(&app, "editor@test.kz").await;
    let phone = Client::login(&app, "editor@test.kz").await;
    assert_eq!(
        laptop.post("/auth/logout-everywhere", json!({})).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(phone.get("/admin/me").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(laptop.get("/admin/me").await.0, StatusCode::UNAUTHORIZED);
    let tablet = Client::login(&app, "editor@test.kz").await;
    assert_eq!(
        tablet.post("/auth/logout", json!({})).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(tablet.get("/admin/me").await.0, StatusCode::UNAUTHORIZED);
}

/// A request still running when its session is ended saves, when it finishes, the session it loaded at its start.
/// That save must not bring the session back: after a log-out, "log out everywhere" or a password reset, the old
/// cookie stays worthless. (The in-flight request is played by the session store itself: load before, save after.)
async fn a_request_in_flight_does_not_bring_back_an_ended_session(app: TestApp) {
    use aqiqat_backend::http::session_store::SessionDb;
    use tower_sessions::SessionStore;
    let editor_id = add_user(&app, "editor@test.kz", Role::Editor).await;
    add_user(&app, "admin@test.kz", Role::Admin).await;
    let admin = Client::login(&app, "admin@test.kz").await;
    let store = SessionDb(app.db.clone());
    for ending in ["logout", "logout-everywhere", "password reset"] {
        let c = Client::login(&app, "editor@test.kz").await;
        let id: tower_sessions::session::Id = c
            .cookie
            .trim_start_matches("aqiqat_session=")
            .parse()
            .expect("session id");
        let with_cookie = || {
            reqwest::Client::new()
                .get(format!("{}/api/v1/admin/me", app.base))
                .header("Cookie", &c.cookie)
                .send()
        };
        assert_eq!(with_cookie().await.expect("me").status(), StatusCode::OK);
        let in_flight = store
            .load(&id)
            .await
            .expect("load")
            .expect("the session exists");
        let (s, b) = match ending {
            "password reset" => {
                admin
                    .send(
                        Method::PATCH,
                        &format!("/admin/users/{editor_id}"),
                        Some(json!({"password": "a brand new passphrase"})),
                    )
                    .await
            }
            path => c.post(&format!("/auth/{path}"), json!({})).await,
        };
        assert!(s.is_success(), "{ending}: {s} {b}");
        store.save(&in_flight).await.expect("the late save");
        assert_eq!(
            with_cookie().await.expect("me").status(),
            StatusCode::UNAUTHORIZED,
            "{ending}: the session stays ended"
        );
        if ending == "password reset" {
            let (s, _) = admin
                .send(
                    Method::PATCH,
                    &format!("/admin/users/{editor_id}"),
                    Some(json!({"password": PASSWORD})),
                )
                .await;
            assert_eq!(s, StatusCode::OK);
        }
    }
}

async fn workflow_needs_a_second_person_and_drafts_stay_private(app: TestApp) {
    add_user(&app, "alice@test.kz", Role::Editor).await;
    add_user(&app, "bob@test.kz", Role::Editor).await;
    let alice = Client::login(&app, "alice@test.kz").await;
    let bob = Client::login(&app, "bob@test.kz").await;
    let saved = create(&alice, "workflow-test-incident").await;
    assert_eq!((saved.version, saved.status), (1, Status::Draft));
    let public = |path: &str| app.http.get(format!("{}/api/v1{path}", app.base)).send();
    assert_eq!(
        public("/incidents/workflow-test-incident")
            .await
            .expect("r")
            .status(),
        StatusCode::NOT_FOUND
    );
    // Publishing straight from draft is not a step.
    assert_eq!(
        code(
            &step(&bob, "workflow-test-incident", "publish", 1, None)
                .await
                .1
        ),
        "invalid_transition"
    );
    let (s, b) = step(&alice, "workflow-test-incident", "submit", 1, None).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        public("/incidents/workflow-test-incident")
            .await
            .expect("r")
            .status(),
        StatusCode::NOT_FOUND,
        "in review is not public"
    );
    let (s, b) = step(&alice, "workflow-test-incident", "publish", 2, None).await;
    assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "own_submission"));
    // Whoever changes the text in review becomes its submitter: Bob may not publish his own rewrite.
    let mut rewrite = new_incident("workflow-test-incident");
    rewrite.title.ru = "Переписанный заголовок".into();
    let (s, _) = bob
        .put(
            "/admin/incidents/workflow-test-incident",
            json!({"version": 2, "incident": rewrite}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, b) = step(&bob, "workflow-test-incident", "publish", 3, None).await;
    assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "own_submission"));
    // A restore is a change too; and one based on an old version is refused like a stale save.
    let (s, b) = bob
        .post(
            "/admin/incidents/workflow-test-incident/restore",
            json!({"version": 1, "based_on": 2}),
        )
        .await;
    assert_eq!((s, code(&b)), (StatusCode::CONFLICT, "stale_version"));
    let (s, b) = bob
        .post(
            "/admin/incidents/workflow-test-incident/restore",
            json!({"version": 1, "based_on": 3}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = step(&bob, "workflow-test-incident", "publish", 4, None).await;
    assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "own_submission"));
    let (s, b) = step(&alice, "workflow-test-incident", "publish", 4, None).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let d: IncidentDetail = public("/incidents/workflow-test-incident")
        .await
        .expect("r")
        .json()
        .await
        .expect("detail");
    assert_eq!(d.card.title, "Тестовый инцидент о блокировке");

    // A published item changes only with a public correction.
    let mut edited = new_incident("workflow-test-incident");
    edited.summary = LocalizedText::ru("Исправленное описание.");
    let (s, b) = bob
        .put(
            "/admin/incidents/workflow-test-incident",
            json!({"version": 5, "incident": edited}),
        )
        .await;
    assert_eq!(
        (s, code(&b)),
        (StatusCode::UNPROCESSABLE_ENTITY, "correction_required")
    );
    let (s, b) = bob
        .put(
            "/admin/incidents/workflow-test-incident",
            json!({"version": 5, "incident": edited, "correction": {"ru": "Уточнено описание."}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let detail = || async {
        public("/incidents/workflow-test-incident")
            .await
            .expect("r")
            .json::<IncidentDetail>()
            .await
            .expect("detail")
    };
    // The change waits for a second person: readers keep the published text, editors see the change.
    let d = detail().await;
    assert_eq!(
        d.card.summary,
        new_incident("workflow-test-incident").summary.ru
    );
    assert!(d.corrections.is_empty() && !d.card.corrected);
    let (_, b) = alice.get("/admin/incidents/workflow-test-incident").await;
    let item: AdminIncident = serde_json::from_value(b).expect("admin incident");
    assert_eq!(item.incident.summary.ru, "Исправленное описание.");
    assert_eq!(
        item.meta
            .pending
            .as_ref()
            .and_then(|p| p.by.as_ref())
            .map(|u| u.name.as_str()),
        Some("bob@test.kz")
    );
    let (s, b) = step(&bob, "workflow-test-incident", "publish", 6, None).await;
    assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "own_submission"));
    let (s, b) = step(&alice, "workflow-test-incident", "publish", 6, None).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let d = detail().await;
    assert_eq!(d.card.summary, "Исправленное описание.");
    assert_eq!(d.corrections.len(), 1);
    assert_eq!(d.corrections[0].note, "Уточнено описание.");
    assert!(d.card.corrected);

    // Retraction hides it from readers but keeps it for the record.
    assert_eq!(
        code(
            &step(&bob, "workflow-test-incident", "retract", 7, None)
                .await
                .1
        ),
        "note_required"
    );
    let (s, _) = step(
        &bob,
        "workflow-test-incident",
        "retract",
        7,
        Some("duplicate of another entry"),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        public("/incidents/workflow-test-incident")
            .await
            .expect("r")
            .status(),
        StatusCode::NOT_FOUND
    );
    let (s, b) = alice.get("/admin/incidents/workflow-test-incident").await;
    assert_eq!(s, StatusCode::OK);
    let item: AdminIncident = serde_json::from_value(b).expect("admin incident");
    assert_eq!(item.meta.status, Status::Retracted);
    assert_eq!(
        code(
            &step(&alice, "workflow-test-incident", "return_to_draft", 8, None)
                .await
                .1
        ),
        "forbidden"
    );
    let total: Value = public("/incidents?limit=100")
        .await
        .expect("r")
        .json()
        .await
        .expect("list");
    assert_eq!(
        total["total"], 38,
        "only the demo's published incidents are public"
    );
}

async fn data_version(app: &TestApp) -> i64 {
    let v: Value = app.json("/api/v1/version").await;
    v["data_version"].as_i64().expect("data_version")
}

/// Readers' caches key on the data version: work on drafts and items in review must not move it (editorial
/// activity would show publicly and flush public caches); publishing does.
async fn only_public_changes_move_the_data_version(app: TestApp) {
    add_user(&app, "alice@test.kz", Role::Editor).await;
    add_user(&app, "bob@test.kz", Role::Editor).await;
    let alice = Client::login(&app, "alice@test.kz").await;
    let bob = Client::login(&app, "bob@test.kz").await;
    let before = data_version(&app).await;
    create(&alice, "version-test-incident").await;
    let mut edit = new_incident("version-test-incident");
    edit.title.ru = "Черновик, исправленный редактором".into();
    let (s, b) = alice
        .put(
            "/admin/incidents/version-test-incident",
            json!({"version": 1, "incident": edit}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = step(&alice, "version-test-incident", "submit", 2, None).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        data_version(&app).await,
        before,
        "creating, editing and submitting a draft are not public"
    );
    let (s, b) = step(&bob, "version-test-incident", "publish", 3, None).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let published = data_version(&app).await;
    assert!(published > before, "publishing is public");
    let (s, _) = step(
        &bob,
        "version-test-incident",
        "retract",
        4,
        Some("duplicate"),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(data_version(&app).await > published, "retracting is public");
}

/// One editor alone cannot change published text: an edit (or a restore) of a published item becomes a pending
/// change that readers do not see and that moves nothing public, until a second person publishes it together
/// with its correction note; anyone may discard it instead.
async fn a_change_to_published_text_waits_for_a_second_person(app: TestApp) {
    add_user(&app, "alice@test.kz", Role::Editor).await;
    add_user(&app, "bob@test.kz", Role::Editor).await;
    let alice = Client::login(&app, "alice@test.kz").await;
    let bob = Client::login(&app, "bob@test.kz").await;
    let id = "vlast-ddos-attacks-2025-12";
    let path = format!("/admin/incidents/{id}");
    let public = || async {
        app.json::<IncidentDetail>(&format!("/api/v1/incidents/{id}"))
            .await
    };
    let before = public().await;
    let version_before = data_version(&app).await;
    let (_, b) = alice.get(&path).await;
    let item: AdminIncident = serde_json::from_value(b).expect("item");
    let mut edited = item.incident.clone();
    edited.title.ru = "Заголовок, который один редактор хотел бы опубликовать".into();
    let (s, b) = alice
        .put(
            &path,
            json!({"version": item.meta.version, "incident": edited, "correction": {"ru": "Уточнён заголовок."}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["status"], "published");
    let pending_version = b["version"].as_i64().expect("version");
    assert_eq!(public().await, before, "readers keep the published text");
    assert_eq!(
        data_version(&app).await,
        version_before,
        "nothing public moved"
    );
    let (_, preview) = bob.get(&format!("{path}/preview")).await;
    assert_eq!(
        preview["title"],
        "Заголовок, который один редактор хотел бы опубликовать"
    );
    let (_, list) = bob.get("/admin/incidents?status=published&limit=100").await;
    let row = list["items"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == id)
        .expect("row");
    assert_eq!(row["pending"], true);
    // Whoever proposed it cannot publish it; a second person can, and the note goes public with the text.
    let (s, b) = step(&alice, id, "publish", pending_version, None).await;
    assert_eq!((s, code(&b)), (StatusCode::FORBIDDEN, "own_submission"));
    let (s, b) = step(&bob, id, "publish", pending_version, None).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let after = public().await;
    assert_eq!(
        after.card.title,
        "Заголовок, который один редактор хотел бы опубликовать"
    );
    assert_eq!(
        after.corrections.last().map(|c| c.note.as_str()),
        Some("Уточнён заголовок.")
    );
    assert!(data_version(&app).await > version_before);
    // A restore of a published item waits too, and a discarded change never reaches readers.
    let version = b["version"].as_i64().expect("version");
    let (s, b) = bob
        .post(
            &format!("{path}/restore"),
            json!({"version": 1, "based_on": version, "correction": {"ru": "Возвращён прежний заголовок."}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(public().await.card.title, after.card.title);
    let (s, b) = step(&alice, id, "discard_change", version + 1, None).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, b) = alice.get(&path).await;
    let item: AdminIncident = serde_json::from_value(b).expect("item");
    assert!(item.meta.pending.is_none());
    assert_eq!(item.incident.title.ru, after.card.title);
    assert_eq!(public().await, after);
}

async fn a_stale_save_is_refused_with_the_other_persons_changes(app: TestApp) {
    add_user(&app, "alice@test.kz", Role::Editor).await;
    add_user(&app, "bob@test.kz", Role::Editor).await;
    let alice = Client::login(&app, "alice@test.kz").await;
    let bob = Client::login(&app, "bob@test.kz").await;
    create(&alice, "stale-test-incident").await;
    let mut a = new_incident("stale-test-incident");
    a.title.ru = "Заголовок Алисы".into();
    let (s, _) = alice
        .put(
            "/admin/incidents/stale-test-incident",
            json!({"version": 1, "incident": a}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let mut b = new_incident("stale-test-incident");
    b.summary = LocalizedText::ru("Описание Боба.");
    let (s, body) = bob
        .put(
            "/admin/incidents/stale-test-incident",
            json!({"version": 1, "incident": b}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(code(&body), "stale_version");
    assert_eq!(body["current_version"], 2);
    assert_eq!(body["current"]["title"]["ru"], "Заголовок Алисы");
    let changed: Vec<&str> = body["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["field"].as_str())
        .collect();
    assert_eq!(changed, ["title"]);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("alice@test.kz")
    );
    let (_, now) = bob.get("/admin/incidents/stale-test-incident").await;
    assert_ne!(
        now["incident"]["summary"]["ru"], "Описание Боба.",
        "nothing was silently overwritten"
    );
}

async fn revisions_show_who_changed_what_and_restore(app: TestApp) {
    add_user(&app, "alice@test.kz", Role::Editor).await;
    let alice = Client::login(&app, "alice@test.kz").await;
    create(&alice, "history-test-incident").await;
    let mut edit = new_incident("history-test-incident");
    edit.title.ru = "Новый заголовок".into();
    alice
        .put(
            "/admin/incidents/history-test-incident",
            json!({"version": 1, "incident": edit}),
        )
        .await;
    let (_, revs) = alice
        .get("/admin/incidents/history-test-incident/revisions")
        .await;
    let revs: Vec<Revision> = serde_json::from_value(revs).expect("revisions");
    assert_eq!(revs.iter().map(|r| r.version).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(revs[0].changed, ["title"]);
    assert_eq!(
        revs[0].author.as_ref().map(|a| a.name.as_str()),
        Some("alice@test.kz")
    );
    let (_, diff) = alice
        .get("/admin/incidents/history-test-incident/diff?from=1&to=2")
        .await;
    let diff: RevisionDiff = serde_json::from_value(diff).expect("diff");
    assert_eq!(diff.changes.len(), 1);
    assert_eq!(diff.changes[0].after["ru"], "Новый заголовок");
    let (s, b) = alice
        .post(
            "/admin/incidents/history-test-incident/restore",
            json!({"version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["version"], 3);
    let (_, item) = alice.get("/admin/incidents/history-test-incident").await;
    assert_eq!(
        item["incident"]["title"]["ru"],
        "Тестовый инцидент о блокировке"
    );
    assert_eq!(
        alice
            .get("/admin/incidents/history-test-incident/diff?from=1&to=9")
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
}

async fn invalid_items_get_every_field_error(app: TestApp) {
    add_user(&app, "alice@test.kz", Role::Editor).await;
    let alice = Client::login(&app, "alice@test.kz").await;
    let mut bad = serde_json::to_value(new_incident("invalid-test-incident")).expect("json");
    bad["title"]["ru"] = json!("");
    bad["sources"] = json!([{"url": "javascript:alert(1)"}]);
    let (s, body) = alice
        .post("/admin/incidents", json!({"incident": bad}))
        .await;
    assert_eq!(
        (s, code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid")
    );
    let fields: Vec<&str> = body["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .filter_map(|d| d["field"].as_str())
        .collect();
    assert_eq!(fields, ["title.ru", "sources[0].url"]);
    let (s, body) = alice
        .post("/admin/incidents", json!({"incident": {"id": "x"}}))
        .await;
    assert_eq!(
        (s, code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body")
    );
    let raw = alice
        .req(Method::POST, "/admin/incidents")
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("r");
    assert_eq!(raw.status(), StatusCode::BAD_REQUEST);
    create(&alice, "invalid-test-incident").await;
    let (s, body) = alice
        .post(
            "/admin/incidents",
            json!({"incident": new_incident("invalid-test-incident")}),
        )
        .await;
    assert_eq!((s, code(&body)), (StatusCode::CONFLICT, "id_taken"));
    // Claims may only link to existing incidents.
    let mut claim =
        serde_json::to_value(aqiqat_backend::demo::claims().expect("claims")[0].clone())
            .expect("json");
    claim["id"] = json!("claim-with-bad-link");
    claim["incident_ids"] = json!(["no-such-incident"]);
    let (s, body) = alice.post("/admin/claims", json!({"claim": claim})).await;
    assert_eq!(
        (s, code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "unknown_incident")
    );
}

async fn preview_shows_a_draft_as_readers_will_see_it(app: TestApp) {
    add_user(&app, "alice@test.kz", Role::Editor).await;
    let alice = Client::login(&app, "alice@test.kz").await;
    create(&alice, "preview-test-incident").await;
    let (s, body) = alice
        .get("/admin/incidents/preview-test-incident/preview?lang=kk")
        .await;
    assert_eq!(s, StatusCode::OK);
    let d: IncidentDetail = serde_json::from_value(body).expect("detail");
    assert_eq!(d.card.title, "Бұғаттау туралы сынақ оқиғасы");
}

async fn admins_manage_users_and_see_the_audit_log(app: TestApp) {
    let admin_id = add_user(&app, "admin@test.kz", Role::Admin).await;
    let admin = Client::login(&app, "admin@test.kz").await;
    let (s, body) = admin.post("/admin/users", json!({"email": "New@Test.kz", "name": "Новый редактор", "role": "editor", "password": "short"})).await;
    assert_eq!(
        (s, code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid")
    );
    let (s, body) = admin.post("/admin/users", json!({"email": "New@Test.kz", "name": "Новый редактор", "role": "editor", "password": PASSWORD})).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let user: User = serde_json::from_value(body).expect("user");
    assert_eq!(user.email, "new@test.kz");
    let (s, _) = admin.post("/admin/users", json!({"email": "new@test.kz", "name": "Дубль", "role": "editor", "password": PASSWORD})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let editor = Client::login(&app, "new@test.kz").await;
    assert_eq!(editor.get("/admin/users").await.0, StatusCode::FORBIDDEN);
    // The last admin stays an admin.
    let (s, body) = admin
        .send(
            Method::PATCH,
            &format!("/admin/users/{admin_id}"),
            Some(json!({"role": "editor"})),
        )
        .await;
    assert_eq!((s, code(&body)), (StatusCode::CONFLICT, "last_admin"));
    // Promoting, then disabling, ends the person's sessions.
    let (s, _) = admin
        .send(
            Method::PATCH,
            &format!("/admin/users/{}", user.id),
            Some(json!({"role": "admin"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        editor.get("/admin/me").await.0,
        StatusCode::UNAUTHORIZED,
        "a role change signs the person out"
    );
    let (s, _) = admin
        .send(
            Method::PATCH,
            &format!("/admin/users/{}", user.id),
            Some(json!({"disabled": true})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        Client::anonymous(&app)
            .login_with("new@test.kz", PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let (s, body) = admin.get("/admin/audit").await;
    assert_eq!(s, StatusCode::OK);
    let log: Vec<AuditEntry> = serde_json::from_value(body).expect("audit");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "login",
        "user_created",
        "role_changed",
        "user_disabled",
        "login_failed",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    let (s, body) = admin
        .post(
            "/admin/partners",
            json!({"name": "Степной вестник", "domains": ["https://news.example.kz/"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(body["domains"], json!(["news.example.kz"]));
}

/// The editors' lists search like the readers' one: Kazakh word forms and Latin spellings find the items.
async fn admin_lists_search_kazakh_word_forms(app: TestApp) {
    add_user(&app, "editor@test.kz", Role::Editor).await;
    let c = Client::login(&app, "editor@test.kz").await;
    let enc = |s: &str| -> String { s.bytes().map(|b| format!("%{b:02X}")).collect() };
    for (q, id) in [
        (
            "Конституцияның",
            "draft-constitution-speech-restrictions-2026-01",
        ),
        ("журналистерге", "senate-banner-rules-journalists"),
        ("Toqaev", "tokayev-aitu-messenger-state-bodies-2025-08"),
    ] {
        let (status, list) = c.get(&format!("/admin/incidents?q={}", enc(q))).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let items = list["items"].as_array().expect("items");
        assert!(items.iter().any(|i| i["id"] == id), "{q}: {list}");
        assert!(items.len() < 38, "{q} narrows the list");
    }
    let (_, claims) = c
        .get(&format!("/admin/claims?q={}", enc("дипфейктерді")))
        .await;
    let items = claims["items"].as_array().expect("items");
    assert!(
        items
            .iter()
            .any(|i| i["id"] == "kochetov-no-accidental-deepfake-blockings"),
        "{claims}"
    );
}

async fn the_admin_page_is_never_framed(app: TestApp) {
    let resp = app
        .http
        .get(format!("{}/admin", app.base))
        .send()
        .await
        .expect("admin page");
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let widget = app
        .http
        .get(format!("{}/widget", app.base))
        .send()
        .await
        .expect("widget");
    // The real widget page, not the "front end not built" one.
    assert_eq!(widget.status(), StatusCode::OK);
    let headers = widget.headers().clone();
    let csp = headers["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(
        widget
            .text()
            .await
            .expect("page")
            .contains("<main id=\"aqiqat-root\""),
        "the widget page"
    );
    assert!(
        !csp.contains("frame-ancestors") && headers.get("x-frame-options").is_none(),
        "the widget is meant to be framed: {csp}"
    );
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    // CSP on /widget: added by the SSR work. Whatever it says, it must let partners frame the widget.
    if let Some(csp) = headers.get("content-security-policy") {
        let csp = csp.to_str().expect("csp");
        assert!(!csp.contains("frame-ancestors 'none'"), "{csp}");
    }
}

on_both_databases!(
    every_admin_route_refuses_anonymous_and_underprivileged,
    sign_in_sets_a_strict_cookie_rotates_it_and_refuses_bad_credentials,
    expired_sessions_are_refused,
    cross_site_and_tokenless_writes_are_refused,
    sign_in_is_rate_limited_per_account_and_per_ip,
    strangers_cannot_shut_out_the_rightful_owner,
    log_out_everywhere_ends_every_session,
    a_request_in_flight_does_not_bring_back_an_ended_session,
    workflow_needs_a_second_person_and_drafts_stay_private,
    a_stale_save_is_refused_with_the_other_persons_changes,
    only_public_changes_move_the_data_version,
    a_change_to_published_text_waits_for_a_second_person,
    revisions_show_who_changed_what_and_restore,
    invalid_items_get_every_field_error,
    preview_shows_a_draft_as_readers_will_see_it,
    admins_manage_users_and_see_the_audit_log,
    the_admin_page_is_never_framed,
    admin_lists_search_kazakh_word_forms,
);
