//! The public API over a real socket, loaded with the demo data, as a partner site calls it: every test runs on
//! SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set (each in its own fresh database).

mod common;

use std::collections::HashSet;

use aqiqat_shared::api::{ClaimDetail, Facets, IncidentCard, IncidentDetail, Timeline};
use aqiqat_shared::{Incident, Status};
use reqwest::StatusCode;
use serde_json::Value;

use common::TestApp;

/// `q` values in tests are percent-encoded Cyrillic.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn health_check_answers_ok(app: TestApp) {
    let body: Value = app.json("/healthz").await;
    assert_eq!(body["status"], "ok");
}

async fn paging_walks_every_incident_once_in_date_order(app: TestApp) {
    let first = app.incidents("").await;
    assert_eq!(first.total, 38);
    assert_eq!(first.items.len(), 20);
    let cursor = first.next_cursor.clone().expect("a second page");
    let second = app.incidents(&format!("cursor={cursor}")).await;
    assert_eq!(second.items.len(), 18);
    assert_eq!(second.next_cursor, None);
    assert_eq!(second.total, 38);
    let all: Vec<&IncidentCard> = first.items.iter().chain(&second.items).collect();
    let ids: HashSet<&str> = all.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids.len(), 38, "no incident twice");
    for pair in all.windows(2) {
        assert!(
            pair[0].start() >= pair[1].start(),
            "{} before {}",
            pair[0].id,
            pair[1].id
        );
    }
    // Small pages chain to the same order.
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = cursor
            .as_ref()
            .map_or("limit=7".to_owned(), |c| format!("limit=7&cursor={c}"));
        let page = app.incidents(&q).await;
        walked.extend(page.items.into_iter().map(|i| i.id));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(walked, all.iter().map(|i| i.id.clone()).collect::<Vec<_>>());
}

async fn each_filter_keeps_only_matching_incidents(app: TestApp) {
    let courts = app.incidents("category=court_cases&limit=100").await;
    assert_eq!(courts.total, 10);
    assert!(
        courts
            .items
            .iter()
            .all(|i| i.category.as_str() == "court_cases")
    );
    let two = app
        .incidents("category=court_cases,personal_data&limit=100")
        .await;
    assert_eq!(two.total, 17);

    let ddos = app.incidents("kind=ddos").await;
    assert!(ddos.total >= 1 && ddos.items.iter().all(|i| i.kind.as_str() == "ddos"));

    let almaty = app.incidents("region=almaty&limit=100").await;
    assert!(
        almaty.total >= 1
            && almaty
                .items
                .iter()
                .all(|i| i.region.is_some_and(|r| r.as_str() == "almaty"))
    );

    let insta = app.incidents("platform=instagram&limit=100").await;
    assert!(insta.total >= 2);
    assert!(
        insta
            .items
            .iter()
            .all(|i| i.platforms.iter().any(|p| p.as_str() == "instagram"))
    );

    // verdict: incidents linked to a published claim with that verdict.
    let rated = app.incidents("verdict=true&limit=100").await;
    assert!(rated.total >= 1);
    let claims = app.claims("verdict=true").await;
    let linked: HashSet<String> = claims
        .items
        .iter()
        .flat_map(|c| c.incident_ids.clone())
        .collect();
    assert!(rated.items.iter().all(|i| linked.contains(&i.id)));

    let december = app.incidents("from=2025-12&to=2025-12&limit=100").await;
    assert!(december.total >= 3);
    for i in &december.items {
        let (start, last) = match (i.date, i.period) {
            (Some(d), _) => (d.first_day(), d.last_day()),
            (None, Some(p)) => (p.from.first_day(), p.to.last_day()),
            (None, None) => panic!("{} has neither a date nor a period", i.id),
        };
        let end = match i.end_date {
            Some(aqiqat_shared::DateEnd::On(d)) => d.last_day(),
            Some(aqiqat_shared::DateEnd::Ongoing) => "9999-12-31".to_owned(),
            None => last,
        };
        assert!(
            start.as_str() <= "2025-12-31" && end.as_str() >= "2025-12-01",
            "{} is outside December",
            i.id
        );
    }
    let narrower = app.incidents("from=2025-12-10&to=2025-12-10").await;
    assert!(narrower.total < december.total);
    assert!(
        narrower
            .items
            .iter()
            .any(|i| i.id == "vlast-ddos-attacks-2025-12")
    );
}

async fn search_matches_russian_word_forms_and_kazakh_words(app: TestApp) {
    for form in ["утечка", "утечки", "утечку", "УТЕЧКЕ"] {
        let page = app.incidents(&format!("q={}&limit=100", enc(form))).await;
        assert!(
            page.items
                .iter()
                .any(|i| i.id == "data-leak-16-mln-citizens-2025-06"),
            "{form}"
        );
        assert!(page.total < 38, "{form} must narrow the list");
    }
    for form in ["Ахмедьяров", "Ахмедьярова", "ахмедьярову"] {
        let page = app.incidents(&format!("q={}", enc(form))).await;
        assert!(
            page.items
                .iter()
                .any(|i| i.id == "akhmedyarov-facebook-account-deleted"),
            "{form}"
        );
    }
    // Kazakh text is searchable: every demo incident has a Kazakh title.
    let kk = app.incidents("lang=kk&category=cybersecurity").await;
    let word = kk.items[0]
        .title
        .split_whitespace()
        .find(|w| w.chars().count() > 5)
        .expect("a long word")
        .to_owned();
    let word: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
    let found = app.incidents(&format!("q={}", enc(&word))).await;
    assert!(
        found.items.iter().any(|i| i.id == kk.items[0].id),
        "Kazakh word {word}"
    );
    // Several words: all must match.
    let none = app.incidents(&format!("q={}", enc("утечка Сенат"))).await;
    assert_eq!(none.total, 0);
    // Searching paginates by offset and says when it ends.
    let page = app
        .incidents(&format!("q={}&limit=1", enc("журналист")))
        .await;
    let next = page.next_cursor.expect("more than one journalist item");
    let page2 = app
        .incidents(&format!("q={}&limit=1&cursor={next}", enc("журналист")))
        .await;
    assert_ne!(page2.items[0].id, page.items[0].id);
}

async fn language_selects_texts_with_fallback(app: TestApp) {
    let en = app.incidents("lang=en&limit=100").await;
    assert!(en.items.iter().all(|i| i.text_lang.as_str() == "en"));
    let kk = app.incidents("lang=kk&limit=100").await;
    assert!(kk.items.iter().all(|i| i.text_lang.as_str() == "kk"));
    let d: IncidentDetail = app
        .json("/api/v1/incidents/vlast-ddos-attacks-2025-12?lang=en")
        .await;
    assert_eq!(d.card.text_lang.as_str(), "en");
}

async fn details_show_sources_and_links(app: TestApp) {
    let d: IncidentDetail = app
        .json("/api/v1/incidents/vlast-ddos-attacks-2025-12")
        .await;
    assert!(!d.sources.is_empty() && d.sources.iter().all(|s| s.url.starts_with("https://")));
    let claims = app.claims("limit=100").await;
    assert_eq!(claims.total, 8);
    let linked = claims
        .items
        .iter()
        .find(|c| !c.incident_ids.is_empty())
        .expect("a linked claim");
    let cd: ClaimDetail = app.json(&format!("/api/v1/claims/{}", linked.id)).await;
    assert_eq!(cd.incidents.len(), linked.incident_ids.len());
    let inc: IncidentDetail = app
        .json(&format!("/api/v1/incidents/{}", linked.incident_ids[0]))
        .await;
    assert!(
        inc.claims.iter().any(|c| c.id == linked.id),
        "the incident lists its claim"
    );
    // Verdicts need evidence: the rated claim carries it.
    let rated = claims
        .items
        .iter()
        .find(|c| c.verdict.is_some())
        .expect("one rated claim");
    let rd: ClaimDetail = app.json(&format!("/api/v1/claims/{}", rated.id)).await;
    assert!(rd.explanation.is_some() && !rd.evidence.is_empty());

    assert_eq!(
        app.error("/api/v1/incidents/no-such-incident", StatusCode::NOT_FOUND)
            .await
            .0,
        "not_found"
    );
    assert_eq!(
        app.error("/api/v1/claims/no-such-claim", StatusCode::NOT_FOUND)
            .await
            .0,
        "not_found"
    );
    assert_eq!(
        app.error("/api/v1/incidents/Not%20A%20Slug", StatusCode::BAD_REQUEST)
            .await
            .0,
        "invalid_id"
    );
}

async fn facets_count_alternatives_and_agree_with_the_lists(app: TestApp) {
    let all: Facets = app.json("/api/v1/facets").await;
    assert_eq!((all.incidents, all.claims), (38, 8));
    let counts: Vec<u64> = all.category.iter().map(|c| c.count).collect();
    assert_eq!(counts, [8, 7, 5, 8, 10]);
    let unrated = all
        .verdict
        .iter()
        .find(|v| v.value == "unrated")
        .expect("unrated facet");
    assert_eq!(unrated.count, 7);

    // A chosen category keeps the other categories' counts visible, while the totals follow the filter.
    let f: Facets = app.json("/api/v1/facets?category=court_cases").await;
    assert_eq!(f.incidents, 10);
    assert_eq!(f.category, all.category);
    assert_eq!(f.kind.iter().map(|k| k.count).sum::<u64>(), 10);
    let list = app
        .incidents(&format!("category=court_cases&q={}", enc("журналиста")))
        .await;
    let fq: Facets = app
        .json(&format!(
            "/api/v1/facets?category=court_cases&q={}",
            enc("журналиста")
        ))
        .await;
    assert_eq!(fq.incidents, list.total);
}

async fn timeline_buckets_follow_the_filter(app: TestApp) {
    let all: Timeline = app.json("/api/v1/timeline").await;
    let total = |t: &Timeline| {
        t.buckets.iter().map(|b| b.count).sum::<u64>()
            + t.ranges.iter().map(|r| r.count).sum::<u64>()
    };
    assert_eq!(total(&all), 38, "every incident is on a month or a range");
    assert!(
        all.buckets.windows(2).all(|w| w[0].month <= w[1].month),
        "oldest month first"
    );
    assert!(all.buckets.iter().all(|b| b.count > 0));
    let courts: Timeline = app.json("/api/v1/timeline?category=court_cases").await;
    assert!(
        courts
            .buckets
            .iter()
            .all(|b| b.category.as_str() == "court_cases")
    );
    let facets: Facets = app.json("/api/v1/facets?category=court_cases").await;
    assert_eq!(total(&courts), facets.incidents);
    let dec: Timeline = app.json("/api/v1/timeline?from=2025-12&to=2025-12").await;
    assert!(dec.buckets.iter().all(|b| b.month == "2025-12"));
}

async fn bad_parameters_get_a_json_4xx_naming_the_field(app: TestApp) {
    let long_q = "я".repeat(201);
    let cases: Vec<(String, &str, Option<&str>)> = vec![
        (
            "/api/v1/incidents?category=politics".into(),
            "unknown_value",
            Some("category"),
        ),
        (
            "/api/v1/incidents?kind=rumour".into(),
            "unknown_value",
            Some("kind"),
        ),
        (
            "/api/v1/incidents?region=moscow".into(),
            "unknown_value",
            Some("region"),
        ),
        (
            "/api/v1/incidents?platform=myspace".into(),
            "unknown_value",
            Some("platform"),
        ),
        (
            "/api/v1/claims?verdict=pants_on_fire".into(),
            "unknown_value",
            Some("verdict"),
        ),
        (
            "/api/v1/incidents?from=2026-01&to=2025-12".into(),
            "invalid_date_range",
            Some("to"),
        ),
        (
            "/api/v1/incidents?from=2025-02-30".into(),
            "invalid_date",
            Some("from"),
        ),
        (
            "/api/v1/facets?to=yesterday".into(),
            "invalid_date",
            Some("to"),
        ),
        (
            format!("/api/v1/incidents?q={}", enc(&long_q)),
            "query_too_long",
            Some("q"),
        ),
        (
            "/api/v1/incidents?cursor=not-a-cursor".into(),
            "invalid_cursor",
            Some("cursor"),
        ),
        (
            "/api/v1/incidents?cursor=%F0%9F%92%A9".into(),
            "invalid_cursor",
            Some("cursor"),
        ),
        (
            "/api/v1/incidents?limit=0".into(),
            "invalid_limit",
            Some("limit"),
        ),
        (
            "/api/v1/incidents?limit=101".into(),
            "invalid_limit",
            Some("limit"),
        ),
        (
            "/api/v1/incidents?limit=-5".into(),
            "invalid_limit",
            Some("limit"),
        ),
        (
            "/api/v1/incidents?lang=de".into(),
            "unknown_value",
            Some("lang"),
        ),
        (
            "/api/v1/timeline?categroy=court_cases".into(),
            "invalid_query",
            Some("query"),
        ),
    ];
    for (path, code, field) in cases {
        let (c, f) = app.error(&path, StatusCode::BAD_REQUEST).await;
        assert_eq!((c.as_str(), f.as_deref()), (code, field), "{path}");
    }
    // A date-order cursor does not continue a search, and says so.
    let page = app.incidents("limit=1").await;
    let cursor = page.next_cursor.expect("cursor");
    let (c, f) = app
        .error(
            &format!("/api/v1/incidents?q=x&cursor={cursor}"),
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(
        (c.as_str(), f.as_deref()),
        ("invalid_cursor", Some("cursor"))
    );
    assert_eq!(
        app.error("/api/v1/nothing-here", StatusCode::NOT_FOUND)
            .await
            .0,
        "no_route"
    );
    let resp = app
        .http
        .post(format!("{}/api/v1/incidents", app.base))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        resp.json::<Value>().await.expect("json")["error"]["code"],
        "method_not_allowed"
    );
}

/// Every response, whatever route, status or content type, says `nosniff` and has a referrer policy: the one
/// for embeds everywhere, `same-origin` for the editors' page and the signed-in API.
async fn every_response_has_nosniff_and_a_referrer_policy(app: TestApp) {
    let cases: [(reqwest::Method, &str, &str); 12] = [
        (
            reqwest::Method::GET,
            "/api/v1/incidents",
            "strict-origin-when-cross-origin",
        ),
        (
            reqwest::Method::GET,
            "/api/v1/incidents/no-such-item",
            "strict-origin-when-cross-origin",
        ),
        (
            reqwest::Method::GET,
            "/api/v1/facets?category=politics",
            "strict-origin-when-cross-origin",
        ),
        (
            reqwest::Method::GET,
            "/api/v1/nothing-here",
            "strict-origin-when-cross-origin",
        ),
        (
            reqwest::Method::GET,
            "/widget",
            "strict-origin-when-cross-origin",
        ),
        (
            reqwest::Method::GET,
            "/embed.js",
            "strict-origin-when-cross-origin",
        ),
        (
            reqwest::Method::GET,
            "/static/no-such-file.js",
            "strict-origin-when-cross-origin",
        ),
        (
            reqwest::Method::GET,
            "/healthz",
            "strict-origin-when-cross-origin",
        ),
        (
            reqwest::Method::GET,
            "/no-such-page",
            "strict-origin-when-cross-origin",
        ),
        (reqwest::Method::GET, "/admin", "same-origin"),
        (reqwest::Method::GET, "/api/v1/admin/me", "same-origin"),
        (reqwest::Method::POST, "/api/v1/auth/login", "same-origin"),
    ];
    for (method, path, referrer) in cases {
        let resp = app
            .http
            .request(method.clone(), format!("{}{path}", app.base))
            .send()
            .await
            .expect("request");
        let h = resp.headers();
        assert_eq!(
            h.get("x-content-type-options")
                .and_then(|v| v.to_str().ok()),
            Some("nosniff"),
            "{method} {path} ({})",
            resp.status()
        );
        assert_eq!(
            h.get("referrer-policy").and_then(|v| v.to_str().ok()),
            Some(referrer),
            "{method} {path} ({})",
            resp.status()
        );
    }
}

/// Sends `request` as is over a new connection; returns the status, the head and the body of the answer.
async fn raw(app: &TestApp, request: &[u8]) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    // The server may answer and close before reading everything: that is the point of these requests.
    let _ = s.write_all(request).await;
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_owned())
}

/// Every error body is JSON, also where the refusal does not come from our handlers: a URI or headers too long
/// for the HTTP parser itself (414, 431), a body over a route's limit (413), a file or route that does not exist,
/// a method a page does not take.
async fn every_error_body_is_json(app: TestApp) {
    let long_uri = format!(
        "GET /api/v1/incidents?q={} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(70_000)
    );
    let long_header = format!(
        "GET /api/v1/incidents HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(1_000_000)
    );
    let big_body = "x".repeat(3 * 1024 * 1024);
    let big_login = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{big_body}",
        big_body.len()
    );
    let simple = |method: &str, path: &str| {
        format!(
            "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
    };
    let cases = [
        (long_uri, 414, "uri_too_long"),
        (long_header, 431, "headers_too_large"),
        (big_login, 413, "too_large"),
        (simple("GET", "/no-such-page"), 404, "not_found"),
        (simple("GET", "/static/no-such-file.js"), 404, "not_found"),
        (simple("GET", "/boot/no-such-bundle.js"), 404, "not_found"),
        (simple("POST", "/demo"), 405, "method_not_allowed"),
        (
            simple("DELETE", "/api/v1/incidents"),
            405,
            "method_not_allowed",
        ),
        (simple("GET", "/api/v1/nothing-here"), 404, "no_route"),
    ];
    for (request, status, code) in cases {
        let what = request.chars().take(40).collect::<String>();
        let (got, head, body) = raw(&app, request.as_bytes()).await;
        assert_eq!(got, status, "{what}: {head}");
        assert!(
            head.contains("content-type: application/json"),
            "{what}: {head}"
        );
        let json: Value =
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{what}: {e}: {body:?}"));
        assert_eq!(json["error"]["code"], code, "{what}: {body}");
        assert!(
            json["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{body}"
        );
    }
}

async fn public_reads_are_open_to_other_origins_compressed_and_cacheable(app: TestApp) {
    let resp = app
        .http
        .get(format!("{}/api/v1/incidents", app.base))
        .header("Origin", "https://partner.example")
        .header("Accept-Encoding", "br")
        .send()
        .await
        .expect("request");
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
    assert_eq!(resp.headers()["content-encoding"], "br");
    assert!(
        resp.headers()["cache-control"]
            .to_str()
            .unwrap_or("")
            .contains("max-age")
    );
    let gz = app
        .http
        .get(format!("{}/api/v1/facets", app.base))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .expect("gz");
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let embed = app.get("/embed.js").await;
    assert_eq!(embed.status(), StatusCode::OK);
    assert!(
        embed.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/javascript")
    );
    let demo = app.get("/demo").await;
    assert!(
        demo.text()
            .await
            .expect("demo")
            .matches("data-aqiqat ")
            .count()
            >= 2,
        "two embeds on the demo page"
    );
    // Without a built bundle (a static directory with no manifest) the widget page is still served, rendered on
    // the server (it works without scripts), and asks for no bundle that is not there.
    let empty = tempfile::tempdir().expect("dir");
    let unbuilt = common::serve_db(app.db.clone(), empty.path(), Default::default()).await;
    let resp = reqwest::get(format!("{unbuilt}/widget"))
        .await
        .expect("widget");
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.expect("widget");
    assert!(
        html.contains("class=\"aq-card\""),
        "the first screen is in the page"
    );
    assert!(
        !html.contains("<script type=\"module\""),
        "no bundle to load"
    );
}

async fn drafts_and_retracted_items_are_not_visible_to_readers(app: TestApp) {
    let d: IncidentDetail = app
        .json("/api/v1/incidents/vlast-ddos-attacks-2025-12")
        .await;
    let mut input = aqiqat_backend::demo::incidents()
        .expect("demo")
        .into_iter()
        .find(|i| i.id.as_str() == d.card.id)
        .expect("demo incident")
        .into_input();
    input.id = aqiqat_shared::Slug::parse("unpublished-draft-incident").expect("slug");
    let draft: Incident = input.validate().expect("valid");
    app.db
        .save_incident(&draft, Status::Draft)
        .await
        .expect("save draft");
    assert_eq!(app.incidents("limit=100").await.total, 38);
    app.error(
        "/api/v1/incidents/unpublished-draft-incident",
        StatusCode::NOT_FOUND,
    )
    .await;
    let f: Facets = app.json("/api/v1/facets").await;
    assert_eq!(f.incidents, 38);
    app.db
        .save_incident(&draft, Status::Published)
        .await
        .expect("publish");
    assert_eq!(app.incidents("limit=100").await.total, 39);
    app.db
        .save_incident(&draft, Status::Retracted)
        .await
        .expect("retract");
    assert_eq!(app.incidents("limit=100").await.total, 38);
    app.error(
        "/api/v1/incidents/unpublished-draft-incident",
        StatusCode::NOT_FOUND,
    )
    .await;
    // A published claim linked to it does not reveal its id (made from its title) to readers.
    let mut claim = aqiqat_backend::demo::claims().expect("claims")[0]
        .clone()
        .into_input();
    claim.incident_ids = vec![
        aqiqat_shared::Slug::parse("unpublished-draft-incident").expect("slug"),
        aqiqat_shared::Slug::parse("vlast-ddos-attacks-2025-12").expect("slug"),
    ];
    let claim = claim.validate().expect("valid");
    app.db
        .save_claim(&claim, Status::Published)
        .await
        .expect("claim");
    let page = app.claims("limit=100").await;
    let card = page
        .items
        .iter()
        .find(|c| c.id == claim.id.as_str())
        .expect("claim card");
    assert_eq!(card.incident_ids, ["vlast-ddos-attacks-2025-12"]);
    let detail: ClaimDetail = app.json(&format!("/api/v1/claims/{}", claim.id)).await;
    assert_eq!(detail.card.incident_ids, ["vlast-ddos-attacks-2025-12"]);
    let inc: IncidentDetail = app
        .json("/api/v1/incidents/vlast-ddos-attacks-2025-12")
        .await;
    let linked = inc
        .claims
        .iter()
        .find(|c| c.id == claim.id.as_str())
        .expect("linked claim");
    assert_eq!(linked.incident_ids, ["vlast-ddos-attacks-2025-12"]);
}

on_both_databases!(
    health_check_answers_ok,
    paging_walks_every_incident_once_in_date_order,
    each_filter_keeps_only_matching_incidents,
    search_matches_russian_word_forms_and_kazakh_words,
    language_selects_texts_with_fallback,
    details_show_sources_and_links,
    facets_count_alternatives_and_agree_with_the_lists,
    timeline_buckets_follow_the_filter,
    bad_parameters_get_a_json_4xx_naming_the_field,
    public_reads_are_open_to_other_origins_compressed_and_cacheable,
    drafts_and_retracted_items_are_not_visible_to_readers,
    every_response_has_nosniff_and_a_referrer_policy,
    every_error_body_is_json,
);
