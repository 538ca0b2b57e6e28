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

/// The feeds and exports are in the document, with their parameters, and answer (successes and refusals) with a
/// documented status and content type.
async fn feeds_and_exports_answer_as_documented(app: TestApp) {
    let doc: Value = app.json("/api/v1/openapi.json").await;
    let base = |k: &str| k.split(';').next().unwrap_or("").trim().to_owned();
    let cases: &[(&str, &str, &[&str])] = &[
        ("/feeds/incidents.atom", "application/atom+xml", &["limit"]),
        ("/feeds/claims.atom", "application/atom+xml", &["limit"]),
        ("/feeds/incidents.json", "application/feed+json", &["limit"]),
        ("/feeds/claims.json", "application/feed+json", &["limit"]),
        ("/api/v1/export/incidents.csv", "text/csv", &["bom"]),
        ("/api/v1/export/claims.csv", "text/csv", &["bom"]),
        (
            "/api/v1/export/incidents.ndjson",
            "application/x-ndjson",
            &[],
        ),
        ("/api/v1/export/claims.ndjson", "application/x-ndjson", &[]),
    ];
    for (path, kind, own) in cases {
        let op = &doc["paths"][*path]["get"];
        assert!(op.is_object(), "{path} is not documented");
        let params: Vec<&str> = op["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        for name in ["category", "kind", "region", "platform", "verdict", "stage"]
            .iter()
            .chain(&["from", "to", "story", "q", "lang", "v"])
            .chain(own.iter())
        {
            assert!(params.contains(name), "{path} lacks `{name}`: {params:?}");
        }
        if !path.ends_with(".csv") {
            assert!(!params.contains(&"bom"), "{path}: bom is for CSV");
        }
        for (query, status) in [
            ("?lang=en&category=court_cases", 200),
            ("?limit=0", 400),
            ("?category=nonsense", 400),
            ("?bom=2", 400),
        ] {
            let resp = app.get(&format!("{path}{query}")).await;
            assert_eq!(resp.status().as_u16(), status, "{path}{query}");
            let got = resp.headers()["content-type"].to_str().unwrap().to_owned();
            let answer = &op["responses"][status.to_string()];
            let documented: Vec<String> = answer["content"]
                .as_object()
                .unwrap_or_else(|| panic!("{path}: {status} is not documented"))
                .keys()
                .map(|k| base(k))
                .collect();
            assert!(
                documented.contains(&base(&got)),
                "{path}{query}: {status} {got}, documented {documented:?}"
            );
            if status == 200 {
                assert_eq!(base(&got), *kind, "{path}");
            }
        }
    }
    // `bom=1` is refused on NDJSON, with a documented 400 and the code the document lists.
    let resp = app.get("/api/v1/export/claims.ndjson?bom=1").await;
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_bom");
    let described =
        doc["paths"]["/api/v1/export/claims.ndjson"]["get"]["responses"]["400"]["description"]
            .as_str()
            .unwrap();
    assert!(described.contains("invalid_bom"), "{described}");
    // The JSON Feed's body matches its documented schema's required fields.
    let feed: Value = app.json("/feeds/incidents.json?limit=2").await;
    let schema = &doc["components"]["schemas"]["JsonFeed"];
    for field in schema["required"].as_array().expect("required fields") {
        assert!(feed.get(field.as_str().unwrap()).is_some(), "{field}");
    }
    assert!(feed["items"].as_array().unwrap().len() <= 2);
}

on_both_databases!(
    every_documented_path_answers_as_documented,
    the_api_page_renders_the_document,
    feeds_and_exports_answer_as_documented
);
