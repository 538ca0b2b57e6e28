//! Every incident on the timeline, and stories: the public API over a real socket on the demo data, and an editor's
//! story through the workflow. Every test runs on SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

mod common;

use aqiqat_backend::db::ItemDoc;
use aqiqat_backend::http::auth::hash_password;
use aqiqat_shared::admin::{Me, Role};
use aqiqat_shared::api::{Facets, IncidentDetail, Page, StoryCard, StoryDetail, Timeline};
use aqiqat_shared::{Stage, Status, StoryInput};
use common::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The timeline's counts: one per incident, on a month or on a range of months.
fn placed(t: &Timeline) -> u64 {
    t.buckets.iter().map(|b| b.count).sum::<u64>() + t.ranges.iter().map(|r| r.count).sum::<u64>()
}

async fn timeline_counts_add_up_to_the_list_total_under_every_filter(app: TestApp) {
    let filters = [
        "",
        "category=court_cases",
        "category=cybersecurity,personal_data",
        "kind=account_takedown",
        "region=almaty",
        "platform=instagram",
        "verdict=unrated",
        "from=2025-12&to=2025-12",
        "from=2025-09-01&to=2025-09-30",
        "from=2026-01",
        "to=2025-07",
        "from=2023&to=2023",
        "q=%D1%81%D1%83%D0%B4",
        "story=any",
        "stage=appeal,signed",
        "category=court_cases&from=2025-12&to=2026-01&story=any",
    ];
    for f in filters {
        let t: Timeline = app.json(&format!("/api/v1/timeline?{f}")).await;
        let list = app.incidents(&format!("{f}&limit=1")).await;
        assert_eq!(placed(&t), list.total, "timeline vs list for {f:?}");
        let facets: Facets = app.json(&format!("/api/v1/facets?{f}")).await;
        assert_eq!(facets.incidents, list.total, "facets vs list for {f:?}");
        assert!(
            t.ranges.iter().all(|r| r.from < r.to && r.count > 0),
            "{f:?}"
        );
    }
    // The demo data: nothing left off. The digest's undated entries span its six months; two statistics of 2023
    // are known only to their year; the rest are on their month.
    let all: Timeline = app.json("/api/v1/timeline").await;
    assert_eq!(placed(&all), 38);
    let in_period: u64 = all
        .ranges
        .iter()
        .filter(|r| (r.from.as_str(), r.to.as_str()) == ("2025-08", "2026-01"))
        .map(|r| r.count)
        .sum();
    let in_2023: u64 = all
        .ranges
        .iter()
        .filter(|r| (r.from.as_str(), r.to.as_str()) == ("2023-01", "2023-12"))
        .map(|r| r.count)
        .sum();
    assert_eq!((in_period, in_2023), (23, 2));
    assert_eq!(all.buckets.iter().map(|b| b.count).sum::<u64>(), 13);
    // A period matches every range it overlaps, and no other.
    let december = app.incidents("from=2025-12&to=2025-12&limit=100").await;
    assert!(december.items.iter().filter(|i| i.period.is_some()).count() == 23);
    let july = app.incidents("from=2025-07&to=2025-07&limit=100").await;
    assert!(
        july.items.iter().all(|i| i.period.is_none()),
        "July is before the digest's period"
    );
    // The card says what is known: no date, the period.
    let undated = app
        .json::<IncidentDetail>("/api/v1/incidents/gusev-suspended-sentence-court-data")
        .await;
    assert_eq!(undated.card.date, None);
    let p = undated.card.period.expect("a period");
    assert_eq!(
        (p.from.to_string(), p.to.to_string()),
        ("2025-08".into(), "2026-01".into())
    );
}

async fn stories_are_listed_and_shown_with_their_steps_in_order(app: TestApp) {
    let page: Page<StoryCard> = app.json("/api/v1/stories").await;
    assert_eq!(page.total, 4);
    // The latest developments first: the AI law came into force on 18 January, the appeal was on the 14th.
    assert_eq!(page.items[0].id, "ai-law");
    assert_eq!(page.items[1].id, "azattyq-accreditation-case");
    let ai = &page.items[0];
    assert_eq!((ai.stage, ai.step_count), (Stage::InForce, 2));
    assert_eq!(
        ai.latest.map(|d| d.to_string()).as_deref(),
        Some("2026-01-18")
    );

    let appeal: Page<StoryCard> = app.json("/api/v1/stories?stage=appeal").await;
    assert_eq!(
        appeal
            .items
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        ["azattyq-accreditation-case"]
    );
    let courts: Page<StoryCard> = app
        .json("/api/v1/stories?category=court_cases&limit=1")
        .await;
    assert_eq!(courts.total, 3);
    let next = courts.next_cursor.expect("a second page");
    let second: Page<StoryCard> = app
        .json(&format!(
            "/api/v1/stories?category=court_cases&limit=1&cursor={next}"
        ))
        .await;
    assert_ne!(second.items[0].id, courts.items[0].id);

    let d: StoryDetail = app.json("/api/v1/stories/ai-law?lang=en").await;
    assert_eq!(d.title, "The artificial intelligence law");
    let steps: Vec<(u32, Stage, Option<String>, Option<String>)> = d
        .steps
        .iter()
        .map(|s| {
            (
                s.position,
                s.stage,
                s.date.map(|d| d.to_string()),
                s.incident.as_ref().map(|i| i.id.clone()),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (
                1,
                Stage::Signed,
                Some("2025-11-17".into()),
                Some("ai-law-signed-2025-11".into())
            ),
            (
                2,
                Stage::InForce,
                Some("2026-01-18".into()),
                Some("ai-content-labelling-fines-2026-01".into())
            ),
        ]
    );
    // A step the digest documents without an incident or a date: its note, no invented date.
    let az: StoryDetail = app.json("/api/v1/stories/azattyq-accreditation-case").await;
    assert_eq!(az.steps[0].stage, Stage::FirstInstanceRuling);
    assert_eq!(az.steps[0].date, None);
    assert!(az.steps[0].incident.is_none() && az.steps[0].note.is_some());
    assert_eq!(az.stage, Stage::Appeal);

    assert_eq!(
        app.error("/api/v1/stories/no-such-story", StatusCode::NOT_FOUND)
            .await
            .0,
        "not_found"
    );
    let (code, field) = app
        .error("/api/v1/stories?stage=verdict", StatusCode::BAD_REQUEST)
        .await;
    assert_eq!(
        (code.as_str(), field.as_deref()),
        ("unknown_value", Some("stage"))
    );
    let (code, field) = app
        .error("/api/v1/incidents?story=Bad%20Id", StatusCode::BAD_REQUEST)
        .await;
    assert_eq!(
        (code.as_str(), field.as_deref()),
        ("invalid_story", Some("story"))
    );
}

async fn an_incident_shows_where_it_stands_in_its_story(app: TestApp) {
    let d: IncidentDetail = app.json("/api/v1/incidents/ai-law-signed-2025-11").await;
    assert_eq!(d.stories.len(), 1);
    let s = &d.stories[0];
    assert_eq!(
        (s.id.as_str(), s.stage, s.position),
        ("ai-law", Stage::Signed, 1)
    );
    // What came next.
    let next = &s.steps[usize::try_from(s.position).expect("position")];
    assert_eq!(next.stage, Stage::InForce);
    assert_eq!(
        next.incident.as_ref().map(|i| i.id.as_str()),
        Some("ai-content-labelling-fines-2026-01")
    );
    let none: IncidentDetail = app
        .json("/api/v1/incidents/vlast-ddos-attacks-2025-12")
        .await;
    assert!(none.stories.is_empty());
}

async fn story_and_stage_filters_apply_to_lists_facets_and_timeline(app: TestApp) {
    let ids = |p: &Page<aqiqat_shared::api::IncidentCard>| {
        let mut v: Vec<String> = p.items.iter().map(|i| i.id.clone()).collect();
        v.sort();
        v
    };
    let any = app.incidents("story=any&limit=100").await;
    assert_eq!(
        ids(&any),
        [
            "ai-content-labelling-fines-2026-01",
            "ai-law-signed-2025-11",
            "azattyq-accreditation-appeal-2026-01-14",
            "khabarov-instagram-story-false-information",
            "pavlov-administrative-case-dropped",
        ]
    );
    let ai = app.incidents("story=ai-law").await;
    assert_eq!(ai.total, 2);
    let signed = app.incidents("stage=signed,closed&limit=100").await;
    assert_eq!(
        ids(&signed),
        [
            "ai-law-signed-2025-11",
            "pavlov-administrative-case-dropped"
        ]
    );
    let f: Facets = app.json("/api/v1/facets?stage=appeal").await;
    assert_eq!(f.incidents, 1);
    let count = |f: &Facets, s: &str| f.stage.iter().find(|c| c.value == s).map_or(0, |c| c.count);
    // The stage facet shows the alternatives to the chosen stage.
    assert_eq!(
        (
            count(&f, "appeal"),
            count(&f, "signed"),
            count(&f, "in_force")
        ),
        (1, 1, 1)
    );
    assert_eq!(f.stage.len(), Stage::ALL.len());
    let t: Timeline = app.json("/api/v1/timeline?story=any").await;
    assert_eq!(placed(&t), 5);
    // Claims follow their own steps: no demo claim is a step.
    assert_eq!(app.claims("story=any").await.total, 0);
}

async fn unpublished_stories_and_steps_stay_private(app: TestApp) {
    let mut input: StoryInput = aqiqat_backend::demo::stories().expect("stories")[1]
        .clone()
        .into_input();
    input.id = aqiqat_shared::Slug::parse("draft-story").expect("slug");
    let draft = input.validate().expect("valid");
    app.db
        .put_item(&ItemDoc::Story(draft.clone()), Status::Draft, "test")
        .await
        .expect("save");
    let page: Page<StoryCard> = app.json("/api/v1/stories").await;
    assert_eq!(page.total, 4);
    app.error("/api/v1/stories/draft-story", StatusCode::NOT_FOUND)
        .await;
    let d: IncidentDetail = app.json("/api/v1/incidents/ai-law-signed-2025-11").await;
    assert_eq!(d.stories.len(), 1, "the draft story is not shown");
    assert_eq!(app.incidents("story=draft-story").await.total, 0);

    // A published story's step that links a draft incident is left out: readers do not learn the draft's id.
    let mut inc = aqiqat_backend::demo::incidents().expect("demo")[0]
        .clone()
        .into_input();
    inc.id = aqiqat_shared::Slug::parse("secret-draft-incident").expect("slug");
    app.db
        .save_incident(&inc.validate().expect("valid"), Status::Draft)
        .await
        .expect("draft incident");
    let mut input = draft.into_input();
    input.steps.push(aqiqat_shared::StoryStep {
        stage: Stage::Amended,
        incident_id: Some(aqiqat_shared::Slug::parse("secret-draft-incident").expect("slug")),
        claim_id: None,
        date: None,
        note: None,
    });
    app.db
        .put_item(
            &ItemDoc::Story(input.validate().expect("valid")),
            Status::Published,
            "test",
        )
        .await
        .expect("publish");
    let body = app
        .get("/api/v1/stories/draft-story")
        .await
        .text()
        .await
        .expect("body");
    assert!(!body.contains("secret-draft-incident"), "{body}");
    let s: StoryDetail = serde_json::from_str(&body).expect("detail");
    assert_eq!(s.steps.len(), 2);
    assert_eq!(s.stage, Stage::InForce, "where it stands publicly");
    let amended: Page<StoryCard> = app.json("/api/v1/stories?stage=amended").await;
    assert_eq!(amended.total, 0);
}

const PASSWORD: &str = "correct horse battery staple";

/// A signed-in editor: cookies and the CSRF token.
struct Editor {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

impl Editor {
    async fn new(app: &TestApp, email: &str) -> Editor {
        let hash = hash_password(PASSWORD).expect("hash");
        app.db
            .create_user(email, email, Role::Editor, &hash)
            .await
            .expect("create user");
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let me: Me = http
            .post(format!("{}/api/v1/auth/login", app.base))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("me");
        Editor {
            http,
            base: app.base.clone(),
            csrf: me.csrf_token,
        }
    }

    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut r = self
            .http
            .request(method, format!("{}/api/v1/admin{path}", self.base))
            .header("X-CSRF-Token", &self.csrf);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let resp = r.send().await.expect("request");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }
}

async fn an_editor_s_story_is_published_by_a_second_person_and_reaches_readers(app: TestApp) {
    let author = Editor::new(&app, "author@test.kz").await;
    let reviewer = Editor::new(&app, "reviewer@test.kz").await;
    let story = json!({
        "id": "bazhkenova-case",
        "title": {"ru": "Дела против Гульнары Бажкеновой"},
        "kind": "court_case",
        "steps": [
            {"stage": "case_opened", "incident_id": "bazhkenova-orda-criminal-cases"},
            {"stage": "hearing", "incident_id": "kaztag-executives-criminal-case"},
            {"stage": "first_instance_ruling", "incident_id": "gusev-suspended-sentence-court-data"}
        ]
    });
    // Refused with the field named: a stage of another kind, an incident that does not exist.
    let mut wrong = story.clone();
    wrong["steps"][1]["stage"] = json!("signed");
    let (s, body) = author
        .send(Method::POST, "/stories", Some(json!({"story": wrong})))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["details"][0]["field"], "steps[1].stage");
    let mut missing = story.clone();
    missing["steps"][2]["incident_id"] = json!("no-such-incident");
    let (s, body) = author
        .send(Method::POST, "/stories", Some(json!({"story": missing})))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        (
            body["error"]["code"].as_str(),
            body["error"]["field"].as_str()
        ),
        (Some("unknown_incident"), Some("steps[2].incident_id"))
    );

    let (s, body) = author
        .send(Method::POST, "/stories", Some(json!({"story": story})))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    // Reorder: the hearing before the case was opened makes no sense; move it back.
    let mut edited = story.clone();
    edited["steps"] = json!([story["steps"][1], story["steps"][0], story["steps"][2]]);
    let (s, body) = author
        .send(
            Method::PUT,
            "/stories/bazhkenova-case",
            Some(json!({"version": 1, "story": edited})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let (s, body) = author
        .send(
            Method::PUT,
            "/stories/bazhkenova-case",
            Some(json!({"version": 2, "story": story})),
        )
        .await;
    assert_eq!(
        (s, body["version"].as_i64()),
        (StatusCode::OK, Some(3)),
        "{body}"
    );
    let (s, _) = author
        .send(
            Method::POST,
            "/stories/bazhkenova-case/workflow",
            Some(json!({"action": "submit", "version": 3})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    app.error("/api/v1/stories/bazhkenova-case", StatusCode::NOT_FOUND)
        .await;
    let (s, body) = author
        .send(
            Method::POST,
            "/stories/bazhkenova-case/workflow",
            Some(json!({"action": "publish", "version": 4})),
        )
        .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("own_submission"))
    );
    let (s, body) = reviewer
        .send(
            Method::POST,
            "/stories/bazhkenova-case/workflow",
            Some(json!({"action": "publish", "version": 4})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");

    let page: Page<StoryCard> = app
        .json("/api/v1/stories?stage=first_instance_ruling")
        .await;
    assert!(page.items.iter().any(|s| s.id == "bazhkenova-case"));
    let d: StoryDetail = app.json("/api/v1/stories/bazhkenova-case").await;
    assert_eq!(
        d.steps.iter().map(|s| s.stage).collect::<Vec<_>>(),
        [
            Stage::CaseOpened,
            Stage::Hearing,
            Stage::FirstInstanceRuling
        ]
    );
    let inc: IncidentDetail = app
        .json("/api/v1/incidents/kaztag-executives-criminal-case")
        .await;
    assert_eq!(inc.stories[0].position, 2);
    // The same workflow, revisions and audit as incidents.
    let (_, revisions) = author
        .send(Method::GET, "/stories/bazhkenova-case/revisions", None)
        .await;
    let notes: Vec<&str> = revisions
        .as_array()
        .expect("revisions")
        .iter()
        .filter_map(|r| r["note"].as_str())
        .collect();
    assert_eq!(notes, ["publish", "submit", "edited", "edited", "created"]);
    let (_, list) = reviewer
        .send(Method::GET, "/stories?status=published", None)
        .await;
    assert_eq!(list["total"], 5);
    let audit = app.db.audit_log(50, Some("publish")).await.expect("audit");
    assert!(
        audit
            .iter()
            .any(|a| a.action == "publish" && a.target.as_deref() == Some("story:bazhkenova-case"))
    );
}

async fn the_import_preview_flags_an_undated_entry_and_the_draft_is_dated_within_the_period(
    app: TestApp,
) {
    let editor = Editor::new(&app, "importer@test.kz").await;
    let text = "Мониторинг за август 25 – январь 26 года.\n\n## 5. Судебные дела\n\n### Тестовое дело без даты\n\nСуд рассмотрел дело журналиста. <https://example.kz/news/undated-case>\n";
    let (s, preview) = editor
        .send(Method::POST, "/import/preview", Some(json!({"text": text})))
        .await;
    assert_eq!(s, StatusCode::OK, "{preview}");
    let entry = &preview["entries"][0];
    assert_eq!(entry["date"], Value::Null);
    assert_eq!(entry["period"], json!({"from": "2025-08", "to": "2026-01"}));
    assert!(
        entry["flags"]
            .as_array()
            .expect("flags")
            .iter()
            .any(|f| f["code"] == "period_from_digest"
                && f["message"].as_str().is_some_and(|m| !m.is_empty())),
        "{entry}"
    );
    let (s, outcome) = editor
        .send(
            Method::POST,
            "/import/accept",
            Some(json!({"text": text, "accept": [0], "name": "test.md"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{outcome}");
    let id = outcome["created"][0].as_str().expect("created").to_owned();
    let (_, item) = editor
        .send(Method::GET, &format!("/incidents/{id}"), None)
        .await;
    assert_eq!(item["incident"]["date"], Value::Null, "{item}");
    assert_eq!(
        item["incident"]["period"],
        json!({"from": "2025-08", "to": "2026-01"})
    );
    assert!(
        item["incident"]["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .any(|t| t == "нужна-дата")
    );
    // The editor narrows it to the date a source gives: a date, and the period is gone.
    let mut incident = item["incident"].clone();
    incident["date"] = json!("2025-11-03");
    incident.as_object_mut().expect("object").remove("period");
    let (s, body) = editor
        .send(
            Method::PUT,
            &format!("/incidents/{id}"),
            Some(json!({"version": 1, "incident": incident})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    // Both at once is refused, naming the field.
    incident["period"] = json!({"from": "2025-08", "to": "2026-01"});
    let (s, body) = editor
        .send(
            Method::PUT,
            &format!("/incidents/{id}"),
            Some(json!({"version": 2, "incident": incident})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["details"][0]["field"], "period");
}

/// `/api/v1/view` is the three answers a reader's filter change needs, each exactly as its own route gives it.
async fn the_view_answer_is_the_list_the_counts_and_the_undated_timeline(app: TestApp) {
    for f in [
        "",
        "category=court_cases&lang=kk",
        "from=2025-12&to=2026-01&limit=5",
        "q=%D1%81%D1%83%D0%B4&lang=en",
        "story=any&list=claims",
        "verdict=unrated&list=claims&lang=kk",
    ] {
        let v: Value = app.json(&format!("/api/v1/view?{f}")).await;
        let claims = f.contains("list=claims");
        let rest = f
            .split('&')
            .filter(|p| !p.starts_with("list="))
            .collect::<Vec<_>>()
            .join("&");
        let (name, other) = if claims {
            ("claims", "incidents")
        } else {
            ("incidents", "claims")
        };
        let list: Value = app.json(&format!("/api/v1/{name}?{rest}")).await;
        assert_eq!(v[name], list, "{name} of {f:?}");
        assert!(v.get(other).is_none(), "{f:?}");
        let facets: Value = app.json(&format!("/api/v1/facets?{rest}")).await;
        assert_eq!(v["facets"], facets, "facets of {f:?}");
        let undated = rest
            .split('&')
            .filter(|p| !p.starts_with("from=") && !p.starts_with("to="))
            .collect::<Vec<_>>()
            .join("&");
        let timeline: Value = app.json(&format!("/api/v1/timeline?{undated}")).await;
        assert_eq!(v["timeline"], timeline, "timeline of {f:?}");
        assert_eq!(v.as_object().map(|o| o.len()), Some(3), "{f:?}");
    }
    // Bad input gets the API's error, naming the parameter.
    for (q, field) in [
        ("list=stories", "list"),
        ("list=claims&list=incidents", "list"),
        ("category=politics", "category"),
        ("nonsense=1", "query"),
    ] {
        let r = app.get(&format!("/api/v1/view?{q}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{q}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["field"], field, "{q}: {e}");
    }
}

on_both_databases!(
    the_view_answer_is_the_list_the_counts_and_the_undated_timeline,
    the_import_preview_flags_an_undated_entry_and_the_draft_is_dated_within_the_period,
    timeline_counts_add_up_to_the_list_total_under_every_filter,
    stories_are_listed_and_shown_with_their_steps_in_order,
    an_incident_shows_where_it_stands_in_its_story,
    story_and_stage_filters_apply_to_lists_facets_and_timeline,
    unpublished_stories_and_steps_stay_private,
    an_editor_s_story_is_published_by_a_second_person_and_reaches_readers,
    the_timeline_draws_stories_through_their_dated_steps,
);

async fn the_timeline_draws_stories_through_their_dated_steps(app: TestApp) {
    let t: Timeline = app.json("/api/v1/timeline").await;
    let story = |id: &str| t.stories.iter().find(|s| s.id == id);
    let months = |id: &str| -> Vec<(String, Stage)> {
        story(id)
            .map(|s| {
                s.steps
                    .iter()
                    .map(|st| (st.month.clone(), st.stage))
                    .collect()
            })
            .unwrap_or_default()
    };
    // The AI law from signature to entry into force; the Khabarov case from its incident to a dated hearing (a
    // step with no incident of its own); the accreditation case's first ruling has no date, so only its appeal.
    assert_eq!(
        months("ai-law"),
        [
            ("2025-11".to_owned(), Stage::Signed),
            ("2026-01".to_owned(), Stage::InForce)
        ]
    );
    assert_eq!(
        months("azattyq-accreditation-case"),
        [("2026-01".to_owned(), Stage::Appeal)]
    );
    let khabarov = story("khabarov-instagram-story-case").expect("the Khabarov case");
    assert_eq!(
        khabarov.steps.last().map(|s| s.month.as_str()),
        Some("2025-12")
    );
    assert_eq!(khabarov.steps.last().and_then(|s| s.incident.clone()), None);
    // Latest first.
    let ids: Vec<&str> = t.stories.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.first(), Some(&"ai-law"), "{ids:?}");
    // Only stories with a step among the matching incidents.
    let t: Timeline = app.json("/api/v1/timeline?story=ai-law").await;
    assert_eq!(
        t.stories.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["ai-law"]
    );
    let t: Timeline = app.json("/api/v1/timeline?category=cybersecurity").await;
    assert!(t.stories.is_empty(), "{:?}", t.stories);
}
