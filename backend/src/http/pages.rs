//! Readers' HTML, rendered on the server from the reader components (`aqiqat_frontend::ssr`): the widget page
//! (`/widget`), the public lists (`/`, `/claims`) and item pages (`/i/{id}`, `/c/{id}`); and what search engines,
//! link previews and CMSs read about them: `/sitemap.xml`, `/robots.txt`, `/oembed`.
//!
//! Data comes from the data layer directly, through the same per-version answers the JSON API remembers, and each
//! rendered page is remembered for the data version too. Only published items ever reach these pages: a draft's
//! id gets the same 404 as an id that never existed.

use aqiqat_frontend::i18n::ui;
use aqiqat_frontend::ssr::{self, Head, Script};
use aqiqat_shared::api::ErrorCode;
use aqiqat_shared::api::{ClaimDetail, Facets, IncidentDetail, Page, Timeline};
use aqiqat_shared::markup::escape;
use aqiqat_shared::view::{PageKind, Selected, Surface, Tab, ViewData, ViewState, public_path};
use aqiqat_shared::{Lang, Slug, Verdict};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use std::pin::Pin;

use super::AppState;
use super::error::ApiErr;
use super::feeds::{Format, feed_path};
use super::public::{ListKind, facets_json, list_json, timeline_json};

/// Every route of the readers' pages, in one list (see `public::routes`).
pub fn routes() -> super::Routes {
    vec![
        ("/", get(view_route(Surface::Page, Tab::Incidents))),
        ("/claims", get(view_route(Surface::Page, Tab::Claims))),
        ("/widget", get(view_route(Surface::Widget, Tab::Incidents))),
        ("/i/{id}", get(item_route(PageKind::Incident))),
        ("/c/{id}", get(item_route(PageKind::Claim))),
        ("/sitemap.xml", get(sitemap)),
        ("/sitemaps/{n}", get(sitemap_part)),
        ("/robots.txt", get(robots)),
        ("/oembed", get(oembed)),
        ("/embed", get(embed_builder)),
        ("/api", get(super::openapi::api_page)),
    ]
}

/// A page handler's answer (boxed: the routes below are closures over their surface or kind).
type PageFuture = Pin<Box<dyn Future<Output = Response> + Send>>;

/// The handler of a reader view's page on `surface` (`tab`: the list a public list page shows).
fn view_route(
    surface: Surface,
    tab: Tab,
) -> impl Fn(State<AppState>, HeaderMap, RawQuery) -> PageFuture + Clone + Send + Sync + 'static {
    move |State(st), headers, RawQuery(qs)| {
        Box::pin(async move {
            view_page(&st, &headers, qs.as_deref().unwrap_or(""), surface, tab).await
        })
    }
}

/// The handler of an item's public page.
fn item_route(
    kind: PageKind,
) -> impl Fn(State<AppState>, HeaderMap, Path<String>, RawQuery) -> PageFuture
+ Clone
+ Send
+ Sync
+ 'static {
    move |State(st), headers, Path(id), RawQuery(qs)| {
        Box::pin(async move { item_page(&st, &headers, kind, &id, page_lang(qs.as_deref())).await })
    }
}

/// How long browsers and CDNs keep a page: a publish reaches readers within a minute.
const PAGE_CACHE: &str = "public, max-age=60, stale-while-revalidate=600";
/// URLs per sitemap file (the protocol allows 50,000).
const SITEMAP_PAGE: u64 = 40_000;

/// The origin links are absolute to: the configured public URL, else the request's `Host`.
pub(super) fn origin(st: &AppState, headers: &HeaderMap) -> String {
    if let Some(o) = &st.config.public_origin {
        return o.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// `default-src 'self'`, scripts only from here (and the WASM they compile), the one inlined stylesheet by hash.
/// The widget names no `frame-ancestors`: any page may frame it, even one without a network origin
/// (`frame-ancestors *` would refuse a partner's `srcdoc` or local preview page).
fn csp(st: &AppState, framing: Framing, styles: &[String]) -> String {
    let mut style_src = format!(
        "'{}' '{}'",
        st.assets.reader_css_hash, st.assets.noscript_css_hash
    );
    for s in styles {
        style_src.push(' ');
        style_src.push_str(s);
    }
    let mut csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src {style_src}; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
    );
    if framing == Framing::Nobody {
        csp.push_str("; frame-ancestors 'none'");
    }
    csp
}

/// Whether the page may be framed: the widget by any site (that is its purpose), the public pages by none.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Framing {
    Anyone,
    Nobody,
}

/// A page of this server that no one may frame, with the pages' headers (CSP, caching).
pub(super) fn html_page(st: &AppState, status: StatusCode, body: Bytes) -> Response {
    html(st, status, body, Framing::Nobody)
}

fn html(st: &AppState, status: StatusCode, body: Bytes, framing: Framing) -> Response {
    html_styled(st, status, body, framing, &[])
}

/// A page with the pages' headers whose CSP also allows `styles` (CSP sources: a hash `'sha256-…'`, or `'self'`).
pub(super) fn html_styled(
    st: &AppState,
    status: StatusCode,
    body: Bytes,
    framing: Framing,
    styles: &[String],
) -> Response {
    let csp = csp(st, framing, styles);
    let mut resp = (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CACHE_CONTROL,
                if status == StatusCode::OK {
                    PAGE_CACHE
                } else {
                    "public, max-age=60"
                },
            ),
        ],
        body,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        resp.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, v);
    }
    resp.headers_mut().insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(super::web::PERMISSIONS_POLICY),
    );
    if framing == Framing::Nobody {
        resp.headers_mut()
            .insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    resp
}

fn site_name() -> String {
    "Aqiqat".to_owned()
}

pub(super) fn abs(origin: &str, path: &str) -> String {
    format!("{origin}{path}")
}

/// `hreflang` alternates of a page in every language, and `x-default` (Russian, the default).
fn alternates(origin: &str, href: impl Fn(Lang) -> String) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Lang::ALL
        .into_iter()
        .map(|l| (l.as_str().to_owned(), abs(origin, &href(l))))
        .collect();
    v.push(("x-default".to_owned(), abs(origin, &href(Lang::Ru))));
    v
}

fn oembed_link(origin: &str, page_url: &str) -> String {
    let q =
        serde_urlencoded::to_string([("url", page_url), ("format", "json")]).unwrap_or_default();
    format!("{origin}/oembed?{q}")
}

/// A text shortened for a description: whole words, at most `max` characters.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

fn from_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiErr> {
    serde_json::from_slice(bytes).map_err(|e| ApiErr::Internal(e.into()))
}

fn script(st: &AppState) -> Option<Script> {
    let b = &st.assets.manifest.as_ref()?.widget;
    let hash =
        b.js.trim_end_matches(".js")
            .rsplit('-')
            .next()
            .unwrap_or("");
    Some(Script {
        boot: format!("/boot/widget.js?v={hash}"),
        wasm: format!("/static/{}", b.wasm),
    })
}

/// Months of the timeline a widget page draws on the server: more than its widest frame shows (1,100 px), and the
/// whole of the demo digest's span (37 months).
const FIRST_SCREEN_MONTHS: u32 = 48;

/// Everything the first screen of a view shows, from the data layer (and its per-version answers).
async fn view_data(
    st: &AppState,
    version: i64,
    state: &mut ViewState,
    notices: &mut Vec<String>,
    surface: Surface,
) -> Result<ViewData, ApiErr> {
    let mut data = ViewData {
        page: surface == Surface::Page,
        data_version: u64::try_from(version).ok(),
        ..ViewData::default()
    };
    if state.preview {
        data.view = state.to_query_string(true);
        return Ok(data);
    }
    let lang = state.query.lang;
    match state.selected.clone() {
        Some(Selected::Incident(id)) => match st.db.incident_detail(&id, lang).await? {
            Some(d) => data.incident = Some(d),
            None => {
                notices.push(format!("incident: no published incident {id:?}"));
                state.selected = None;
            }
        },
        Some(Selected::Claim(id)) => match st.db.claim_detail(&id, lang).await? {
            Some(d) => data.claim = Some(d),
            None => {
                notices.push(format!("claim: no published claim {id:?}"));
                state.selected = None;
            }
        },
        None => {}
    }
    let f = &state.query.filter;
    data.facets = Some(from_json::<Facets>(&facets_json(st, version, f).await?)?);
    let timeline = from_json::<Timeline>(&timeline_json(st, version, &f.without_dates()).await?)?;
    // The widget's first screen draws the newest months; the rest comes when a reader reaches for the chart.
    data.timeline = Some(if surface == Surface::Widget {
        let newest = timeline.clone().newest(FIRST_SCREEN_MONTHS);
        data.timeline_partial = newest != timeline;
        newest
    } else {
        timeline
    });
    if state.selected.is_none() {
        let kind = match state.tab {
            Tab::Incidents => ListKind::Incidents,
            Tab::Claims => ListKind::Claims,
        };
        let answer = match list_json(st, version, &state.query, kind).await {
            Err(ApiErr::BadRequest(e)) if state.query.cursor.is_some() => {
                // A stale or foreign page link: the first page instead, and say so.
                notices.push(format!("{}: {}", e.field, e.message));
                state.query.cursor = None;
                list_json(st, version, &state.query, kind).await?
            }
            other => other?,
        };
        match kind {
            ListKind::Incidents => data.incidents = Some(from_json::<Page<_>>(&answer)?),
            ListKind::Claims => data.claims = Some(from_json::<Page<_>>(&answer)?),
        }
    }
    data.view = state.to_query_string(true);
    data.notices = notices.clone();
    Ok(data)
}

/// A reader view's page: remembered per data version, rendered on a miss.
async fn view_page(
    st: &AppState,
    headers: &HeaderMap,
    qs: &str,
    surface: Surface,
    tab: Tab,
) -> Response {
    let (mut state, mut notices) = ViewState::parse(qs);
    if surface == Surface::Page {
        // A list page is one tab and opens items as pages of their own.
        state.tab = tab;
        state.selected = None;
        state.embed = false;
        state.preview = false;
    }
    let framing = match surface {
        // The server never serves the snapshot surface (`aqiqat snapshot` writes it); framed like the widget.
        Surface::Widget | Surface::Snapshot => Framing::Anyone,
        Surface::Page => Framing::Nobody,
    };
    let origin = origin(st, headers);
    let result = async {
        let version = st.db.data_version().await?;
        let key = format!(
            "page {surface:?} {origin} {} {notices:?}",
            state.to_query_string(true)
        );
        st.memo
            .get_or_compute(version, key, async {
                let data = view_data(st, version, &mut state, &mut notices, surface).await?;
                Ok::<_, ApiErr>(render_view(st, &origin, &state, data, surface))
            })
            .await
    }
    .await;
    // The view's theme, accent and font: a `<style>` of its own, allowed by its hash.
    let styles: Vec<String> = theme_css(&state, surface)
        .map(|c| format!("'{}'", super::web::csp_hash(&c)))
        .into_iter()
        .collect();
    match result {
        Ok(body) => html_styled(st, StatusCode::OK, body, framing, &styles),
        Err(e) => error_page(st, &e, state.query.lang, framing),
    }
}

/// The stylesheet of a view's appearance; only the widget is themed (a partner's choice, in its frame). A snapshot
/// is a static copy: its page has the default look.
fn theme_css(state: &ViewState, surface: Surface) -> Option<String> {
    match surface {
        Surface::Widget => state.appearance.css(),
        Surface::Page | Surface::Snapshot => None,
    }
}

fn render_view(
    st: &AppState,
    origin: &str,
    state: &ViewState,
    data: ViewData,
    surface: Surface,
) -> Bytes {
    let lang = state.query.lang;
    let u = ui(lang);
    // The page to index and share for this view: the item's public page, or the public list.
    let public = match &state.selected {
        Some(sel) => sel.public_path(lang),
        None => state.href(Surface::Page, false),
    };
    let title = match (&data.incident, &data.claim) {
        (Some(d), _) => format!("{} — Aqiqat", d.card.title),
        (_, Some(d)) => format!("«{}» — Aqiqat", excerpt(&d.card.quote, 90)),
        _ if surface == Surface::Page && state.tab == Tab::Claims => {
            format!("{} — Aqiqat: {}", u.claims, u.title)
        }
        _ if surface == Surface::Page => format!("{} — Aqiqat: {}", u.incidents, u.title),
        _ => format!("Aqiqat — {}", u.title),
    };
    let lang_href = |l: Lang| {
        let mut s = state.clone();
        s.query.lang = l;
        s.href(Surface::Page, false)
    };
    let head = Head {
        lang,
        title,
        share_title: None,
        description: Some(u.subtitle.to_owned()),
        canonical: Some(abs(origin, &public)),
        alternates: if surface == Surface::Page {
            alternates(origin, lang_href)
        } else {
            Vec::new()
        },
        og_type: (surface == Surface::Page).then_some("website"),
        site_name: site_name(),
        oembed: (surface == Surface::Page).then(|| oembed_link(origin, &abs(origin, &public))),
        json_ld: None,
        feeds: if surface == Surface::Page {
            list_feeds(origin, state, u)
        } else {
            Vec::new()
        },
        noindex: surface == Surface::Widget,
        css: st.assets.reader_css.clone(),
        theme_css: theme_css(state, surface),
    };
    Bytes::from(ssr::view_document(&head, data, script(st).as_ref()))
}

/// The list's feeds with the page's filters and language, for `<link rel="alternate">`.
fn list_feeds(
    origin: &str,
    state: &ViewState,
    u: &aqiqat_frontend::i18n::Ui,
) -> Vec<(&'static str, String, String)> {
    let list = match state.tab {
        Tab::Incidents => u.incidents,
        Tab::Claims => u.claims,
    };
    [(Format::Atom, "Atom"), (Format::Json, "JSON Feed")]
        .into_iter()
        .map(|(format, name)| {
            let path = feed_path(
                state.tab,
                format,
                &state.query.filter,
                state.query.lang,
                None,
            );
            (
                format.content_type(),
                format!("{list} — Aqiqat ({name})"),
                abs(origin, &path),
            )
        })
        .collect()
}

/// `/embed`: the public embed builder. The page is rendered here (site header, introduction, and for readers
/// without scripts an example snippet); the `embed` bundle mounts the builder into it. Its CSP is the pages' one,
/// plus the bundle's stylesheet from this origin (`style-src 'self'`); scripts only from here, none inline.
async fn embed_builder(
    State(st): State<AppState>,
    headers: HeaderMap,
    RawQuery(qs): RawQuery,
) -> Response {
    let lang = page_lang(qs.as_deref());
    let origin = origin(&st, &headers);
    let t = aqiqat_frontend::builder::i18n::text(lang);
    let example = aqiqat_shared::embed::EmbedOptions {
        view: ViewState {
            query: aqiqat_shared::ListQuery {
                lang,
                ..Default::default()
            },
            ..ViewState::default()
        },
        ..Default::default()
    }
    .snippet(&origin);
    let script = st
        .assets
        .manifest
        .as_ref()
        .and_then(|m| m.embed.as_ref())
        .map(|b| {
            let hash =
                b.js.trim_end_matches(".js")
                    .rsplit('-')
                    .next()
                    .unwrap_or("");
            (
                format!("/boot/embed.js?v={hash}"),
                format!("/static/{}", b.css),
            )
        });
    let path = |l: Lang| {
        if l == Lang::Ru {
            "/embed".to_owned()
        } else {
            format!("/embed?lang={}", l.as_str())
        }
    };
    let head = Head {
        lang,
        title: format!("{} — Aqiqat", t.page_title),
        description: Some(t.intro.to_owned()),
        canonical: Some(abs(&origin, &path(lang))),
        alternates: alternates(&origin, path),
        site_name: site_name(),
        css: st.assets.reader_css.clone(),
        ..Head::default()
    };
    let body = Bytes::from(ssr::embed_document(&head, script, example));
    html_styled(
        &st,
        StatusCode::OK,
        body,
        Framing::Nobody,
        &["'self'".to_owned()],
    )
}

/// An HTML error page: 404 for an item that is not published (whatever the reason), 400 for a bad address, 500
/// (logged) for ours.
fn error_page(st: &AppState, e: &ApiErr, lang: Lang, framing: Framing) -> Response {
    let status = match e {
        ApiErr::NotFound { .. } => StatusCode::NOT_FOUND,
        ApiErr::BadRequest(_) => StatusCode::BAD_REQUEST,
        ApiErr::Internal(err) => {
            tracing::error!(error = ?err, "page rendering failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let head = Head {
        lang,
        title: format!("{} — Aqiqat", status.canonical_reason().unwrap_or("Error")),
        noindex: true,
        site_name: site_name(),
        css: st.assets.reader_css.clone(),
        ..Head::default()
    };
    let mut resp = html(
        st,
        status,
        Bytes::from(ssr::message_document(&head, status.as_u16(), lang)),
        framing,
    );
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// The language a public page asks for (`?lang=`), Russian by default; other keys are ignored.
fn page_lang(qs: Option<&str>) -> Lang {
    ViewState::parse(qs.unwrap_or("")).0.query.lang
}

fn not_found() -> ApiErr {
    ApiErr::NotFound {
        what: "published item",
        id: String::new(),
    }
}

async fn item_page(
    st: &AppState,
    headers: &HeaderMap,
    kind: PageKind,
    id: &str,
    lang: Lang,
) -> Response {
    let origin = origin(st, headers);
    let result = async {
        if Slug::parse(id).is_err() {
            return Err(not_found());
        }
        let version = st.db.data_version().await?;
        let key = format!("page {kind:?} {id} {lang:?} {origin}");
        st.memo
            .get_or_compute(version, key, async {
                match kind {
                    PageKind::Incident => {
                        let d = st
                            .db
                            .incident_detail(id, lang)
                            .await?
                            .ok_or_else(not_found)?;
                        Ok(incident_document(st, &origin, d, lang))
                    }
                    PageKind::Claim => {
                        let d = st.db.claim_detail(id, lang).await?.ok_or_else(not_found)?;
                        Ok(claim_document(st, &origin, d, lang))
                    }
                }
            })
            .await
    }
    .await;
    match result {
        Ok(body) => html(st, StatusCode::OK, body, Framing::Nobody),
        Err(e) => error_page(st, &e, lang, Framing::Nobody),
    }
}

fn item_head(st: &AppState, origin: &str, kind: PageKind, id: &str, lang: Lang) -> Head {
    let canonical = abs(origin, &public_path(kind, id, lang));
    Head {
        lang,
        oembed: Some(oembed_link(origin, &canonical)),
        canonical: Some(canonical),
        alternates: alternates(origin, |l| public_path(kind, id, l)),
        og_type: Some("article"),
        site_name: site_name(),
        css: st.assets.reader_css.clone(),
        ..Head::default()
    }
}

fn incident_document(st: &AppState, origin: &str, d: IncidentDetail, lang: Lang) -> Bytes {
    let mut head = item_head(st, origin, PageKind::Incident, &d.card.id, lang);
    head.title = format!("{} — Aqiqat", d.card.title);
    head.share_title = Some(d.card.title.clone());
    head.description = Some(excerpt(&d.card.summary, 200));
    Bytes::from(ssr::incident_document(&head, d, lang))
}

fn claim_document(st: &AppState, origin: &str, d: ClaimDetail, lang: Lang) -> Bytes {
    let mut head = item_head(st, origin, PageKind::Claim, &d.card.id, lang);
    let verdict = d.card.verdict.map_or(ui(lang).unrated, |v| v.label(lang));
    head.share_title = Some(format!(
        "«{}» — {}",
        excerpt(&d.card.quote, 90),
        d.card.speaker.name
    ));
    head.title = format!(
        "{} — Aqiqat",
        head.share_title.as_deref().unwrap_or_default()
    );
    head.description = Some(excerpt(
        &format!(
            "{verdict}. {}",
            d.explanation.as_deref().unwrap_or(&d.card.quote)
        ),
        200,
    ));
    head.json_ld = claim_review(st, origin, &d, lang).map(|v| {
        // Inside <script>: nothing in it may close the element.
        v.to_string().replace('<', "\\u003c")
    });
    Bytes::from(ssr::claim_document(&head, d, lang))
}

/// Where a verdict sits on the 1 (false) to 5 (true) scale of `reviewRating`; `unproven` has no place on it and is
/// given by its name (`alternateName`) alone.
pub fn rating_value(v: Verdict) -> Option<u8> {
    match v {
        Verdict::False => Some(1),
        Verdict::Misleading => Some(2),
        Verdict::Mixed => Some(3),
        Verdict::MostlyTrue => Some(4),
        Verdict::True => Some(5),
        Verdict::Unproven => None,
    }
}

/// schema.org `ClaimReview` for a rated claim (none for an unrated one): what fact-check aggregators read.
/// The speaker is a `Person` when the claim names their position, else an `Organization`.
pub fn claim_review(
    st: &AppState,
    origin: &str,
    d: &ClaimDetail,
    lang: Lang,
) -> Option<serde_json::Value> {
    let verdict = d.card.verdict?;
    let url = abs(origin, &public_path(PageKind::Claim, &d.card.id, lang));
    let mut rating = json!({
        "@type": "Rating",
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": verdict.label(lang),
    });
    if let Some(n) = rating_value(verdict) {
        rating["ratingValue"] = json!(n);
    }
    let s = &d.card.speaker;
    let speaker = match &s.position {
        Some(position) => {
            let mut p = json!({"@type": "Person", "name": s.name, "jobTitle": position});
            if let Some(org) = &s.organisation {
                p["worksFor"] = json!({"@type": "Organization", "name": org});
            }
            p
        }
        None => json!({"@type": "Organization", "name": s.name}),
    };
    let publisher = &st.config.publisher;
    let mut author = json!({"@type": "Organization", "name": publisher.name});
    author["url"] = json!(publisher.url.clone().unwrap_or_else(|| origin.to_owned()));
    let published = d
        .published_at
        .as_deref()
        .or(d.updated_at.as_deref())
        .and_then(|t| t.get(..10))
        .unwrap_or_default();
    Some(json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "inLanguage": lang.as_str(),
        "claimReviewed": d.card.quote,
        "datePublished": published,
        "author": author,
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": speaker,
            "datePublished": d.card.date.to_string(),
            "appearance": {
                "@type": "CreativeWork",
                "url": d.said_at.url,
            },
        },
    }))
}

fn xml(body: Bytes) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=600"),
        ],
        body,
    )
        .into_response()
}

/// `/sitemap.xml`: the lists and every published item in each language (with `lastmod`); past 40,000 items, an
/// index of `/sitemaps/{n}` files instead.
async fn sitemap(State(st): State<AppState>, headers: HeaderMap) -> Result<Response, ApiErr> {
    let origin = origin(&st, &headers);
    let version = st.db.data_version().await?;
    let body = st
        .memo
        .get_or_compute(version, format!("sitemap {origin}"), async {
            let count = st.db.published_count().await?;
            if count <= SITEMAP_PAGE {
                return Ok::<_, ApiErr>(Bytes::from(urlset(&st, &origin, 0, true).await?));
            }
            let mut out = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for n in 0..count.div_ceil(SITEMAP_PAGE) {
                out.push_str(&format!(
                    "<sitemap><loc>{}/sitemaps/{n}</loc></sitemap>\n",
                    escape(&origin)
                ));
            }
            out.push_str("</sitemapindex>\n");
            Ok(Bytes::from(out))
        })
        .await?;
    Ok(xml(body))
}

async fn sitemap_part(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(n): Path<String>,
) -> Result<Response, ApiErr> {
    let n: u64 = n.parse().map_err(|_| ApiErr::NotFound {
        what: "sitemap",
        id: n.clone(),
    })?;
    let origin = origin(&st, &headers);
    let version = st.db.data_version().await?;
    let body = st
        .memo
        .get_or_compute(version, format!("sitemap {n} {origin}"), async {
            Ok::<_, ApiErr>(Bytes::from(urlset(&st, &origin, n, n == 0).await?))
        })
        .await?;
    Ok(xml(body))
}

/// One sitemap file: items `[n × SITEMAP_PAGE, (n + 1) × SITEMAP_PAGE)`, with the list pages in the first.
async fn urlset(st: &AppState, origin: &str, n: u64, lists: bool) -> Result<String, ApiErr> {
    let items = st
        .db
        .published_items(n * SITEMAP_PAGE, SITEMAP_PAGE)
        .await?;
    if items.is_empty() && n > 0 {
        return Err(ApiErr::NotFound {
            what: "sitemap",
            id: n.to_string(),
        });
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut entry = |href: &dyn Fn(Lang) -> String, lastmod: Option<&str>| {
        for l in Lang::ALL {
            out.push_str("<url><loc>");
            out.push_str(&escape(&abs(origin, &href(l))));
            out.push_str("</loc>");
            if let Some(m) = lastmod {
                out.push_str("<lastmod>");
                out.push_str(&escape(m));
                out.push_str("</lastmod>");
            }
            for alt in Lang::ALL {
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    alt.as_str(),
                    escape(&abs(origin, &href(alt)))
                ));
            }
            out.push_str("</url>\n");
        }
    };
    if lists {
        for path in ["/", "/claims"] {
            entry(
                &|l: Lang| {
                    if l == Lang::Ru {
                        path.to_owned()
                    } else {
                        format!("{path}?lang={}", l.as_str())
                    }
                },
                None,
            );
        }
    }
    for item in &items {
        entry(
            &|l: Lang| public_path(item.kind, &item.id, l),
            Some(&item.updated_at),
        );
    }
    out.push_str("</urlset>\n");
    Ok(out)
}

async fn robots(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let origin = origin(&st, &headers);
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        format!(
            "User-agent: *\nDisallow: /admin\nDisallow: /api/v1/admin/\nDisallow: /api/v1/auth/\nDisallow: /widget\n\nSitemap: {origin}/sitemap.xml\n"
        ),
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct OembedQuery {
    url: Option<String>,
    maxwidth: Option<String>,
    maxheight: Option<String>,
    format: Option<String>,
}

/// The iframe sizes offered when the consumer sets no bounds.
const OEMBED_WIDTH: u32 = 640;
const OEMBED_LIST_HEIGHT: u32 = 900;
const OEMBED_ITEM_HEIGHT: u32 = 600;

fn dimension(field: &str, v: Option<&str>) -> Result<Option<u32>, ApiErr> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or_else(|| {
                ApiErr::BadRequest(aqiqat_shared::FieldError::new(
                    field,
                    ErrorCode::InvalidDimension.as_str(),
                    format!("{field} is a whole number of pixels above 0"),
                ))
            }),
    }
}

/// `/oembed`: a CMS pastes one of our page or widget links and gets the widget's iframe to embed. Only this host's
/// widget and public pages, and only published items; anything else is a 404 with a JSON body.
async fn oembed(
    State(st): State<AppState>,
    headers: HeaderMap,
    RawQuery(qs): RawQuery,
) -> Result<Response, ApiErr> {
    let q: OembedQuery = serde_urlencoded::from_str(qs.as_deref().unwrap_or("")).map_err(|e| {
        ApiErr::BadRequest(aqiqat_shared::FieldError::new(
            "query",
            ErrorCode::InvalidQuery.as_str(),
            format!("bad query string: {e}"),
        ))
    })?;
    match q.format.as_deref().map(str::trim) {
        None | Some("" | "json") => {}
        Some(other) => {
            return Err(ApiErr::client(
                StatusCode::NOT_IMPLEMENTED,
                ErrorCode::FormatNotImplemented,
                format!("only format=json is offered, not {:?}", excerpt(other, 20)),
            ));
        }
    }
    let maxwidth = dimension("maxwidth", q.maxwidth.as_deref())?;
    let maxheight = dimension("maxheight", q.maxheight.as_deref())?;
    let Some(raw_url) = q.url.filter(|u| !u.trim().is_empty()) else {
        return Err(ApiErr::BadRequest(aqiqat_shared::FieldError::new(
            "url",
            ErrorCode::MissingUrl.as_str(),
            "url is the address of an Aqiqat page or widget",
        )));
    };
    let origin = origin(&st, &headers);
    let unknown = || ApiErr::NotFound {
        what: "embeddable page at",
        id: excerpt(&raw_url, 200),
    };
    let parsed = url::Url::parse(raw_url.trim()).map_err(|_| unknown())?;
    if parsed.origin().ascii_serialization() != origin {
        return Err(unknown());
    }
    let (state, _) = ViewState::parse(parsed.query().unwrap_or(""));
    let lang = state.query.lang;
    let path = parsed.path();
    // What to embed: the widget with the page's filters, or with the page's item opened.
    let mut embed = ViewState {
        query: state.query.clone(),
        appearance: state.appearance.clone(),
        ..ViewState::default()
    };
    let (title, default_height) = if let Some(id) = path.strip_prefix("/i/") {
        let d = st.db.incident_detail(id, lang).await?.ok_or_else(unknown)?;
        embed.query.filter = Default::default();
        embed.selected = Some(Selected::Incident(d.card.id.clone()));
        (d.card.title, OEMBED_ITEM_HEIGHT)
    } else if let Some(id) = path.strip_prefix("/c/") {
        let d = st.db.claim_detail(id, lang).await?.ok_or_else(unknown)?;
        embed.query.filter = Default::default();
        embed.selected = Some(Selected::Claim(d.card.id.clone()));
        (
            format!("«{}»", excerpt(&d.card.quote, 120)),
            OEMBED_ITEM_HEIGHT,
        )
    } else if path == "/" || path == "/claims" || path == "/widget" {
        embed.tab = if path == "/claims" {
            Tab::Claims
        } else {
            state.tab
        };
        if path == "/widget" {
            embed.selected = state.selected.clone();
            let found = match &state.selected {
                Some(Selected::Incident(id)) => st.db.incident_detail(id, lang).await?.is_some(),
                Some(Selected::Claim(id)) => st.db.claim_detail(id, lang).await?.is_some(),
                None => true,
            };
            if !found {
                return Err(unknown());
            }
        }
        (ui(lang).title.to_owned(), OEMBED_LIST_HEIGHT)
    } else {
        return Err(unknown());
    };
    embed.query.cursor = None;
    let width = maxwidth.map_or(OEMBED_WIDTH, |m| m.min(OEMBED_WIDTH));
    let height = maxheight.map_or(default_height, |m| m.min(default_height));
    let src = abs(&origin, &embed.href(Surface::Widget, false));
    let html = format!(
        "<iframe src=\"{}\" width=\"{width}\" height=\"{height}\" title=\"{}\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>",
        escape(&src),
        escape(&title)
    );
    let body = json!({
        "type": "rich",
        "version": "1.0",
        "title": title,
        "provider_name": site_name(),
        "provider_url": origin,
        "cache_age": 3600,
        "html": html,
        "width": width,
        "height": height,
    });
    Ok((
        [
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        axum::Json(body),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 12), "one two…");
        assert_eq!(excerpt("слово, другое слово", 10), "слово…");
    }

    #[test]
    fn every_verdict_but_unproven_is_on_the_scale() {
        let on: Vec<_> = Verdict::ALL
            .iter()
            .filter_map(|v| rating_value(*v))
            .collect();
        assert_eq!(on, [5, 4, 3, 2, 1]);
        assert_eq!(rating_value(Verdict::Unproven), None);
    }
}
