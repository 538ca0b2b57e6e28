//! The OpenAPI document (`/api/v1/openapi.json`) against the running server: every documented path is served, with
//! a documented status and content type, and refuses other methods; `/api` shows the same document to people.
//! (That every public route is documented is checked in the backend, where the route lists are.) Every test runs
//! on SQLite and on PostgreSQL.

mod common;

use serde_json::Value;

use common::TestApp;

fn ids(v: &Value) -> String {
    v["items"][0]["id"].as_str().expect("an id").to_owned()
}

async fn every_documented_path_answers_as_documented(app: TestApp) {
    let doc: Value = app.json("/api/v1/openapi.json").await;
    assert_eq!(doc["openapi"], "3.1.0");
    let incident = ids(&app.json::<Value>("/api/v1/incidents?limit=1").await);
    let claim = ids(&app.json::<Value>("/api/v1/claims?limit=1").await);
    let story = ids(&app.json::<Value>("/api/v1/stories?limit=1").await);
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 20, "{}", paths.len());
    for (path, item) in paths {
        let id = if path.contains("claims/") || path.starts_with("/c/") {
            &claim
        } else if path.contains("stories/") {
            &story
        } else {
            &incident
        };
        let url = path
            .replace("{id}", id)
            .replace("{n}", "0")
            .replace("{bundle}", "widget.js");
        let url = if path == "/oembed" {
            format!("/oembed?url={}/i/{incident}", app.base)
        } else {
            url
        };
        let resp = app.get(&url).await;
        let status = resp.status().as_u16().to_string();
        let kind = resp.headers()["content-type"].to_str().unwrap().to_owned();
        let answer = &item["get"]["responses"][&status];
        assert!(answer.is_object(), "{url}: {status} is not documented");
        let documented: Vec<&String> = answer["content"]
            .as_object()
            .map(|c| c.keys().collect())
            .unwrap_or_default();
        let base = |k: &str| k.split(';').next().unwrap_or("").trim().to_owned();
        assert!(
            documented.iter().any(|d| base(d) == base(&kind)),
            "{url}: {status} {kind}, documented {documented:?}"
        );
        // Public routes are read-only: other methods are refused with the documented 405.
        let post = app
            .http
            .post(format!("{}{url}", app.base))
            .send()
            .await
            .expect("post");
        assert_eq!(post.status().as_u16(), 405, "POST {url}");
        assert!(item["get"]["responses"]["405"].is_object(), "{path}");
    }
}

async fn the_api_page_renders_the_document(app: TestApp) {
    let resp = app.get("/api").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/html; charset=utf-8");
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    let html = resp.text().await.unwrap();
    assert!(!html.contains("<script"), "the page works without scripts");
    let doc: Value = app.json("/api/v1/openapi.json").await;
    for path in doc["paths"].as_object().unwrap().keys() {
        assert!(
            html.contains(&format!("GET {path}")),
            "/api does not show {path}"
        );
    }
    for code in aqiqat_shared::api::ErrorCode::ALL {
        assert!(
            html.contains(&format!("<code>{}</code>", code.as_str())),
            "{code}"
        );
    }
}

on_both_databases!(
    every_documented_path_answers_as_documented,
    the_api_page_renders_the_document
);
