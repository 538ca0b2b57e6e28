//! Feeds (`/feeds/*.atom`, `/feeds/*.json`) and exports (`/api/v1/export/*.csv|ndjson`) over a real socket, read
//! back with the libraries a consumer would use (`atom_syndication`, serde, `csv`): their counts equal the lists'
//! totals for the same filter, only published items appear, and bad filters get the lists' errors. Every test
//! runs on SQLite and on PostgreSQL.

mod common;

use std::collections::BTreeSet;

use aqiqat_backend::db::BulkItem;
use aqiqat_shared::admin::ItemKind;
use aqiqat_shared::api::{ClaimCard, IncidentCard, Page};
use aqiqat_shared::export::{ClaimRow, IncidentRow};
use aqiqat_shared::{Incident, LocalizedText, Slug, Status};
use reqwest::StatusCode;
use serde::Deserialize;

use common::TestApp;

/// Filters of the incidents list worth checking (all with totals under a feed's 50 on the demo data but the
/// first, which is checked against `limit=100`).
const INCIDENT_FILTERS: &[&str] = &[
    "",
    "category=court_cases",
    "category=personal_data,cybersecurity&lang=en",
    "kind=blocking&lang=kk",
    "from=2025-10&to=2025-12",
    "verdict=true",
    "platform=instagram",
    "q=%D1%81%D1%83%D0%B4",
    "story=any",
    "region=astana",
];

const CLAIM_FILTERS: &[&str] = &[
    "",
    "verdict=true",
    "verdict=unrated&lang=en",
    "category=freedom_of_expression",
    "kind=blocking",
];

#[derive(Debug, Deserialize)]
struct JsonFeed {
    version: String,
    title: String,
    home_page_url: String,
    feed_url: String,
    language: String,
    items: Vec<JsonItem>,
}

#[derive(Debug, Deserialize)]
struct JsonItem {
    id: String,
    url: String,
    title: String,
    content_text: String,
    #[serde(default)]
    date_published: Option<String>,
    date_modified: String,
    #[serde(default)]
    tags: Vec<String>,
}

async fn all_ids(app: &TestApp, list: &str, filter: &str) -> (u64, BTreeSet<String>) {
    let mut ids = BTreeSet::new();
    let mut cursor: Option<String> = None;
    let mut total;
    loop {
        let mut q = format!("{filter}&limit=100");
        if let Some(c) = &cursor {
            q.push_str(&format!("&cursor={c}"));
        }
        let (items, t, next) = if list == "incidents" {
            let p: Page<IncidentCard> = app.incidents(&q).await;
            (
                p.items.into_iter().map(|c| c.id).collect::<Vec<_>>(),
                p.total,
                p.next_cursor,
            )
        } else {
            let p: Page<ClaimCard> = app.claims(&q).await;
            (
                p.items.into_iter().map(|c| c.id).collect(),
                p.total,
                p.next_cursor,
            )
        };
        total = t;
        ids.extend(items);
        match next {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(
        ids.len() as u64,
        total,
        "{list}?{filter}: the pages hold the total"
    );
    (total, ids)
}

/// The item id at the end of a public page URL (`…/i/{id}` or `…/c/{id}?lang=en`).
fn id_of(url: &str) -> String {
    let path = url.split('?').next().unwrap_or_default();
    path.rsplit('/').next().unwrap_or_default().to_owned()
}

async fn atom(app: &TestApp, path: &str) -> atom_syndication::Feed {
    let resp = app.get(path).await;
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    assert_eq!(
        resp.headers()["content-type"],
        "application/atom+xml; charset=utf-8",
        "{path}"
    );
    let body = resp.bytes().await.expect("body");
    atom_syndication::Feed::read_from(&body[..]).expect("an Atom feed the library reads")
}

async fn json_feed(app: &TestApp, path: &str) -> JsonFeed {
    let resp = app.get(path).await;
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    assert_eq!(
        resp.headers()["content-type"],
        "application/feed+json; charset=utf-8",
        "{path}"
    );
    resp.json().await.expect("a JSON Feed")
}

fn lang_of(filter: &str) -> &str {
    filter
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .unwrap_or("ru")
}

async fn feeds_hold_exactly_the_filtered_items(app: TestApp) {
    for (list, filters, page) in [
        ("incidents", INCIDENT_FILTERS, "/i/"),
        ("claims", CLAIM_FILTERS, "/c/"),
    ] {
        for filter in filters {
            let (total, ids) = all_ids(&app, list, filter).await;
            // The unfiltered incidents (38) are checked with limit=100; every other filter is under the default 50.
            let limit = if total > 50 { "&limit=100" } else { "" };
            assert!(total <= 100, "the demo data is small");
            let a = atom(&app, &format!("/feeds/{list}.atom?{filter}{limit}")).await;
            let j = json_feed(&app, &format!("/feeds/{list}.json?{filter}{limit}")).await;
            assert_eq!(a.entries.len() as u64, total, "{list}.atom?{filter}");
            assert_eq!(j.items.len() as u64, total, "{list}.json?{filter}");
            let atom_ids: BTreeSet<String> = a
                .entries
                .iter()
                .map(|e| {
                    let link = &e.links[0];
                    assert_eq!(link.rel, "alternate");
                    assert!(link.href.contains(page), "{}", link.href);
                    assert_eq!(e.id, link.href);
                    id_of(&link.href)
                })
                .collect();
            assert_eq!(atom_ids, ids, "{list}.atom?{filter}");
            let json_ids: BTreeSet<String> = j.items.iter().map(|i| id_of(&i.url)).collect();
            assert_eq!(json_ids, ids, "{list}.json?{filter}");
            let lang = lang_of(filter);
            assert_eq!(a.lang.as_deref(), Some(lang));
            assert_eq!(j.language, lang);
            assert_eq!(j.version, "https://jsonfeed.org/version/1.1");
            for e in &a.entries {
                if lang != "ru" {
                    assert!(e.links[0].href.ends_with(&format!("?lang={lang}")));
                }
                assert!(!e.title.value.is_empty());
                assert!(e.summary.as_ref().is_some_and(|s| !s.value.is_empty()));
                assert!(e.published.is_some(), "published date");
                assert!(
                    e.categories.iter().any(|c| c
                        .scheme
                        .as_deref()
                        .is_some_and(|s| s.ends_with("?category="))),
                    "the category is a category"
                );
            }
            for i in &j.items {
                assert_eq!(i.id, i.url);
                assert!(!i.title.is_empty() && !i.content_text.is_empty());
                assert!(i.date_published.is_some() && !i.date_modified.is_empty());
                assert!(!i.tags.is_empty());
            }
            // Newest publication first.
            let published: Vec<_> = a.entries.iter().map(|e| e.published).collect();
            let mut sorted = published.clone();
            sorted.sort_by(|x, y| y.cmp(x));
            assert_eq!(published, sorted, "{list}.atom?{filter}");
        }
    }
}

async fn feeds_link_themselves_and_their_list(app: TestApp) {
    let a = atom(&app, "/feeds/incidents.atom?lang=en&category=court_cases").await;
    let link = |rel: &str, mime: &str| {
        a.links
            .iter()
            .find(|l| l.rel == rel && l.mime_type.as_deref() == Some(mime))
            .map(|l| l.href.clone())
            .unwrap_or_else(|| panic!("a {rel} link of {mime}"))
    };
    let own = format!(
        "{}/feeds/incidents.atom?category=court_cases&lang=en",
        app.base
    );
    assert_eq!(link("self", "application/atom+xml"), own);
    assert_eq!(a.id, own);
    assert_eq!(
        link("alternate", "text/html"),
        format!("{}/?category=court_cases&lang=en", app.base)
    );
    assert_eq!(
        link("alternate", "application/feed+json"),
        format!(
            "{}/feeds/incidents.json?category=court_cases&lang=en",
            app.base
        )
    );
    assert!(a.title.value.contains("Incidents"), "{}", a.title.value);
    assert!(!a.authors.is_empty(), "Atom needs an author");
    let j = json_feed(&app, "/feeds/claims.json?verdict=false&lang=kk").await;
    assert_eq!(
        j.home_page_url,
        format!("{}/claims?verdict=false&lang=kk", app.base)
    );
    assert_eq!(
        j.feed_url,
        format!("{}/feeds/claims.json?verdict=false&lang=kk", app.base)
    );
    assert!(!j.title.is_empty());
    // `limit` bounds the entries; without it a feed has the newest 50.
    let two = atom(&app, "/feeds/incidents.atom?limit=2").await;
    assert_eq!(two.entries.len(), 2);
    let all = atom(&app, "/feeds/incidents.atom").await;
    assert_eq!(all.entries.len(), 38, "every demo incident (under 50)");
    assert_eq!(two.entries[..], all.entries[..2]);
}

async fn feeds_are_cached_like_the_api(app: TestApp) {
    let path = "/feeds/incidents.atom?category=court_cases";
    let first = app.get(path).await;
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()["etag"].to_str().expect("etag").to_owned();
    assert!(
        first.headers()["cache-control"]
            .to_str()
            .expect("cache-control")
            .starts_with("public")
    );
    let again = app
        .http
        .get(format!("{}{path}", app.base))
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // A publish reaches the feed at once (the memo follows the data version), at the top.
    let mut input = aqiqat_backend::demo::incidents().expect("demo")[0]
        .clone()
        .into_input();
    input.id = Slug::parse("feed-fresh-incident").expect("slug");
    let inc: Incident = input.validate().expect("valid");
    app.db
        .save_incident(&inc, Status::Published)
        .await
        .expect("publish");
    let after = app
        .http
        .get(format!("{}/feeds/incidents.atom", app.base))
        .send()
        .await
        .expect("request");
    let body = after.bytes().await.expect("body");
    let feed = atom_syndication::Feed::read_from(&body[..]).expect("atom");
    assert_eq!(id_of(&feed.entries[0].id), "feed-fresh-incident");
}

async fn unpublished_items_stay_out_of_feeds_and_exports(app: TestApp) {
    let template = aqiqat_backend::demo::incidents().expect("demo")[0]
        .clone()
        .into_input();
    for status in [Status::Draft, Status::InReview, Status::Retracted] {
        let mut input = template.clone();
        let id = format!("hidden-{}", status.as_str().replace('_', "-"));
        input.id = Slug::parse(&id).expect("slug");
        input.title = LocalizedText::ru(format!("Hidden {}", status.as_str()));
        let inc: Incident = input.validate().expect("valid");
        if status == Status::Retracted {
            app.db
                .save_incident(&inc, Status::Published)
                .await
                .expect("publish");
        }
        app.db.save_incident(&inc, status).await.expect("save");
        for path in [
            "/feeds/incidents.atom",
            "/feeds/incidents.json",
            "/api/v1/export/incidents.csv",
            "/api/v1/export/incidents.ndjson",
        ] {
            let body = app.get(path).await.text().await.expect("body");
            assert!(!body.contains(&id), "{path} leaves out {id}");
            assert!(!body.contains("Hidden"), "{path}");
        }
    }
    let (total, _) = all_ids(&app, "incidents", "").await;
    assert_eq!(
        csv_records(&app, "incidents", "").await.1.len() as u64,
        total
    );
}

/// The header and records of an export, parsed by the `csv` crate.
async fn csv_records(
    app: &TestApp,
    list: &str,
    filter: &str,
) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let path = format!("/api/v1/export/{list}.csv?{filter}");
    let resp = app.get(&path).await;
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    assert_eq!(
        resp.headers()["content-type"],
        "text/csv; charset=utf-8; header=present"
    );
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .expect("disposition")
        .to_owned();
    assert!(
        disposition.starts_with(&format!("attachment; filename=\"aqiqat-{list}-"))
            && disposition.ends_with(".csv\""),
        "{disposition}"
    );
    let body = resp.bytes().await.expect("body");
    assert!(!body.starts_with(b"\xEF\xBB\xBF"), "no BOM unless asked");
    let mut r = csv::Reader::from_reader(&body[..]);
    let header = r.headers().expect("header row").clone();
    let records: Vec<csv::StringRecord> = r.records().map(|x| x.expect("a record")).collect();
    (header, records)
}

async fn exports_hold_every_match_of_the_view(app: TestApp) {
    for (list, filters) in [("incidents", INCIDENT_FILTERS), ("claims", CLAIM_FILTERS)] {
        for filter in filters {
            let (total, ids) = all_ids(&app, list, filter).await;
            let (header, records) = csv_records(&app, list, filter).await;
            assert_eq!(&header[0], "id");
            assert_eq!(&header[1], "url");
            assert_eq!(records.len() as u64, total, "{list}.csv?{filter}");
            let got: BTreeSet<String> = records.iter().map(|r| r[0].to_owned()).collect();
            assert_eq!(got, ids, "{list}.csv?{filter}");
            for r in &records {
                assert_eq!(r.len(), header.len());
                assert_eq!(id_of(&r[1]), r[0], "the url is the item's page");
            }
            let path = format!("/api/v1/export/{list}.ndjson?{filter}");
            let resp = app.get(&path).await;
            assert_eq!(resp.status(), StatusCode::OK);
            assert_eq!(resp.headers()["content-type"], "application/x-ndjson");
            let text = resp.text().await.expect("body");
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len() as u64, total, "{path}");
            assert!(text.is_empty() || text.ends_with('\n'));
            let got: BTreeSet<String> = lines
                .iter()
                .map(|l| {
                    if list == "incidents" {
                        serde_json::from_str::<IncidentRow>(l)
                            .expect("an incident row")
                            .card
                            .id
                    } else {
                        serde_json::from_str::<ClaimRow>(l)
                            .expect("a claim row")
                            .card
                            .id
                    }
                })
                .collect();
            assert_eq!(got, ids, "{path}");
        }
    }
    // The language of texts and labels follows `lang`, as in the lists.
    let (header, records) = csv_records(&app, "incidents", "lang=en&limit=5&cursor=ignored").await;
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let en: Page<IncidentCard> = app.incidents("lang=en&limit=100").await;
    let first = en
        .items
        .iter()
        .find(|c| c.id == records[0][0])
        .expect("in the list");
    assert_eq!(&records[0][col("title")], first.title);
    assert_eq!(
        &records[0][col("category_label")],
        first.category.label(aqiqat_shared::Lang::En)
    );
    assert_eq!(
        records.len() as u64,
        en.total,
        "limit and cursor do not page an export"
    );
}

async fn csv_quotes_per_rfc_4180_and_offers_a_bom(app: TestApp) {
    let mut input = aqiqat_backend::demo::incidents().expect("demo")[0]
        .clone()
        .into_input();
    input.id = Slug::parse("csv-quoting-case").expect("slug");
    let title = "Comma, \"quotes\" and; more";
    let summary = "First line,\nsecond line with \"quotes\"\r\nand a third.";
    input.title = LocalizedText::ru(title.to_owned());
    input.summary = LocalizedText::ru(summary.to_owned());
    let inc: Incident = input.validate().expect("valid");
    app.db
        .save_incident(&inc, Status::Published)
        .await
        .expect("publish");
    let stored = app
        .db
        .incident_detail("csv-quoting-case", aqiqat_shared::Lang::Ru)
        .await
        .expect("read")
        .expect("published");
    let (header, records) = csv_records(&app, "incidents", "").await;
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let r = records
        .iter()
        .find(|r| &r[0] == "csv-quoting-case")
        .expect("the new incident");
    assert_eq!(&r[col("title")], stored.card.title);
    assert_eq!(&r[col("summary")], stored.card.summary);
    assert!(
        stored.card.summary.contains('\n'),
        "the test keeps its line break"
    );
    let raw = app
        .get("/api/v1/export/incidents.csv")
        .await
        .text()
        .await
        .expect("body");
    assert!(
        raw.contains("\"Comma, \"\"quotes\"\" and; more\""),
        "quoted, quotes doubled"
    );
    assert!(raw.starts_with("id,url,"));
    assert!(raw.contains("\r\n"), "CRLF between records");
    // bom=1: a UTF-8 byte order mark before the header; the records are the same.
    let with = app.get("/api/v1/export/incidents.csv?bom=1").await;
    assert_eq!(with.status(), StatusCode::OK);
    let with = with.bytes().await.expect("body");
    assert!(with.starts_with(b"\xEF\xBB\xBFid,url,"));
    assert_eq!(&with[3..], raw.as_bytes());
    let without = app
        .get("/api/v1/export/incidents.csv?bom=0")
        .await
        .text()
        .await
        .expect("body");
    assert_eq!(without, raw);
    for path in [
        "/api/v1/export/incidents.csv?bom=yes",
        "/api/v1/export/incidents.ndjson?bom=1",
    ] {
        let (code, field) = app.error(path, StatusCode::BAD_REQUEST).await;
        assert_eq!(
            (code.as_str(), field.as_deref()),
            ("invalid_bom", Some("bom")),
            "{path}"
        );
    }
}

async fn bad_filters_get_the_lists_errors(app: TestApp) {
    for qs in [
        "category=politics",
        "verdict=maybe",
        "from=2025-13",
        "from=2026-01&to=2025-12",
        "lang=de",
        "limit=0",
        "categroy=court_cases",
        "story=Not%20an%20id",
    ] {
        for list in ["incidents", "claims"] {
            let expected = app
                .error(&format!("/api/v1/{list}?{qs}"), StatusCode::BAD_REQUEST)
                .await;
            for path in [
                format!("/feeds/{list}.atom?{qs}"),
                format!("/feeds/{list}.json?{qs}"),
                format!("/api/v1/export/{list}.csv?{qs}"),
                format!("/api/v1/export/{list}.ndjson?{qs}"),
            ] {
                assert_eq!(
                    app.error(&path, StatusCode::BAD_REQUEST).await,
                    expected,
                    "{path}"
                );
            }
        }
    }
}

/// More incidents than one chunk of the stream (500) holds, several times over, written as `aqiqat generate`
/// writes them.
async fn add_synthetic_incidents(app: &TestApp, n: i64) {
    let counts = app.db.content_counts().await.expect("counts");
    let mut rng = fastrand::Rng::with_seed(7);
    let mut indexer = aqiqat_backend::search::CachedIndexer::default();
    let first = counts.max_incident_seq + 1;
    let items: Vec<BulkItem> = (first..first + n)
        .map(|seq| {
            BulkItem::new(
                seq,
                &aqiqat_backend::generate::incident(&mut rng, seq),
                &mut indexer,
            )
        })
        .collect();
    for batch in items.chunks(400) {
        app.db
            .bulk_insert(ItemKind::Incident, batch, "2026-12-01T00:00:00Z")
            .await
            .expect("bulk insert");
    }
    app.db.finish_bulk_load(n as u64).await.expect("finish");
}

async fn exports_stream_past_many_chunks(app: TestApp) {
    add_synthetic_incidents(&app, 1_234).await;
    for filter in ["", "category=cybersecurity", "platform=telegram&lang=en"] {
        let (total, ids) = all_ids(&app, "incidents", filter).await;
        let (_, records) = csv_records(&app, "incidents", filter).await;
        assert_eq!(records.len() as u64, total, "{filter}");
        let got: Vec<String> = records.iter().map(|r| r[0].to_owned()).collect();
        let unique: BTreeSet<String> = got.iter().cloned().collect();
        assert_eq!(
            unique.len(),
            got.len(),
            "no item twice across chunks ({filter})"
        );
        assert_eq!(unique, ids, "{filter}");
        let text = app
            .get(&format!("/api/v1/export/incidents.ndjson?{filter}"))
            .await
            .text()
            .await
            .expect("body");
        assert_eq!(text.lines().count() as u64, total, "{filter}");
    }
    // A feed still has its newest 50.
    let a = atom(&app, "/feeds/incidents.atom").await;
    assert_eq!(a.entries.len(), 50);
}

async fn list_pages_link_their_feeds(app: TestApp) {
    for (page, feed) in [
        ("/?category=court_cases&lang=en", "/feeds/incidents"),
        ("/claims?verdict=false", "/feeds/claims"),
    ] {
        let html = app.get(page).await.text().await.expect("page");
        let qs = page.split_once('?').map(|(_, q)| q).unwrap_or_default();
        for (mime, ext) in [
            ("application/atom+xml", "atom"),
            ("application/feed+json", "json"),
        ] {
            let href = format!("{}{feed}.{ext}?{}", app.base, qs.replace('&', "&amp;"));
            assert!(
                html.contains(&format!("type=\"{mime}\""))
                    && html.contains(&format!("href=\"{href}\"")),
                "{page} links {href}"
            );
        }
    }
    let widget = app.get("/widget").await.text().await.expect("widget");
    assert!(
        !widget.contains("application/atom+xml"),
        "the widget is no list page"
    );
}

/// A compressed export ends cleanly, whether it fits in one chunk or not (the compression layer polls the body
/// after its end: an unfused stream panicked there and the client lost the connection; found by schemathesis).
async fn compressed_exports_end_cleanly(app: TestApp) {
    add_synthetic_incidents(&app, 1200).await;
    for path in [
        "/api/v1/export/incidents.csv?from=2025-09&to=2025-09",
        "/api/v1/export/claims.ndjson?from=2025-09&to=2025-09",
        "/api/v1/export/claims.csv",
        "/api/v1/export/incidents.ndjson",
    ] {
        for encoding in ["gzip", "br"] {
            let resp = app
                .http
                .get(format!("{}{path}", app.base))
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{path} ({encoding}): {e}"));
            assert_eq!(resp.status(), 200, "{path} ({encoding})");
            assert_eq!(resp.headers()["content-encoding"], encoding, "{path}");
            let body = resp
                .bytes()
                .await
                .unwrap_or_else(|e| panic!("{path} ({encoding}): the body was cut: {e}"));
            assert!(!body.is_empty(), "{path} ({encoding})");
        }
    }
}

on_both_databases!(
    compressed_exports_end_cleanly,
    feeds_hold_exactly_the_filtered_items,
    feeds_link_themselves_and_their_list,
    feeds_are_cached_like_the_api,
    unpublished_items_stay_out_of_feeds_and_exports,
    exports_hold_every_match_of_the_view,
    csv_quotes_per_rfc_4180_and_offers_a_bom,
    bad_filters_get_the_lists_errors,
    exports_stream_past_many_chunks,
    list_pages_link_their_feeds,
);
