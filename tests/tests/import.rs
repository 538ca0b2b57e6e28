//! The admin import page's API: preview with flags and duplicates, accept some entries with edits.

mod common;

use aqiqat_backend::http::auth::hash_password;
use aqiqat_shared::admin::{AdminIncident, Role};
use common::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

const SEED: &str = include_str!("../../backend/testdata/digest-2025-08-2026-01.txt");
const PASSWORD: &str = "correct horse battery staple";

async fn editor(app: &TestApp) -> (reqwest::Client, String) {
    let hash = hash_password(PASSWORD).expect("hash");
    app.db
        .create_user("importer@test.kz", "Импортёр", Role::Editor, &hash)
        .await
        .expect("user");
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let me: Value = http
        .post(format!("{}/api/v1/auth/login", app.base))
        .json(&json!({"email": "importer@test.kz", "password": PASSWORD}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("me");
    (http, me["csrf_token"].as_str().expect("csrf").to_owned())
}

async fn post(
    app: &TestApp,
    c: &(reqwest::Client, String),
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let r =
        c.0.post(format!("{}/api/v1{path}", app.base))
            .header("X-CSRF-Token", &c.1)
            .json(&body)
            .send()
            .await
            .expect("post");
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

async fn the_seed_digest_is_recognised_as_already_imported(app: TestApp) {
    let c = editor(&app).await;
    let (s, preview) = post(&app, &c, "/admin/import/preview", json!({"text": SEED})).await;
    assert_eq!(s, StatusCode::OK, "{preview}");
    let entries = preview["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 38);
    assert_eq!(preview["period"], "2025-08 – 2026-01");
    // The demo data is our own wording of the same digest: the source links still identify every entry.
    let dupes = entries
        .iter()
        .filter(|e| e["duplicate_of"].is_string())
        .count();
    assert_eq!(
        dupes,
        38,
        "{:?}",
        entries
            .iter()
            .filter(|e| e["duplicate_of"].is_null())
            .map(|e| &e["title"])
            .collect::<Vec<_>>()
    );
    assert!(entries.iter().all(|e| {
        e["flags"]
            .as_array()
            .is_some_and(|f| f.iter().all(|f| f["message"].is_string()))
    }));
    let all: Vec<usize> = (0..38).collect();
    let (s, out) = post(
        &app,
        &c,
        "/admin/import/accept",
        json!({"text": SEED, "accept": all, "name": "digest.md"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    assert_eq!(out["created"].as_array().expect("created").len(), 0);
    assert_eq!(out["skipped"].as_array().expect("skipped").len(), 38);
}

async fn accepted_entries_become_the_editors_drafts_with_their_origin(app: TestApp) {
    let c = editor(&app).await;
    let digest = "Мониторинг за октябрь 2025 года.\n\n## **1. Свобода выражения мнения**\n\n### **Заблокирован сайт газеты**\n\n\
5 октября провайдеры ограничили доступ к сайту газеты. <https://example.kz/news/2025/10/05/blocked?utm_source=x>\n\n\
### **Удалён канал блогера**\n\nКанал блогера в Telegram удалён. <https://example.kz/news/channel>\n";
    let (s, preview) = post(&app, &c, "/admin/import/preview", json!({"text": digest})).await;
    assert_eq!(s, StatusCode::OK, "{preview}");
    assert_eq!(
        preview["entries"][0]["sources"],
        json!(["https://example.kz/news/2025/10/05/blocked"])
    );
    assert_eq!(preview["entries"][0]["date"], "2025-10-05");
    let edits = json!({"0": {"title": "Заблокирован сайт районной газеты", "kind": "blocking"}});
    let (s, out) = post(
        &app,
        &c,
        "/admin/import/accept",
        json!({"text": digest, "accept": [0], "edits": edits, "name": "oct.md"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    let created = out["created"].as_array().expect("created");
    assert_eq!(created.len(), 1, "only the accepted entry");
    let id = created[0].as_str().expect("id");
    let item: AdminIncident =
        c.0.get(format!("{}/api/v1/admin/incidents/{id}", app.base))
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("item");
    assert_eq!(item.incident.title.ru, "Заблокирован сайт районной газеты");
    assert_eq!(item.incident.kind.as_str(), "blocking");
    assert_eq!(item.meta.status.as_str(), "draft");
    assert_eq!(
        item.meta.author.map(|a| a.name),
        Some("Импортёр".to_owned())
    );
    assert!(item.meta.origin.is_some_and(|o| o.starts_with("oct.md")));
    let public = app
        .http
        .get(format!("{}/api/v1/incidents/{id}", app.base))
        .send()
        .await
        .expect("public");
    assert_eq!(
        public.status(),
        StatusCode::NOT_FOUND,
        "imported drafts are not public"
    );
    // Accepting again skips it; a bad index or text is a clear 422 and creates nothing.
    let (_, again) = post(
        &app,
        &c,
        "/admin/import/accept",
        json!({"text": digest, "accept": [0, 1]}),
    )
    .await;
    assert_eq!(
        again["created"].as_array().expect("c").len(),
        1,
        "the second entry is new"
    );
    assert_eq!(again["skipped"][0]["duplicate_of"], id);
    let (s, bad) = post(
        &app,
        &c,
        "/admin/import/accept",
        json!({"text": digest, "accept": [7]}),
    )
    .await;
    assert_eq!(
        (s, bad["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_entry"))
    );
    let (s, bad) = post(&app, &c, "/admin/import/preview", json!({"text": "   "})).await;
    assert_eq!(
        (s, bad["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_digest"))
    );
    let (s, bad) = post(
        &app,
        &c,
        "/admin/import/preview",
        json!({"text": "просто текст без разделов"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
}

/// A recurring headline with a new date and link is a new incident, not a duplicate.
async fn a_recurring_title_with_a_new_date_is_not_a_duplicate(app: TestApp) {
    let c = editor(&app).await;
    let month = |day: &str, url: &str| {
        format!(
            "Мониторинг за октябрь 2025 года.\n\n## **1. Свобода выражения мнения**\n\n### **DDoS-атака на сайт редакции**\n\n{day} октября сайт редакции был недоступен из-за DDoS-атаки. <{url}>\n"
        )
    };
    let first = month("3", "https://example.kz/ddos/3");
    let (_, out) = post(
        &app,
        &c,
        "/admin/import/accept",
        json!({"text": first, "accept": [0]}),
    )
    .await;
    assert_eq!(
        out["created"].as_array().expect("created").len(),
        1,
        "{out}"
    );
    let same_day = month("3", "https://other.example.kz/ddos/3-copy");
    let (_, out) = post(
        &app,
        &c,
        "/admin/import/accept",
        json!({"text": same_day, "accept": [0]}),
    )
    .await;
    assert_eq!(
        out["skipped"].as_array().expect("skipped").len(),
        1,
        "same title, same date: {out}"
    );
    let later = month("20", "https://example.kz/ddos/20");
    let (_, out) = post(
        &app,
        &c,
        "/admin/import/accept",
        json!({"text": later, "accept": [0]}),
    )
    .await;
    assert_eq!(
        out["created"].as_array().expect("created").len(),
        1,
        "same title, another date: {out}"
    );
}

/// The same headline in other word forms (or a stored Kazakh title's) is a duplicate: the readers' matching.
async fn a_title_in_other_word_forms_is_a_duplicate(app: TestApp) {
    let c = editor(&app).await;
    let digest = |title: &str, url: &str| {
        format!(
            "Мониторинг за октябрь 2025 года.\n\n## **1. Свобода выражения мнения**\n\n### **{title}**\n\n3 октября сайт редакции был недоступен. <{url}>\n"
        )
    };
    let (_, out) = post(
        &app,
        &c,
        "/admin/import/accept",
        json!({"text": digest("DDoS-атака на сайт редакции", "https://example.kz/a"), "accept": [0]}),
    )
    .await;
    assert_eq!(
        out["created"].as_array().expect("created").len(),
        1,
        "{out}"
    );
    for title in [
        "DDoS-атаки на сайты редакции!",
        "ddos атака на САЙТ редакции",
    ] {
        let (_, out) = post(
            &app,
            &c,
            "/admin/import/accept",
            json!({"text": digest(title, "https://example.kz/b"), "accept": [0]}),
        )
        .await;
        assert_eq!(
            out["skipped"].as_array().expect("skipped").len(),
            1,
            "{title}: {out}"
        );
    }
    // A demo incident's Kazakh title, in other word forms.
    let kk = "Конституцияның жобасына енгізілген түзетулері сөз бен митингілерді шектеуге жаңа негіздерді қосады";
    let text = format!(
        "Мониторинг за январь 2026 года.\n\n## **4. Правовое регулирование**\n\n### **{kk}**\n\n26 января опубликован проект. <https://example.kz/c>\n"
    );
    let (_, preview) = post(&app, &c, "/admin/import/preview", json!({"text": text})).await;
    assert_eq!(
        preview["entries"][0]["duplicate_of"], "draft-constitution-speech-restrictions-2026-01",
        "{preview}"
    );
    // Another headline is not.
    let (_, out) = post(
        &app,
        &c,
        "/admin/import/accept",
        json!({"text": digest("DDoS-атака на сайт агентства", "https://example.kz/d"), "accept": [0]}),
    )
    .await;
    assert_eq!(
        out["created"].as_array().expect("created").len(),
        1,
        "{out}"
    );
}

/// An accept list names each entry at most once: a longer one is refused before it costs anything, repeats count
/// once, and two requests with million-long lists do not hold up other requests (`/healthz` answers meanwhile).
async fn accept_lists_are_bounded_deduplicated_and_do_not_stall_the_server(app: TestApp) {
    let c = editor(&app).await;
    let huge = json!({"text": SEED, "accept": vec![0usize; 1_000_000]});
    let (s, body) = post(&app, &c, "/admin/import/accept", huge.clone()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "too_many_entries");
    assert_eq!(body["error"]["field"], "accept");
    let (s, body) = post(
        &app,
        &c,
        "/admin/import/accept",
        json!({"text": SEED, "accept": [3, 3, 3, 7, 3]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let handled = body["created"].as_array().expect("created").len()
        + body["skipped"].as_array().expect("skipped").len();
    assert_eq!(handled, 2, "each entry once: {body}");
    let (s, body) = post(
        &app,
        &c,
        "/admin/import/accept",
        json!({"text": SEED, "accept": [0], "edits": {"38": {"title": "x"}}}),
    )
    .await;
    assert_eq!(
        (s, &body["error"]["code"]),
        (StatusCode::UNPROCESSABLE_ENTITY, &json!("unknown_entry"))
    );
    let slow: Vec<_> = (0..2)
        .map(|_| {
            let (app_base, http, csrf, body) =
                (app.base.clone(), c.0.clone(), c.1.clone(), huge.clone());
            tokio::spawn(async move {
                http.post(format!("{app_base}/api/v1/admin/import/accept"))
                    .header("X-CSRF-Token", csrf)
                    .json(&body)
                    .send()
                    .await
                    .map(|r| r.status())
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let started = std::time::Instant::now();
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let took = started.elapsed();
    for t in slow {
        assert_eq!(
            t.await.expect("task").expect("answer"),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    assert!(
        took < std::time::Duration::from_secs(1),
        "/healthz waited {took:?}"
    );
}

on_both_databases!(
    a_recurring_title_with_a_new_date_is_not_a_duplicate,
    the_seed_digest_is_recognised_as_already_imported,
    accepted_entries_become_the_editors_drafts_with_their_origin,
    a_title_in_other_word_forms_is_a_duplicate,
    accept_lists_are_bounded_deduplicated_and_do_not_stall_the_server,
);
