//! Server rendering (feature `ssr`): the reader views and the public pages as HTML documents, from the same
//! components the widget bundle runs in the browser. The server gathers the data from its database and calls these
//! functions; nothing here does I/O.

use aqiqat_shared::Lang;
use aqiqat_shared::api::{ClaimDetail, IncidentDetail};
use aqiqat_shared::view::{Tab, ViewData, ViewState};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

use crate::i18n::{date_label, ui};
use crate::widget::{Widget, claim_detail, incident_detail};

/// The stylesheet for readers without scripts: the filter panel open (there is nothing to open it with). Pages
/// carry it in `<noscript>`; the server's CSP allows it by hash.
pub const NOSCRIPT_CSS: &str =
    ".aq-panel{display:block!important}.aq-ftoggle{display:none!important}";

/// What goes into a document's `<head>` besides the stylesheet.
#[derive(Debug, Clone, Default)]
pub struct Head {
    pub lang: Lang,
    /// The document's title (with the site's name).
    pub title: String,
    /// The title for link previews (Open Graph, Twitter), when it differs: the item's own.
    pub share_title: Option<String>,
    pub description: Option<String>,
    /// Absolute URL of this page in its language.
    pub canonical: Option<String>,
    /// `(hreflang, absolute URL)`, `x-default` included.
    pub alternates: Vec<(String, String)>,
    /// Open Graph / Twitter card: `og:type` (`article`, `website`) and the site's name.
    pub og_type: Option<&'static str>,
    pub site_name: String,
    /// Absolute URL of this page's oEmbed answer.
    pub oembed: Option<String>,
    /// Structured data (JSON-LD), already serialized with `<` escaped.
    pub json_ld: Option<String>,
    /// Feeds of the list, `(type, title, URL)`.
    pub feeds: Vec<(&'static str, String, String)>,
    /// The page is not for search engines (the widget: its public page is the one to index).
    pub noindex: bool,
    /// The stylesheet, inlined (the server's CSP allows it by hash).
    pub css: String,
    /// The view's theme, accent and font (`shared::appearance::Appearance::css`), after the stylesheet; the
    /// server's CSP allows it by hash too.
    pub theme_css: Option<String>,
}

/// How the widget bundle starts: its boot script and the files worth fetching early.
#[derive(Debug, Clone)]
pub struct Script {
    pub boot: String,
    pub wasm: String,
}

const LOCALES: [(Lang, &str); 3] = [
    (Lang::Ru, "ru_RU"),
    (Lang::Kk, "kk_KZ"),
    (Lang::En, "en_US"),
];

fn locale(lang: Lang) -> &'static str {
    LOCALES
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or("ru_RU", |(_, s)| s)
}

/// Renders a view to HTML in a reactive root of its own (dropped with the render).
fn html<V: IntoView + 'static>(f: impl FnOnce() -> V) -> String {
    let owner = Owner::new();
    let out = owner.with(|| f().into_view().to_html());
    drop(owner);
    out
}

/// `<meta property=… content=…>` (Open Graph's attribute, which the view macro does not know).
fn og(property: &'static str, content: impl Into<String>) -> impl IntoView {
    use leptos::tachys::html::attribute::custom::CustomAttribute;
    leptos::html::meta()
        .attr("property", property)
        .content(content.into())
}

fn head(h: &Head) -> impl IntoView + use<> {
    let h = h.clone();
    let description = h.description.clone();
    let share_title = h.share_title.clone().unwrap_or_else(|| h.title.clone());
    let og = h.og_type.map(|kind| {
        let alternates: Vec<_> = LOCALES
            .iter()
            .filter(|(l, _)| *l != h.lang)
            .map(|(_, s)| og("og:locale:alternate", *s))
            .collect();
        view! {
            {og("og:type", kind)}
            {og("og:title", share_title.clone())}
            {description.clone().map(|d| og("og:description", d))}
            {h.canonical.clone().map(|u| og("og:url", u))}
            {og("og:site_name", h.site_name.clone())}
            {og("og:locale", locale(h.lang))}
            {alternates}
            <meta name="twitter:card" content="summary"/>
            <meta name="twitter:title" content=share_title/>
            {description.clone().map(|d| view! { <meta name="twitter:description" content=d/> })}
        }
    });
    view! {
        <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>{h.title.clone()}</title>
            {h.description.clone().map(|d| view! { <meta name="description" content=d/> })}
            {h.noindex.then(|| view! { <meta name="robots" content="noindex"/> })}
            {h.canonical.clone().map(|u| view! { <link rel="canonical" href=u/> })}
            {h
                .alternates
                .iter()
                .map(|(l, u)| view! { <link rel="alternate" hreflang=l.clone() href=u.clone()/> })
                .collect_view()}
            {h
                .oembed
                .clone()
                .map(|u| {
                    view! {
                        <link
                            rel="alternate"
                            type="application/json+oembed"
                            href=u
                            title=h.title.clone()
                        />
                    }
                })}
            {h
                .feeds
                .iter()
                .map(|(t, title, u)| {
                    view! { <link rel="alternate" type=*t title=title.clone() href=u.clone()/> }
                })
                .collect_view()}
            {og}
            <link rel="icon" href="/favicon.ico"/>
            <style inner_html=h.css.clone()></style>
            {h.theme_css.clone().map(|c| view! { <style inner_html=c></style> })}
            <noscript>
                <style inner_html=NOSCRIPT_CSS></style>
            </noscript>
            {h.json_ld.clone().map(|j| view! { <script type="application/ld+json" inner_html=j></script> })}
        </head>
    }
}

/// The page's data for the bundle, as JSON that cannot end the `<script>` element it sits in.
fn data_json(data: &ViewData) -> String {
    serde_json::to_string(data)
        .unwrap_or_else(|_| "null".to_owned())
        .replace('<', "\\u003c")
}

/// A whole document. Only the reader view in `<main>` is hydrated, so the comment markers Leptos leaves for
/// hydration are dropped everywhere else (in `<title>` they would even show: its text is not parsed as markup).
/// A literal `<!>` cannot come from content: text and attribute values are escaped.
fn doc<B: IntoView + 'static>(
    lang: Lang,
    head_view: impl IntoView + 'static,
    body: impl FnOnce() -> B,
    hydrated: bool,
) -> String {
    let head = html(move || head_view).replace("<!>", "");
    // Built inside the render's reactive root: components such as `<For>` need an owner.
    let body = html(body);
    let body = if hydrated {
        body
    } else {
        body.replace("<!>", "")
    };
    format!(
        "<!DOCTYPE html><html lang=\"{}\">{head}{body}</html>",
        lang.as_str()
    )
}

/// The site's header on public pages: its name, the two lists, the languages of this page (`lang_href`; none on
/// the list pages, where the reader view has its own language switch: one navigation landmark per purpose).
fn site_header(
    lang: Lang,
    tab: Option<Tab>,
    lang_href: Option<impl Fn(Lang) -> String>,
) -> impl IntoView {
    let u = ui(lang);
    let on = move |t: Tab| (tab == Some(t)).then_some("page");
    let with_lang = move |path: &str| {
        if lang == Lang::Ru {
            path.to_owned()
        } else {
            format!("{path}?lang={}", lang.as_str())
        }
    };
    view! {
        <header class="aq-site">
            <a class="aq-brand" href=with_lang("/")>
                "Aqiqat"
            </a>
            <nav class="aq-site-nav" aria-label=u.site_nav>
                <a href=with_lang("/") aria-current=on(Tab::Incidents)>
                    {u.incidents}
                </a>
                <a href=with_lang("/claims") aria-current=on(Tab::Claims)>
                    {u.claims}
                </a>
            </nav>
            {lang_href
                .map(|lang_href| {
                    view! {
                        <nav class="aq-langs" aria-label=u.language>
                            {Lang::ALL
                                .into_iter()
                                .map(|l| {
                                    view! {
                                        <a
                                            class=if l == lang { "aq-lang aq-on" } else { "aq-lang" }
                                            href=lang_href(l)
                                            hreflang=l.as_str()
                                            lang=l.as_str()
                                            aria-current=(l == lang).then_some("true")
                                        >
                                            {l.as_str().to_ascii_uppercase()}
                                        </a>
                                    }
                                })
                                .collect_view()}
                        </nav>
                    }
                })}
        </header>
    }
}

fn site_footer(lang: Lang) -> impl IntoView {
    let embed = if lang == Lang::Ru {
        "/embed".to_owned()
    } else {
        format!("/embed?lang={}", lang.as_str())
    };
    view! {
        <footer class="aq-site-foot">
            <p>{ui(lang).about}</p>
            <p>
                <a href=embed>{crate::builder::i18n::text(lang).footer_link}</a>
            </p>
        </footer>
    }
}

/// The embed builder's page (`/embed`): the site around it, an introduction, and the place the `embed` bundle
/// mounts the builder in (`#aqiqat-embed`; without scripts it says how to embed by hand). `script`: the bundle's
/// boot script and stylesheet, when built.
pub fn embed_document(h: &Head, script: Option<(String, String)>, example: String) -> String {
    let lang = h.lang;
    let t = crate::builder::i18n::text(lang);
    let with_lang = move |l: Lang| {
        if l == Lang::Ru {
            "/embed".to_owned()
        } else {
            format!("/embed?lang={}", l.as_str())
        }
    };
    let (boot, css) = script.unzip();
    let head_view = head(h);
    let body = move || {
        view! {
            <body>
                {site_header(lang, None, Some(with_lang))}
                <main id="main" class="aqb-page">
                    <h1>{t.page_title}</h1>
                    <p>{t.intro}</p>
                    <div id="aqiqat-embed" aria-busy="true">
                        <p>{t.noscript}</p>
                        <pre><code>{example}</code></pre>
                    </div>
                </main>
                {site_footer(lang)}
                {css.map(|c| view! { <link rel="stylesheet" href=c/> })}
                {boot.map(|b| view! { <script type="module" src=b></script> })}
            </body>
        }
    };
    doc(lang, head_view, body, false)
}

/// The widget's page (`/widget`) or a public list page (`/`, `/claims`): the reader view rendered from `data`, the
/// data itself for hydration, and the bundle that hydrates it (none when the bundle is not built: the page still
/// works as HTML).
pub fn view_document(h: &Head, data: ViewData, script: Option<&Script>) -> String {
    let (state, _) = ViewState::parse(&data.view);
    let lang = state.query.lang;
    let json = data_json(&data);
    let page = data.page;
    let preview = state.preview;
    let script = script.cloned();
    let body = move || {
        let main = if preview {
            // The editors' preview is mounted in the browser (it reads unpublished items with their session). It
            // shows an item without the widget's head: the document's level-one heading is here, for screen readers.
            view! {
                <header>
                    <h1 class="aq-vh">{ui(lang).title}</h1>
                </header>
                <main id="aqiqat-root" class="aq-root" aria-busy="true"></main>
            }
            .into_any()
        } else {
            view! {
                <main id="aqiqat-root" class="aq-root">
                    <Widget data/>
                </main>
            }
            .into_any()
        };
        let tab = state.tab;
        view! {
            <body>
                {page.then(move || site_header(lang, Some(tab), None::<fn(Lang) -> String>))}
                {main}
                {page.then(|| site_footer(lang))}
                <script type="application/json" id="aq-data" inner_html=json></script>
                {script
                    .map(|s| {
                        view! {
                            <link rel="preload" href=s.wasm r#as="fetch" type="application/wasm" crossorigin=""/>
                            <script type="module" src=s.boot></script>
                        }
                    })}
            </body>
        }
    };
    doc(lang, head(h), body, !preview)
}

/// The public page of an incident (`/i/<id>`): complete without scripts.
pub fn incident_document(h: &Head, d: IncidentDetail, lang: Lang) -> String {
    let id = d.card.id.clone();
    let updated = d.updated_at.clone();
    let body = move || {
        view! {
            <body>
                {site_header(lang, None, Some(move |l| aqiqat_shared::view::public_path(aqiqat_shared::view::PageKind::Incident, &id, l)))}
                <main id="aqiqat-root" class="aq-root">
                    <div class="aq aq-page">
                        {page_title(lang)}
                        <article class="aq-detail">{incident_detail(d, lang, None)} {updated_line(lang, updated)}</article>
                    </div>
                </main>
                {site_footer(lang)}
            </body>
        }
    };
    doc(lang, head(h), body, false)
}

/// The public page of a claim (`/c/<id>`): complete without scripts.
pub fn claim_document(h: &Head, d: ClaimDetail, lang: Lang) -> String {
    let id = d.card.id.clone();
    // The quote is the article's title, but a quotation is no heading: a level-two heading (for screen readers)
    // names the claim and its speaker, so the sections below it are in order.
    let heading = format!(
        "{}: {}",
        aqiqat_shared::admin::ItemKind::Claim.label(lang),
        d.card.speaker.name
    );
    let updated = d.updated_at.clone();
    let body = move || {
        view! {
            <body>
                {site_header(lang, None, Some(move |l| aqiqat_shared::view::public_path(aqiqat_shared::view::PageKind::Claim, &id, l)))}
                <main id="aqiqat-root" class="aq-root">
                    <div class="aq aq-page">
                        {page_title(lang)}
                        <article class="aq-detail">
                            <h2 class="aq-vh">{heading}</h2>
                            {claim_detail(d, lang, None)}
                            {updated_line(lang, updated)}
                        </article>
                    </div>
                </main>
                {site_footer(lang)}
            </body>
        }
    };
    doc(lang, head(h), body, false)
}

/// An item page's level-one heading: the monitor's name, as the list pages have it (the item's own title is the
/// level-two heading of its article, as in the widget).
fn page_title(lang: Lang) -> impl IntoView {
    view! { <h1 class="aq-title aq-page-title">{ui(lang).title}</h1> }
}

/// «Updated 3 Dec 2026», from an RFC 3339 time (its date part).
fn updated_line(lang: Lang, updated: Option<String>) -> impl IntoView {
    updated
        .and_then(|u| u.get(..10).and_then(|d| d.parse::<aqiqat_shared::PartialDate>().ok()))
        .map(|d| {
            view! {
                <p class="aq-updated">
                    {ui(lang).updated} ": " <time datetime=d.to_string()>{date_label(lang, &d)}</time>
                </p>
            }
        })
}

/// A short page for an error status (404: an item that is not published, whatever the reason).
pub fn message_document(h: &Head, status: u16, lang: Lang) -> String {
    let u = ui(lang);
    let text = match status {
        404 => u.not_found,
        400 => u.bad_address,
        _ => u.error,
    };
    let body = move || {
        view! {
            <body>
                {site_header(lang, None, Some(move |l: Lang| if l == Lang::Ru { "/".to_owned() } else { format!("/?lang={}", l.as_str()) }))}
                <main id="aqiqat-root" class="aq-root">
                    <div class="aq aq-page">
                        <h1 class="aq-title">{status.to_string()}</h1>
                        <p>{text}</p>
                    </div>
                </main>
                {site_footer(lang)}
            </body>
        }
    };
    doc(lang, head(h), body, false)
}
