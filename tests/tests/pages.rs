//! The server-rendered reader pages over a real socket, on the demo data: the widget's first screen in its HTML,
//! the public list and item pages, ClaimReview, the sitemap, robots.txt and oEmbed; and that nothing unpublished
//! reaches any of them. Every test runs on SQLite and on PostgreSQL.

mod common;

use std::collections::BTreeSet;

use aqiqat_shared::api::{ClaimCard, IncidentCard, Page, Timeline};
use aqiqat_shared::view::ViewData;
use aqiqat_shared::{Incident, Status};
use reqwest::StatusCode;
use serde_json::Value;

use common::TestApp;

async fn page(app: &TestApp, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let resp = app.get(path).await;
    let status = resp.status();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.expect("body"))
}

async fn ok_page(app: &TestApp, path: &str) -> (reqwest::header::HeaderMap, String) {
    let (status, headers, body) = page(app, path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    assert_eq!(
        headers["content-type"], "text/html; charset=utf-8",
        "{path}"
    );
    (headers, body)
}

/// The text between `start` and the next `end` after it.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let a = s.find(start)? + start.len();
    let b = s[a..].find(end)? + a;
    Some(&s[a..b])
}

/// Every value of `attr` on elements whose opening tag contains `marker`.
fn attr_values(html: &str, marker: &str, attr: &str) -> Vec<String> {
    html.split('<')
        .filter(|tag| tag.contains(marker))
        .filter_map(|tag| between(tag, &format!("{attr}=\""), "\"").map(unescape))
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The data the page carries for hydration.
fn view_data(html: &str) -> ViewData {
    let json = between(
        html,
        "<script type=\"application/json\" id=\"aq-data\">",
        "</script>",
    )
    .expect("view data in the page");
    serde_json::from_str(json).expect("view data parses")
}

async fn all_incidents(app: &TestApp) -> Vec<IncidentCard> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("limit=100&cursor={c}"),
            None => "limit=100".to_owned(),
        };
        let p: Page<IncidentCard> = app.incidents(&q).await;
        out.extend(p.items);
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => return out,
        }
    }
}

async fn widget_arrives_with_its_first_screen(app: TestApp) {
    let (headers, html) = ok_page(&app, "/widget?category=court_cases&lang=kk&embed=1").await;
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"kk\">"),
        "{}",
        &html[..80]
    );
    let courts = app.incidents("category=court_cases&lang=kk").await;
    assert_eq!(courts.total, 10);
    let cards = attr_values(&html, "class=\"aq-card", "data-id");
    let expected: Vec<String> = courts.items.iter().map(|c| c.id.clone()).collect();
    assert_eq!(
        cards, expected,
        "the first page of results, in order, in the HTML"
    );
    for c in &courts.items {
        let title = c.title.replace('&', "&amp;").replace('<', "&lt;");
        assert!(html.contains(&title), "title of {} rendered", c.id);
    }
    // Filters with counts, the timeline, the search box: the whole first screen.
    assert!(
        html.contains("name=\"category\" value=\"court_cases\" checked"),
        "chosen chip"
    );
    assert!(html.contains("class=\"aq-timeline\""));
    assert!(html.contains("class=\"aq-month"), "timeline columns");
    assert!(html.contains("id=\"aq-q\""));
    assert!(html.contains("<form role=\"search\" method=\"get\" action=\"/widget\""));
    // The data it was rendered from, for hydration: the same answers the API gives.
    let data = view_data(&html);
    assert!(!data.page);
    assert_eq!(data.incidents.expect("list").total, 10);
    assert_eq!(data.facets.expect("facets").incidents, 10);
    // The demo's timeline spans fewer months than a widget page draws: all of it comes with the page.
    assert!(!data.timeline_partial);
    assert_eq!(
        data.timeline.expect("timeline"),
        app.json::<Timeline>("/api/v1/timeline?category=court_cases")
            .await
    );
    let drawn: u64 = attr_values(&html, "role=\"button\"", "data-count")
        .iter()
        .map(|n| n.parse::<u64>().expect("count"))
        .sum();
    assert_eq!(
        drawn, 10,
        "months and bands drawn on the server count every match"
    );
    assert_eq!(data.view, "category=court_cases&lang=kk&embed=1");
    // Framed by anyone, scripts only from here, the inlined stylesheet allowed by its hash.
    let csp = headers["content-security-policy"].to_str().expect("csp");
    assert!(
        !csp.contains("frame-ancestors"),
        "any page may frame the widget: {csp}"
    );
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    let css = between(&html, "<style>", "</style>").expect("inline style");
    assert!(
        csp.contains(&format!("'{}'", aqiqat_backend::http::web::csp_hash(css))),
        "{csp}"
    );
    assert!(!headers.contains_key("x-frame-options"));
}

async fn widget_renders_the_selected_item_and_reports_bad_options(app: TestApp) {
    let (_, html) = ok_page(
        &app,
        "/widget?incident=vlast-ddos-attacks-2025-12&kind=nonsense",
    )
    .await;
    assert!(html.contains("class=\"aq-detail-title\""));
    assert!(html.contains("DDoS"));
    let data = view_data(&html);
    assert_eq!(
        data.incident.expect("detail").card.id,
        "vlast-ddos-attacks-2025-12"
    );
    assert!(
        html.contains("class=\"aq-notice\""),
        "the bad option is reported"
    );
    assert!(
        data.notices.iter().any(|n| n.starts_with("kind:")),
        "{:?}",
        data.notices
    );
    // The share link is the item's public page.
    let share = between(&html, "<p class=\"aq-share\"><a href=\"", "\"").expect("share link");
    assert_eq!(share, "/i/vlast-ddos-attacks-2025-12");
    // An item that is not published: the list, and a notice; nothing of the item.
    let (_, html) = ok_page(&app, "/widget?incident=no-such-incident").await;
    assert!(html.contains("class=\"aq-notice\""));
    assert_eq!(attr_values(&html, "class=\"aq-card", "data-id").len(), 20);
}

async fn list_pages_work_as_plain_get_forms_with_page_links(app: TestApp) {
    // What a form with two checked chips sends: the key twice.
    let (headers, html) = ok_page(
        &app,
        "/?category=court_cases&category=personal_data&q=&from=",
    )
    .await;
    assert!(headers["x-frame-options"] == "DENY");
    let cards = attr_values(&html, "class=\"aq-card", "data-id");
    let api = app.incidents("category=court_cases,personal_data").await;
    assert_eq!(api.total, 17);
    assert_eq!(cards.len(), 17);
    assert!(html.contains("<form role=\"search\" method=\"get\" action=\"/\""));
    assert!(html.contains("value=\"court_cases\" checked"));
    assert!(html.contains("value=\"personal_data\" checked"));
    assert!(html.contains("<main id=\"aqiqat-root\""));
    // Items open their public pages.
    let links = attr_values(&html, "class=\"aq-card-btn\"", "href");
    assert_eq!(links.len(), 17);
    assert!(links.iter().all(|l| l.starts_with("/i/")), "{links:?}");
    // Paging without scripts: the next-page link continues the list, and the way back is offered.
    let (_, first) = ok_page(&app, "/").await;
    let first_ids = attr_values(&first, "class=\"aq-card", "data-id");
    assert_eq!(first_ids.len(), 20);
    let next = attr_values(&first, "class=\"aq-more\"", "href");
    assert_eq!(next.len(), 1, "one next-page link");
    assert!(next[0].starts_with("/?cursor="), "{}", next[0]);
    let (_, second) = ok_page(&app, &next[0]).await;
    let second_ids = attr_values(&second, "class=\"aq-card", "data-id");
    assert_eq!(second_ids.len(), 18);
    assert!(second_ids.iter().all(|id| !first_ids.contains(id)));
    assert_eq!(attr_values(&second, "class=\"aq-first\"", "href"), ["/"]);
    // The claims list page, in English, with its counts.
    let (_, claims) = ok_page(&app, "/claims?lang=en").await;
    assert!(claims.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    let total = app.claims("lang=en").await.total;
    assert_eq!(
        attr_values(&claims, "class=\"aq-card aq-claim\"", "data-id").len() as u64,
        total
    );
    assert!(
        attr_values(&claims, "class=\"aq-card-btn\"", "href")
            .iter()
            .all(|l| l.starts_with("/c/") && l.ends_with("?lang=en"))
    );
    // A bad page link is reported, and the list starts again.
    let (_, html) = ok_page(&app, "/?cursor=nonsense").await;
    assert!(html.contains("class=\"aq-notice\""));
    assert_eq!(attr_values(&html, "class=\"aq-card", "data-id").len(), 20);
}

async fn item_pages_are_complete_shareable_documents(app: TestApp) {
    let id = "vlast-ddos-attacks-2025-12";
    let d: aqiqat_shared::api::IncidentDetail =
        app.json(&format!("/api/v1/incidents/{id}?lang=en")).await;
    let (headers, html) = ok_page(&app, &format!("/i/{id}?lang=en")).await;
    let base = &app.base;
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    assert!(
        !html.contains("<!>"),
        "no hydration markers on a page that is not hydrated"
    );
    assert!(
        !html.contains("<script type=\"module\""),
        "no script needed"
    );
    assert_eq!(
        attr_values(&html, "rel=\"canonical\"", "href"),
        [format!("{base}/i/{id}?lang=en")]
    );
    let hreflang: BTreeSet<(String, String)> = html
        .split('<')
        .filter(|t| t.starts_with("link rel=\"alternate\" hreflang="))
        .map(|t| {
            (
                between(t, "hreflang=\"", "\"")
                    .unwrap_or_default()
                    .to_owned(),
                between(t, "href=\"", "\"").unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String)> = [
        ("en", format!("{base}/i/{id}?lang=en")),
        ("kk", format!("{base}/i/{id}?lang=kk")),
        ("ru", format!("{base}/i/{id}")),
        ("x-default", format!("{base}/i/{id}")),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b))
    .collect();
    assert_eq!(hreflang, want);
    let og = |p: &str| attr_values(&html, &format!("property=\"{p}\""), "content");
    assert_eq!(og("og:title"), std::slice::from_ref(&d.card.title));
    assert_eq!(og("og:type"), ["article"]);
    assert_eq!(og("og:locale"), ["en_US"]);
    assert_eq!(og("og:site_name"), ["Aqiqat"]);
    assert_eq!(og("og:url"), [format!("{base}/i/{id}?lang=en")]);
    assert_eq!(og("og:description").len(), 1);
    assert_eq!(
        attr_values(&html, "name=\"twitter:card\"", "content"),
        ["summary"]
    );
    let oembed = attr_values(&html, "type=\"application/json+oembed\"", "href");
    assert_eq!(oembed.len(), 1);
    assert!(oembed[0].starts_with(&format!("{base}/oembed?url=")));
    // Full text, facts and every source as a link.
    assert!(html.contains(&format!("<title>{} — Aqiqat</title>", d.card.title)));
    for s in &d.sources {
        assert!(
            html.contains(&format!("href=\"{}\"", s.url.replace('&', "&amp;"))),
            "{}",
            s.url
        );
    }
    assert!(html.contains("<main id=\"aqiqat-root\""));
    assert!(
        headers["content-security-policy"]
            .to_str()
            .expect("csp")
            .contains("frame-ancestors 'none'")
    );
    // The claim page of a linked claim links back.
    let (_, claim) = ok_page(&app, "/c/iskakov-ai-law-labelling-liability-2025-11-27").await;
    let related = attr_values(&claim, "class=\"aq-link\"", "href");
    assert_eq!(
        related,
        [
            "/i/ai-content-labelling-fines-2026-01",
            "/i/ai-law-signed-2025-11"
        ],
        "related incidents are links to their pages"
    );
}

async fn claim_review_is_given_for_rated_claims_only(app: TestApp) {
    let claims: Page<ClaimCard> = app.claims("limit=100").await;
    let mut rated = 0;
    for c in &claims.items {
        let (_, html) = ok_page(&app, &format!("/c/{}", c.id)).await;
        let ld = between(&html, "<script type=\"application/ld+json\">", "</script>");
        let Some(verdict) = c.verdict else {
            assert!(ld.is_none(), "unrated claim {} has no ClaimReview", c.id);
            continue;
        };
        rated += 1;
        let v: Value = serde_json::from_str(ld.expect("ClaimReview")).expect("JSON-LD parses");
        assert_eq!(v["@context"], "https://schema.org");
        assert_eq!(v["@type"], "ClaimReview");
        assert_eq!(v["url"], format!("{}/c/{}", app.base, c.id));
        assert_eq!(v["claimReviewed"], c.quote.as_str());
        assert!(v["datePublished"].as_str().is_some_and(|d| d.len() == 10));
        assert_eq!(v["author"]["@type"], "Organization");
        assert!(v["author"]["name"].as_str().is_some_and(|n| !n.is_empty()));
        let r = &v["reviewRating"];
        assert_eq!(r["@type"], "Rating");
        assert_eq!(r["alternateName"], verdict.label(aqiqat_shared::Lang::Ru));
        assert_eq!(r["bestRating"], 5);
        assert_eq!(r["worstRating"], 1);
        if verdict != aqiqat_shared::Verdict::Unproven {
            let n = r["ratingValue"].as_u64().expect("ratingValue is a number");
            assert!((1..=5).contains(&n));
        }
        let item = &v["itemReviewed"];
        assert_eq!(item["@type"], "Claim");
        assert!(matches!(
            item["author"]["@type"].as_str(),
            Some("Person" | "Organization")
        ));
        assert_eq!(item["author"]["name"], c.speaker.name.as_str());
        assert_eq!(item["datePublished"], c.date.to_string());
        assert!(
            item["appearance"]["url"]
                .as_str()
                .is_some_and(|u| u.starts_with("http"))
        );
    }
    assert!(rated >= 1, "the demo has a rated claim");
    assert!(
        claims.items.iter().any(|c| c.verdict.is_none()),
        "and unrated ones"
    );
}

fn sitemap_locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split_once("</loc>").map(|(a, _)| a.replace("&amp;", "&")))
        .collect()
}

async fn sitemap_and_robots_describe_the_public_site(app: TestApp) {
    let resp = app.get("/sitemap.xml").await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.headers()["content-type"],
        "application/xml; charset=utf-8"
    );
    let xml = resp.text().await.expect("xml");
    assert!(xml.contains("<lastmod>"));
    let locs: BTreeSet<String> = sitemap_locs(&xml).into_iter().collect();
    let mut want = BTreeSet::new();
    for path in ["/", "/claims"] {
        want.insert(format!("{}{path}", app.base));
        want.insert(format!("{}{path}?lang=kk", app.base));
        want.insert(format!("{}{path}?lang=en", app.base));
    }
    for i in all_incidents(&app).await {
        want.insert(format!("{}/i/{}", app.base, i.id));
        want.insert(format!("{}/i/{}?lang=kk", app.base, i.id));
        want.insert(format!("{}/i/{}?lang=en", app.base, i.id));
    }
    for c in app.claims("limit=100").await.items {
        want.insert(format!("{}/c/{}", app.base, c.id));
        want.insert(format!("{}/c/{}?lang=kk", app.base, c.id));
        want.insert(format!("{}/c/{}?lang=en", app.base, c.id));
    }
    assert_eq!(locs, want, "every published item and nothing else");
    let resp = app.get("/robots.txt").await;
    let robots = resp.text().await.expect("robots");
    assert!(robots.contains("Disallow: /admin\n"));
    assert!(robots.contains(&format!("Sitemap: {}/sitemap.xml", app.base)));
}

async fn oembed(app: &TestApp, query: &str) -> (StatusCode, Value) {
    let resp = app.get(&format!("/oembed?{query}")).await;
    let status = resp.status();
    assert_eq!(
        resp.headers()["content-type"],
        "application/json",
        "{query}"
    );
    (status, resp.json().await.expect("json"))
}

fn url_param(u: &str) -> String {
    serde_urlencoded::to_string([("url", u)]).expect("encode")
}

async fn oembed_answers_for_our_pages_only(app: TestApp) {
    let page = format!("{}/i/vlast-ddos-attacks-2025-12?lang=en", app.base);
    let (status, v) = oembed(
        &app,
        &format!(
            "{}&maxwidth=400&maxheight=300&format=json",
            url_param(&page)
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["type"], "rich");
    assert_eq!(v["version"], "1.0");
    assert_eq!(v["provider_name"], "Aqiqat");
    assert!(v["title"].as_str().is_some_and(|t| t.contains("DDoS")));
    assert!(v["width"].as_u64().expect("width") <= 400);
    assert!(v["height"].as_u64().expect("height") <= 300);
    let html = v["html"].as_str().expect("html");
    assert!(html.starts_with("<iframe src=\""), "{html}");
    let src = between(html, "src=\"", "\"")
        .expect("src")
        .replace("&amp;", "&");
    assert_eq!(
        src,
        format!(
            "{}/widget?lang=en&incident=vlast-ddos-attacks-2025-12",
            app.base
        )
    );
    assert!(html.contains("width=\"400\"") && html.contains("height=\"300\""));
    // Without bounds: the default size; list pages and widget URLs too, with their filters.
    let list = format!("{}/claims?category=court_cases", app.base);
    let (status, v) = oembed(&app, &url_param(&list)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(v["width"].as_u64().expect("width") > 400);
    assert!(
        v["html"]
            .as_str()
            .expect("html")
            .contains("/widget?category=court_cases&amp;tab=claims")
    );
    let widget = format!("{}/widget?kind=blocking", app.base);
    assert_eq!(oembed(&app, &url_param(&widget)).await.0, StatusCode::OK);
    // format=xml is not offered; foreign and unknown addresses are 404s; bad bounds are 400s.
    let (status, v) = oembed(&app, &format!("{}&format=xml", url_param(&page))).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED);
    assert!(v["error"]["code"].is_string());
    for foreign in [
        "https://evil.example/i/vlast-ddos-attacks-2025-12".to_owned(),
        format!("{}/admin", app.base),
        format!("{}/i/no-such-incident", app.base),
        "not a url".to_owned(),
    ] {
        let (status, v) = oembed(&app, &url_param(&foreign)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{foreign}: {v}");
        assert_eq!(v["error"]["code"], "not_found");
    }
    assert_eq!(oembed(&app, "format=json").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        oembed(&app, &format!("{}&maxwidth=wide", url_param(&page)))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
}

async fn unpublished_items_never_reach_public_pages(app: TestApp) {
    let template = aqiqat_backend::demo::incidents()
        .expect("demo")
        .into_iter()
        .next()
        .expect("an incident")
        .into_input();
    let missing_body = |path: &'static str| {
        let app = &app;
        async move { page(app, path).await }
    };
    let (status, _, never) = missing_body("/i/never-existed-incident").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, never_oembed) = oembed(
        &app,
        &url_param(&format!("{}/i/never-existed-incident", app.base)),
    )
    .await;
    for status in [Status::Draft, Status::InReview, Status::Retracted] {
        let mut input = template.clone();
        let id = format!("hidden-{}", status.as_str().replace('_', "-"));
        input.id = aqiqat_shared::Slug::parse(&id).expect("slug");
        let title = format!("Hidden title {}", status.as_str());
        input.title = aqiqat_shared::LocalizedText::ru(title.clone());
        let inc: Incident = input.validate().expect("valid");
        if status == Status::Retracted {
            app.db
                .save_incident(&inc, Status::Published)
                .await
                .expect("publish");
        }
        app.db.save_incident(&inc, status).await.expect("save");
        let (s, _, body) = page(&app, &format!("/i/{id}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{status:?}");
        assert_eq!(body, never, "the same body as a missing id ({status:?})");
        let (s, v) = oembed(&app, &url_param(&format!("{}/i/{id}", app.base))).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert_eq!(
            v["error"]["message"].as_str().map(|m| m.replace(&id, "")),
            never_oembed["error"]["message"]
                .as_str()
                .map(|m| m.replace("never-existed-incident", "")),
            "the same answer as a missing id ({status:?})"
        );
        for path in ["/", "/?lang=en", "/claims", "/sitemap.xml"] {
            let (_, _, body) = page(&app, path).await;
            assert!(!body.contains(&id), "{path} does not reveal {id}");
            assert!(!body.contains(&title), "{path} does not show {title}");
        }
        // The widget asked for it answers as for an id that never existed (its notice names what was asked).
        let (_, _, asked) = page(&app, &format!("/widget?incident={id}")).await;
        let (_, _, missing) = page(&app, "/widget?incident=never-existed-incident").await;
        assert!(!asked.contains(&title));
        assert_eq!(
            asked.replace(&id, "ID"),
            missing.replace("never-existed-incident", "ID"),
            "{status:?}"
        );
    }
}

async fn pages_follow_the_data_version(app: TestApp) {
    let (_, before) = ok_page(&app, "/").await;
    let (_, again) = ok_page(&app, "/").await;
    assert_eq!(before, again);
    let mut input = aqiqat_backend::demo::incidents()
        .expect("demo")
        .into_iter()
        .next()
        .expect("an incident")
        .into_input();
    input.id = aqiqat_shared::Slug::parse("a-new-incident-2027").expect("slug");
    input.date = Some("2027-01-05".parse().expect("date"));
    input.period = None;
    let inc: Incident = input.validate().expect("valid");
    app.db
        .save_incident(&inc, Status::Published)
        .await
        .expect("publish");
    let (_, after) = ok_page(&app, "/").await;
    assert!(
        after.contains("data-id=\"a-new-incident-2027\""),
        "a publish shows at once"
    );
    let sitemap = app.get("/sitemap.xml").await.text().await.expect("xml");
    assert!(sitemap.contains("/i/a-new-incident-2027<"));
}

/// Reader documents keep to themselves: no cookie, a referrer policy that tells other sites our origin at most,
/// and a permissions policy that denies every device, sensor, payment, credential and advertising-interest API (so
/// a framed widget never asks the partner's page to delegate anything). The editors' page denies the same.
async fn pages_set_no_cookies_and_deny_powerful_features(app: TestApp) {
    let claim = app.claims("").await.items.remove(0).id;
    let incident = app.incidents("").await.items.remove(0).id;
    let paths = [
        "/widget".to_owned(),
        "/widget?lang=kk&tab=claims&embed=1".to_owned(),
        "/".to_owned(),
        "/claims?lang=en".to_owned(),
        format!("/i/{incident}"),
        format!("/c/{claim}"),
        "/i/no-such-item".to_owned(),
        "/admin".to_owned(),
    ];
    for path in paths {
        let (status, headers, _) = page(&app, &path).await;
        // (The editors' page without a built bundle says so: 503.)
        assert!(
            status == StatusCode::OK || ["/i/no-such-item", "/admin"].contains(&path.as_str()),
            "{path}: {status}"
        );
        assert!(headers.get("set-cookie").is_none(), "{path} sets a cookie");
        let referrer = headers["referrer-policy"]
            .to_str()
            .expect("referrer policy");
        let expected = if path == "/admin" {
            "same-origin"
        } else {
            "strict-origin-when-cross-origin"
        };
        assert_eq!(referrer, expected, "{path}");
        let policy = headers
            .get("permissions-policy")
            .unwrap_or_else(|| panic!("{path} has no Permissions-Policy"))
            .to_str()
            .expect("ascii");
        let denied: BTreeSet<&str> = policy
            .split(", ")
            .filter_map(|d| d.strip_suffix("=()"))
            .collect();
        assert_eq!(
            denied.len(),
            policy.split(", ").count(),
            "{path}: every feature is denied: {policy}"
        );
        for feature in [
            "camera",
            "microphone",
            "geolocation",
            "payment",
            "usb",
            "browsing-topics",
            "interest-cohort",
            "publickey-credentials-get",
        ] {
            assert!(denied.contains(feature), "{path}: {feature} in {policy}");
        }
        assert!(
            !denied.contains("clipboard-write"),
            "the share link copies itself"
        );
    }
}

on_both_databases!(
    every_option_embed_js_forwards_works,
    pages_set_no_cookies_and_deny_powerful_features,
    widget_arrives_with_its_first_screen,
    widget_renders_the_selected_item_and_reports_bad_options,
    list_pages_work_as_plain_get_forms_with_page_links,
    item_pages_are_complete_shareable_documents,
    claim_review_is_given_for_rated_claims_only,
    sitemap_and_robots_describe_the_public_site,
    oembed_answers_for_our_pages_only,
    widget_shows_theme_accent_and_font_without_scripts,
    widget_refuses_hostile_or_unreadable_looks,
    embed_builder_page_is_public_and_strict,
    unpublished_items_never_reach_public_pages,
    pages_follow_the_data_version,
);

/// Every option `embed.js` forwards from a snippet's `data-*` attributes is one the widget reads: none of them
/// comes back as a "bad option" notice (it once forwarded `view` and `item`, which the widget never knew).
async fn every_option_embed_js_forwards_works(app: TestApp) {
    let js = app.get("/embed.js").await.text().await.expect("embed.js");
    let list = between(&js, "var OPTIONS = [", "]").expect("embed.js lists its options");
    let options: Vec<String> = list
        .split(',')
        .map(|o| o.trim().trim_matches('"').to_owned())
        .filter(|o| !o.is_empty())
        .collect();
    assert_eq!(
        options,
        aqiqat_shared::embed::EMBED_KEYS,
        "embed.js forwards exactly the builder's options"
    );
    let value = |k: &str| -> &str {
        match k {
            "lang" => "kk",
            "category" => "court_cases",
            "kind" => "criminal_case",
            "region" => "almaty",
            "platform" => "instagram",
            "verdict" => "unrated",
            "from" => "2025-09",
            "to" => "2025-12",
            "q" => "суд",
            "story" => "any",
            "stage" => "appeal",
            "tab" => "claims",
            "incident" => "vlast-ddos-attacks-2025-12",
            "claim" => "iskakov-ai-law-labelling-liability-2025-11-27",
            "theme" => "dark",
            "accent" => "0b5cad",
            "font" => "Georgia, 'PT Serif', serif",
            other => panic!(
                "embed.js forwards {other:?}: give it a value here, and make the widget read it"
            ),
        }
    };
    for k in &options {
        let query = serde_urlencoded::to_string([(k.as_str(), value(k))]).expect("query");
        let (_, html) = ok_page(&app, &format!("/widget?{query}&embed=1")).await;
        let data = view_data(&html);
        assert!(data.notices.is_empty(), "{k}: {:?}", data.notices);
        assert!(!html.contains("class=\"aq-notice\""), "{k}");
    }
}

/// The `<style>` elements of a page, their text.
fn styles(html: &str) -> Vec<String> {
    html.split("<style>")
        .skip(1)
        .filter_map(|s| s.split_once("</style>").map(|(css, _)| css.to_owned()))
        .collect()
}

/// The theme, accent and font arrive in the server's HTML (no flash, no script needed): one `<style>` after the
/// reader stylesheet, allowed by its hash in this page's CSP; the widget's own links and form keep them.
async fn widget_shows_theme_accent_and_font_without_scripts(app: TestApp) {
    let (headers, html) = ok_page(
        &app,
        "/widget?lang=en&category=court_cases&theme=dark&accent=%23FFDD00&font=Georgia,+%27PT+Serif%27,+serif&embed=1",
    )
    .await;
    let data = view_data(&html);
    assert!(data.notices.is_empty(), "{:?}", data.notices);
    let css = styles(&html);
    assert_eq!(css.len(), 3, "reader stylesheet, theme, noscript: {css:?}");
    let theme = &css[1];
    assert!(
        theme.starts_with("html,.aq-root,.aq{color-scheme:dark;--aq-text:#e6e9ed;"),
        "{theme}"
    );
    assert!(theme.contains("--aq-accent:#ffdd00;"), "{theme}");
    assert!(
        theme.contains("--aq-font:\"Georgia\",\"PT Serif\",serif,"),
        "{theme}"
    );
    let csp = headers["content-security-policy"].to_str().expect("csp");
    assert!(
        csp.contains(&format!("'{}'", aqiqat_backend::http::web::csp_hash(theme))),
        "the theme's style is allowed by its hash: {csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    // Links (languages, items) and the filter form carry the look on.
    let links = attr_values(&html, "class=\"aq-lang", "href");
    assert!(!links.is_empty());
    for l in &links {
        assert!(
            l.contains("theme=dark") && l.contains("accent=ffdd00") && l.contains("font="),
            "{l}"
        );
    }
    assert!(html.contains(r#"<input type="hidden" name="theme" value="dark""#));
    assert_eq!(
        data.view,
        "category=court_cases&lang=en&embed=1&theme=dark&accent=ffdd00&font=%22Georgia%22%2C%22PT+Serif%22%2Cserif"
    );

    // `auto`: the dark palette under `prefers-color-scheme: dark`, the accent checked against both.
    let (_, html) = ok_page(&app, "/widget?theme=auto").await;
    let css = styles(&html);
    assert!(
        css[1].contains("@media (prefers-color-scheme:dark){html,.aq-root,.aq{color-scheme:dark;"),
        "{css:?}"
    );
    // The default look needs no style of its own, and a plain iframe's `font=inherit` (no script to read the host's
    // font) keeps the widget's own.
    for path in ["/widget", "/widget?font=inherit"] {
        let (headers, html) = ok_page(&app, path).await;
        assert_eq!(styles(&html).len(), 2, "{path}");
        assert!(view_data(&html).notices.is_empty(), "{path}");
        let csp = headers["content-security-policy"].to_str().expect("csp");
        assert_eq!(csp.matches("'sha256-").count(), 2, "{csp}");
    }
    // oEmbed keeps the look of a widget URL.
    let widget = format!("{}/widget?lang=en&theme=dark&accent=ffdd00", app.base);
    let (status, body) = oembed(&app, &url_param(&widget)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let frame = body["html"].as_str().expect("html");
    assert!(frame.contains("theme=dark&amp;accent=ffdd00"), "{frame}");
    // The public pages are ours: never themed by a partner's options.
    let (_, html) = ok_page(&app, "/?theme=dark&accent=ffdd00").await;
    assert_eq!(styles(&html).len(), 2);
}

/// Hostile or unreadable looks are refused with a notice each, and nothing of them reaches a stylesheet or the
/// CSP: CSS injection through `font`, a URL to load, a colour that is not one, a low-contrast accent.
async fn widget_refuses_hostile_or_unreadable_looks(app: TestApp) {
    let cases = [
        ("font=x%3B%7Dbody%7Bdisplay%3Anone", "font"),
        ("font=x%3B%7Dbody%7Bdisplay%3Anone%7D", "font"),
        ("font=url(https%3A%2F%2Fevil.example%2Ff.woff)", "font"),
        (
            "font=Arial%3Bbackground%3Aurl(%2F%2Fevil.example%2Fx)",
            "font",
        ),
        ("font=%22Arial%22%3Bcolor%3Ared", "font"),
        (
            "font=Arial%3C%2Fstyle%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "font",
        ),
        ("font=var(--x)", "font"),
        (&format!("font={}", "a".repeat(301)), "font"),
        ("accent=red", "accent"),
        ("accent=%230b5cad%3Bcolor%3Ared", "accent"),
        ("accent=ffff00", "accent"),
        ("theme=dark&accent=0b5cad", "accent"),
        ("theme=neon", "theme"),
    ];
    for (query, field) in cases {
        let (headers, html) = ok_page(&app, &format!("/widget?{query}&embed=1")).await;
        let data = view_data(&html);
        assert!(
            data.notices
                .iter()
                .any(|n| n.starts_with(&format!("{field}:"))),
            "{query}: {:?}",
            data.notices
        );
        let css = styles(&html);
        let theme_css: Vec<_> = css
            .iter()
            .filter(|c| c.contains("--aq-accent:") && !c.contains("--aq-cat-"))
            .collect();
        for c in &theme_css {
            assert!(
                !c.contains("evil") && !c.contains("display:none") && !c.contains("color:red"),
                "{query}: {c}"
            );
        }
        assert!(!html.contains("<script>alert"), "{query}");
        let csp = headers["content-security-policy"].to_str().expect("csp");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(
            csp.matches("'sha256-").count(),
            css.len(),
            "{query}: every style and only those is allowed"
        );
    }
    // A low-contrast accent names its ratio.
    let (_, html) = ok_page(&app, "/widget?accent=ffff00").await;
    let data = view_data(&html);
    assert!(
        data.notices.iter().any(|n| n.contains("contrast of 1.0:1")),
        "{:?}",
        data.notices
    );
}

/// `/embed` is a public page with the pages' headers: scripts only from here and none inline, its bundle's
/// stylesheet from here, never framed, no cookie; it works in each language and is linked from the public pages.
async fn embed_builder_page_is_public_and_strict(app: TestApp) {
    for (path, lang, heading) in [
        ("/embed", "ru", "Виджет Aqiqat на вашем сайте"),
        ("/embed?lang=kk", "kk", "Aqiqat виджеті сіздің сайтыңызда"),
        ("/embed?lang=en", "en", "The Aqiqat widget on your site"),
    ] {
        let resp = app.get(path).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let h = resp.headers().clone();
        assert!(h.get("set-cookie").is_none(), "{path}");
        let csp = h["content-security-policy"].to_str().expect("csp");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{csp}"
        );
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(
            csp.contains(" 'self';") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert!(h.get("referrer-policy").is_some());
        assert!(h.get("permissions-policy").is_some());
        let html = resp.text().await.expect("html");
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{path}");
        assert!(html.contains(&format!("<h1>{heading}</h1>")), "{path}");
        assert!(html.contains("<main"), "{path}");
        assert!(
            html.contains(r#"<script type="module" src="/boot/embed.js?v="#),
            "{path}"
        );
        assert!(
            html.contains(r#"<link rel="stylesheet" href="/static/embed-0123456789abcdef.css""#),
            "{path}"
        );
        // No inline script: every script element has a source.
        for part in html.split("<script").skip(1) {
            let tag = part.split('>').next().unwrap_or("");
            assert!(tag.contains("src="), "{path}: inline script {tag}");
        }
        // Without scripts: a working example, pointing at this server.
        let example = unescape(between(&html, "<pre><code>", "</code></pre>").expect("example"));
        assert!(
            example.starts_with(&format!("<div data-aqiqat data-lang=\"{lang}\"></div>")),
            "{path}: {example}"
        );
        assert!(html.contains(&format!("{}/embed.js", app.base)), "{path}");
    }
    let boot = app.get("/boot/embed.js").await;
    assert_eq!(boot.status(), StatusCode::OK);
    let js = boot.text().await.expect("boot");
    assert!(js.contains("/static/embed-0123456789abcdef.js"), "{js}");
    // Linked from the public pages' footer, in their language.
    let (_, html) = ok_page(&app, "/").await;
    assert!(
        html.contains(r#"<a href="/embed">"#),
        "the list page links the builder"
    );
    let (_, html) = ok_page(&app, "/claims?lang=en").await;
    let footer = between(&html, "class=\"aq-site-foot\"", "</footer>").expect("footer");
    assert!(
        footer.contains(r#"<a href="/embed?lang=en">"#)
            && footer.contains("Embed the widget on your site"),
        "{footer}"
    );
}
