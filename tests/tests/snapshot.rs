//! The snapshot (`aqiqat snapshot`): its local query engine (`aqiqat_shared::local`, which the snapshot bundle runs
//! in the browser) must answer exactly as the server's JSON API on the same data: the same matches in the same
//! order, the same totals, facet counts and timeline, the same details. Runs on SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

mod common;

use aqiqat_shared::api::{ClaimCard, ClaimDetail, Facets, IncidentCard, IncidentDetail, Timeline};
use aqiqat_shared::local::Dataset;
use aqiqat_shared::{Category, Kind, Lang, ListQuery, Platform, Region, Stage, Verdict};

use common::TestApp;

fn enc(s: &str) -> String {
    serde_urlencoded::to_string([("q", s)]).expect("encode")
}

/// Every list answer of the API for `qs`, walking its pages.
async fn all_incidents(app: &TestApp, qs: &str) -> (u64, Vec<IncidentCard>) {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            None => format!("{qs}&limit=100"),
            Some(c) => format!("{qs}&limit=100&cursor={c}"),
        };
        let page = app.incidents(&q).await;
        items.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return (page.total, items),
        }
    }
}

async fn all_claims(app: &TestApp, qs: &str) -> (u64, Vec<ClaimCard>) {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            None => format!("{qs}&limit=100"),
            Some(c) => format!("{qs}&limit=100&cursor={c}"),
        };
        let page = app.claims(&q).await;
        items.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return (page.total, items),
        }
    }
}

/// The local engine's whole list, walking its own pages of 7 (its cursors are its own).
fn local_all<T>(
    d: &Dataset,
    qs: &str,
    list: impl Fn(&Dataset, &ListQuery) -> Result<aqiqat_shared::api::Page<T>, String>,
) -> (u64, Vec<T>) {
    let mut q = ListQuery::parse_query_string(&format!("{qs}&limit=7")).expect(qs);
    let mut items = Vec::new();
    loop {
        let page = list(d, &q).expect(qs);
        items.extend(page.items);
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => return (page.total, items),
        }
    }
}

/// The filters compared: each value of each dimension alone, some combinations, dates, stories, and searches in
/// Russian, Kazakh and Latin word forms.
fn queries() -> Vec<String> {
    let mut v: Vec<String> = vec![String::new()];
    v.extend(
        Category::ALL
            .iter()
            .map(|c| format!("category={}", c.as_str())),
    );
    v.extend(Kind::ALL.iter().map(|k| format!("kind={}", k.as_str())));
    v.extend(Region::ALL.iter().map(|r| format!("region={}", r.as_str())));
    v.extend(
        Platform::ALL
            .iter()
            .map(|p| format!("platform={}", p.as_str())),
    );
    v.extend(
        Verdict::ALL
            .iter()
            .map(|x| format!("verdict={}", x.as_str())),
    );
    v.push("verdict=unrated".into());
    v.extend(Stage::ALL.iter().map(|s| format!("stage={}", s.as_str())));
    for s in [
        "story=any",
        "story=ai-law",
        "story=azattyq-accreditation-case&stage=appeal",
        "from=2025-10",
        "to=2025-09-15",
        "from=2025-09&to=2025-11",
        "from=2025&to=2025",
        "category=court_cases,personal_data&region=almaty",
        "category=freedom_of_expression&platform=instagram,facebook",
        "kind=blocking&from=2025-11",
        "verdict=false,misleading&category=legal_regulation",
        "platform=website&verdict=unrated",
    ] {
        v.push(s.to_owned());
    }
    for q in [
        "утечка",
        "утечку",
        "блокировки",
        "журналиста",
        "Токаева",
        "дипфейк",
        "суд",
        "журналистердің",
        "Конституцияның",
        "сайтының",
        "Тоқаевтың",
        "ақпарат",
        "Toqaev",
        "jurnalist",
        "Instagram",
        "deepfake",
        "закон искусственный",
        "Factcheck.kz",
        "суд Алматы",
        "zzzqqq",
    ] {
        v.push(enc(q));
        v.push(format!("{}&category=court_cases", enc(q)));
    }
    v
}

async fn the_local_engine_answers_as_the_api(app: TestApp) {
    let datasets = aqiqat_backend::snapshot::datasets(&app.db)
        .await
        .expect("datasets");
    assert_eq!(datasets.len(), 3);
    let ru = datasets.iter().find(|d| d.lang == Lang::Ru).unwrap();
    assert_eq!(ru.incidents.len(), 38);
    let mut compared = 0;
    for qs in queries() {
        let searched = qs.contains("q=");
        let f = ListQuery::parse_query_string(&qs).expect(&qs).filter;
        let (total, api) = all_incidents(&app, &qs).await;
        let (ltotal, local) = local_all(ru, &qs, Dataset::incidents);
        assert_eq!(ltotal, total, "incident total for {qs:?}");
        let mut ids: Vec<&str> = api.iter().map(|i| i.id.as_str()).collect();
        let mut lids: Vec<&str> = local.iter().map(|i| i.id.as_str()).collect();
        if searched {
            // The API ranks search matches by relevance; the snapshot lists them newest first. The same matches.
            ids.sort_unstable();
            lids.sort_unstable();
        }
        assert_eq!(lids, ids, "incidents for {qs:?}");
        if !searched {
            assert_eq!(local, api, "incident cards for {qs:?}");
        }
        let (total, api) = all_claims(&app, &qs).await;
        let (ltotal, local) = local_all(ru, &qs, Dataset::claims);
        assert_eq!(ltotal, total, "claim total for {qs:?}");
        let mut ids: Vec<&str> = api.iter().map(|i| i.id.as_str()).collect();
        let mut lids: Vec<&str> = local.iter().map(|i| i.id.as_str()).collect();
        if searched {
            ids.sort_unstable();
            lids.sort_unstable();
        }
        assert_eq!(lids, ids, "claims for {qs:?}");
        let facets: Facets = app.json(&format!("/api/v1/facets?{qs}")).await;
        assert_eq!(ru.facets(&f), facets, "facets for {qs:?}");
        let timeline: Timeline = app.json(&format!("/api/v1/timeline?{qs}")).await;
        assert_eq!(ru.timeline(&f), timeline, "timeline for {qs:?}");
        compared += 1;
    }
    assert!(compared > 80, "{compared} filters compared");
    // Some filters must match something and some nothing, or the comparison proves little.
    let f = |qs: &str| ListQuery::parse_query_string(qs).unwrap().filter;
    assert!(ru.facets(&f(&enc("журналистердің"))).incidents > 0);
    assert!(ru.facets(&f(&enc("утечку"))).incidents > 0);
    assert_eq!(ru.facets(&f(&enc("zzzqqq"))).incidents, 0);
    assert!(!ru.timeline(&f("story=any")).stories.is_empty());
    // Every detail in every language, as the API gives it.
    for d in &datasets {
        let lang = d.lang.as_str();
        for i in &d.incidents {
            let id = &i.detail.card.id;
            let api: IncidentDetail = app
                .json(&format!("/api/v1/incidents/{id}?lang={lang}"))
                .await;
            assert_eq!(d.incident(id).as_ref(), Some(&api), "{id} in {lang}");
        }
        for c in &d.claims {
            let id = &c.detail.card.id;
            let api: ClaimDetail = app.json(&format!("/api/v1/claims/{id}?lang={lang}")).await;
            assert_eq!(d.claim(id).as_ref(), Some(&api), "{id} in {lang}");
        }
        assert_eq!(d.incident("no-such-incident"), None);
    }
}

on_both_databases!(the_local_engine_answers_as_the_api);
