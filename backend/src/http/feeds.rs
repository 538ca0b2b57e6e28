//! Feeds of the public lists: `/feeds/incidents.atom`, `/feeds/claims.atom` (Atom, RFC 4287) and the same paths
//! with `.json` (JSON Feed 1.1). They take the lists' filter and `lang` (parsed and refused exactly as the lists
//! do), and give the newest publications first: the `FEED_DEFAULT` newest, or `limit=` (1 to 100) of them.
//! Entries link the items' public pages. Only published items, like every public read.
//!
//! Atom is written by `atom_syndication`, JSON Feed by serde from the types below; each feed is remembered per
//! data version and filter like the JSON answers, and carries the same ETag and `Cache-Control` (the layers in
//! `http/mod.rs`).

use aqiqat_frontend::i18n::ui;
use aqiqat_shared::api::{ClaimCard, IncidentCard};
use aqiqat_shared::view::{PageKind, Tab, ViewState, public_path};
use aqiqat_shared::{Filter, Lang, ListQuery, Verdict};
use atom_syndication as atom;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use std::pin::Pin;

use super::AppState;
use super::cache::AnsweredAt;
use super::error::ApiErr;
use super::extract::list_query_with;
use super::pages::{abs, excerpt, origin};
use crate::db::{ExportOrder, PublishedRow};

/// Entries in a feed unless `limit=` asks for another number (at most `aqiqat_shared::filter::LIMIT_MAX`).
pub const FEED_DEFAULT: u32 = 50;

/// Every feed route, in one list (see `public::routes`): served at the root, described in the OpenAPI document.
pub fn routes() -> super::Routes {
    vec![
        (
            "/feeds/incidents.atom",
            get(feed_route(Tab::Incidents, Format::Atom)),
        ),
        (
            "/feeds/incidents.json",
            get(feed_route(Tab::Incidents, Format::Json)),
        ),
        (
            "/feeds/claims.atom",
            get(feed_route(Tab::Claims, Format::Atom)),
        ),
        (
            "/feeds/claims.json",
            get(feed_route(Tab::Claims, Format::Json)),
        ),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Atom,
    Json,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Atom => "application/atom+xml",
            Format::Json => "application/feed+json",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Atom => "atom",
            Format::Json => "json",
        }
    }
}

fn list_name(tab: Tab) -> &'static str {
    match tab {
        Tab::Incidents => "incidents",
        Tab::Claims => "claims",
    }
}

/// The path of a list's feed with a filter (canonical query string), e.g. for a page's `<link rel="alternate">`.
pub fn feed_path(
    tab: Tab,
    format: Format,
    filter: &Filter,
    lang: Lang,
    limit: Option<u32>,
) -> String {
    let mut raw = filter.to_raw();
    if lang != Lang::Ru {
        raw.lang = Some(lang.as_str().to_owned());
    }
    raw.limit = limit.map(|n| n.to_string());
    let qs = serde_urlencoded::to_string(raw).unwrap_or_default();
    let path = format!("/feeds/{}.{}", list_name(tab), format.extension());
    if qs.is_empty() {
        path
    } else {
        format!("{path}?{qs}")
    }
}

type FeedFuture = Pin<Box<dyn Future<Output = Result<Response, ApiErr>> + Send>>;

fn feed_route(
    tab: Tab,
    format: Format,
) -> impl Fn(State<AppState>, HeaderMap, RawQuery) -> FeedFuture + Clone + Send + Sync + 'static {
    move |State(st), headers, RawQuery(qs)| {
        Box::pin(async move { feed(&st, &headers, qs.as_deref().unwrap_or(""), tab, format).await })
    }
}

async fn feed(
    st: &AppState,
    headers: &HeaderMap,
    qs: &str,
    tab: Tab,
    format: Format,
) -> Result<Response, ApiErr> {
    let (q, raw, _) = list_query_with(qs, &[])?;
    // The lists' default page (20) is not a feed's: a feed asks for `limit` or gets the newest FEED_DEFAULT.
    let limit = raw.limit.is_some().then_some(q.limit);
    let origin = origin(st, headers);
    let version = st.db.data_version().await?;
    let key = format!(
        "feed {tab:?} {format:?} {origin} {:?} {:?} {limit:?}",
        q.filter, q.lang
    );
    let body = st
        .memo
        .get_or_compute(version, key, async {
            let doc = FeedDoc::new(st, &origin, tab, &q, limit);
            let n = limit.unwrap_or(FEED_DEFAULT);
            let entries: Vec<Entry> = match tab {
                Tab::Incidents => st
                    .db
                    .export_incidents(&q.filter, q.lang, ExportOrder::Published, n)
                    .await?
                    .0
                    .into_iter()
                    .map(|r| doc.incident_entry(r))
                    .collect(),
                Tab::Claims => st
                    .db
                    .export_claims(&q.filter, q.lang, ExportOrder::Published, n)
                    .await?
                    .0
                    .into_iter()
                    .map(|r| doc.claim_entry(r))
                    .collect(),
            };
            match format {
                Format::Atom => doc.atom(entries),
                Format::Json => doc.json(entries),
            }
        })
        .await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(match format {
                Format::Atom => "application/atom+xml; charset=utf-8",
                Format::Json => "application/feed+json; charset=utf-8",
            }),
        )],
        Extension(AnsweredAt(version)),
        body,
    )
        .into_response())
}

/// One entry, before it is written in either format.
struct Entry {
    url: String,
    title: String,
    summary: String,
    /// The language the entry's texts are in (may differ from the feed's on fallback).
    text_lang: Lang,
    published: Option<String>,
    updated: String,
    /// `(scheme, term, label)`: the item's category, kind, region, platforms, verdict.
    categories: Vec<(&'static str, String, String)>,
    tags: Vec<String>,
}

/// What a feed says about itself.
struct FeedDoc {
    origin: String,
    lang: Lang,
    title: String,
    subtitle: String,
    /// `/` or `/claims`.
    list_path: &'static str,
    json_url: String,
    atom_url: String,
    /// The public list with the same filters.
    home: String,
    author: String,
    author_url: String,
}

fn labelled<T: Copy>(
    scheme: &'static str,
    v: T,
    name: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> (&'static str, String, String) {
    (scheme, name(v).to_owned(), label(v).to_owned())
}

impl FeedDoc {
    fn new(st: &AppState, origin: &str, tab: Tab, q: &ListQuery, limit: Option<u32>) -> FeedDoc {
        let u = ui(q.lang);
        let list = match tab {
            Tab::Incidents => u.incidents,
            Tab::Claims => u.claims,
        };
        let page = ViewState {
            query: ListQuery {
                filter: q.filter.clone(),
                lang: q.lang,
                ..ListQuery::default()
            },
            tab,
            ..ViewState::default()
        };
        let path = |f: Format| abs(origin, &feed_path(tab, f, &q.filter, q.lang, limit));
        let publisher = &st.config.publisher;
        FeedDoc {
            origin: origin.to_owned(),
            lang: q.lang,
            title: format!("{list} — Aqiqat: {}", u.title),
            subtitle: u.subtitle.to_owned(),
            list_path: match tab {
                Tab::Incidents => "/",
                Tab::Claims => "/claims",
            },
            json_url: path(Format::Json),
            atom_url: path(Format::Atom),
            home: abs(
                origin,
                &page.href(aqiqat_shared::view::Surface::Page, false),
            ),
            author: publisher.name.clone(),
            author_url: publisher.url.clone().unwrap_or_else(|| origin.to_owned()),
        }
    }

    fn incident_entry(&self, r: PublishedRow<IncidentCard>) -> Entry {
        let c = r.card;
        let lang = self.lang;
        let mut categories = vec![
            labelled("category", c.category, |v| v.as_str(), |v| v.label(lang)),
            labelled("kind", c.kind, |v| v.as_str(), |v| v.label(lang)),
        ];
        if let Some(region) = c.region {
            categories.push(labelled(
                "region",
                region,
                |v| v.as_str(),
                |v| v.label(lang),
            ));
        }
        for p in &c.platforms {
            categories.push(labelled("platform", *p, |v| v.as_str(), |v| v.label(lang)));
        }
        Entry {
            url: abs(&self.origin, &public_path(PageKind::Incident, &c.id, lang)),
            title: c.title,
            summary: c.summary,
            text_lang: c.text_lang,
            published: r.published_at,
            updated: r.updated_at,
            categories,
            tags: c.tags,
        }
    }

    fn claim_entry(&self, r: PublishedRow<ClaimCard>) -> Entry {
        let c = r.card;
        let lang = self.lang;
        let verdict = c
            .verdict
            .map_or(ui(lang).unrated, |v: Verdict| v.label(lang));
        let mut categories = vec![labelled(
            "category",
            c.category,
            |v| v.as_str(),
            |v| v.label(lang),
        )];
        categories.push((
            "verdict",
            c.verdict.map_or("unrated", |v| v.as_str()).to_owned(),
            verdict.to_owned(),
        ));
        let speaker = match &c.speaker.position {
            Some(p) => format!("{}, {p}", c.speaker.name),
            None => c.speaker.name.clone(),
        };
        Entry {
            url: abs(&self.origin, &public_path(PageKind::Claim, &c.id, lang)),
            title: format!("«{}» — {}", excerpt(&c.quote, 120), c.speaker.name),
            summary: format!("{verdict}. «{}» — {speaker} ({})", c.quote, c.date),
            text_lang: c.text_lang,
            published: r.published_at,
            updated: r.updated_at,
            categories,
            tags: Vec::new(),
        }
    }

    /// A category's scheme: the public list's filter of that name, to which the term is the value.
    fn category_scheme(&self, filter_key: &str) -> String {
        format!("{}{}?{filter_key}=", self.origin, self.list_path)
    }

    fn atom(&self, entries: Vec<Entry>) -> Result<Bytes, ApiErr> {
        let date = |s: &str| atom::FixedDateTime::parse_from_rfc3339(s).ok();
        let epoch = atom::FixedDateTime::default();
        let updated = entries
            .iter()
            .filter_map(|e| date(&e.updated))
            .max()
            .unwrap_or(epoch);
        let link = |href: &str, rel: &str, mime: &str| atom::Link {
            href: href.to_owned(),
            rel: rel.to_owned(),
            mime_type: Some(mime.to_owned()),
            ..atom::Link::default()
        };
        let feed = atom::Feed {
            title: atom::Text::plain(self.title.clone()),
            subtitle: Some(atom::Text::plain(self.subtitle.clone())),
            id: self.atom_url.clone(),
            updated,
            lang: Some(self.lang.as_str().to_owned()),
            authors: vec![atom::Person {
                name: self.author.clone(),
                uri: Some(self.author_url.clone()),
                ..atom::Person::default()
            }],
            generator: Some(atom::Generator {
                value: "Aqiqat".to_owned(),
                uri: Some(self.origin.clone()),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            links: vec![
                link(&self.atom_url, "self", Format::Atom.content_type()),
                link(&self.home, "alternate", "text/html"),
                link(&self.json_url, "alternate", Format::Json.content_type()),
            ],
            entries: entries
                .into_iter()
                .map(|e| {
                    let updated = date(&e.updated).unwrap_or(epoch);
                    let text = |s: String| atom::Text {
                        lang: Some(e.text_lang.as_str().to_owned()),
                        ..atom::Text::plain(s)
                    };
                    atom::Entry {
                        id: e.url.clone(),
                        title: text(e.title),
                        summary: Some(text(e.summary)),
                        updated,
                        published: e.published.as_deref().and_then(date),
                        links: vec![atom::Link {
                            href: e.url,
                            rel: "alternate".to_owned(),
                            mime_type: Some("text/html".to_owned()),
                            hreflang: Some(self.lang.as_str().to_owned()),
                            ..atom::Link::default()
                        }],
                        categories: e
                            .categories
                            .into_iter()
                            .map(|(scheme, term, label)| atom::Category {
                                scheme: Some(self.category_scheme(scheme)),
                                term,
                                label: Some(label),
                            })
                            .chain(e.tags.into_iter().map(|t| atom::Category {
                                term: t,
                                ..atom::Category::default()
                            }))
                            .collect(),
                        ..atom::Entry::default()
                    }
                })
                .collect(),
            ..atom::Feed::default()
        };
        let out = feed
            .write_to(Vec::new())
            .map_err(|e| ApiErr::Internal(anyhow::anyhow!("writing the Atom feed: {e}")))?;
        Ok(Bytes::from(out))
    }

    fn json(&self, entries: Vec<Entry>) -> Result<Bytes, ApiErr> {
        let feed = JsonFeed {
            version: "https://jsonfeed.org/version/1.1",
            title: self.title.clone(),
            description: self.subtitle.clone(),
            home_page_url: self.home.clone(),
            feed_url: self.json_url.clone(),
            language: self.lang.as_str(),
            authors: vec![JsonFeedAuthor {
                name: self.author.clone(),
                url: self.author_url.clone(),
            }],
            items: entries
                .into_iter()
                .map(|e| JsonFeedItem {
                    id: e.url.clone(),
                    url: e.url,
                    title: e.title,
                    content_text: e.summary.clone(),
                    summary: e.summary,
                    date_published: e.published,
                    date_modified: e.updated,
                    language: e.text_lang.as_str(),
                    tags: e
                        .categories
                        .into_iter()
                        .map(|(_, _, label)| label)
                        .chain(e.tags)
                        .collect(),
                })
                .collect(),
        };
        serde_json::to_vec(&feed)
            .map(Bytes::from)
            .map_err(|e| ApiErr::Internal(e.into()))
    }
}

/// A JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>) of a public list: the newest publications first.
///
/// The fields we fill; the OpenAPI document describes the answer with this type.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct JsonFeed {
    /// Always `https://jsonfeed.org/version/1.1`.
    #[schema(value_type = String)]
    version: &'static str,
    title: String,
    description: String,
    /// The public list with the same filter.
    home_page_url: String,
    /// This feed's own URL with the canonical query.
    feed_url: String,
    /// The feed's language (`lang`).
    #[schema(value_type = Lang)]
    language: &'static str,
    /// The publisher.
    authors: Vec<JsonFeedAuthor>,
    items: Vec<JsonFeedItem>,
}

/// A JSON Feed's author: the publisher.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct JsonFeedAuthor {
    name: String,
    url: String,
}

/// One published item of a JSON Feed.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct JsonFeedItem {
    /// The item's public page (`/i/{id}`, `/c/{id}`), as `url`.
    id: String,
    url: String,
    title: String,
    content_text: String,
    summary: String,
    /// When it was first published (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    /// When it last changed (RFC 3339): a correction moves it.
    date_modified: String,
    /// The language the item's texts are in (may differ from the feed's on fallback).
    #[schema(value_type = Lang)]
    language: &'static str,
    /// The category labels and the item's tags.
    tags: Vec<String>,
}
