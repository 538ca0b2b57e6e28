//! The reader views: filters, timeline, result lists and the item detail. The server renders them to HTML (feature
//! `ssr`, see `crate::ssr`) and the widget bundle hydrates that HTML in the browser (feature `hydrate`): one set of
//! components on both sides, started from the same [`ViewData`].
//!
//! Every control is a real link or form field first (the filter bar is a GET form, items and tabs are links), so a
//! view works without scripts; when the bundle runs, the same elements update the view in place. Filtering updates
//! list, counts and timeline together because they are all derived from one filter signal.

#[cfg(feature = "hydrate")]
mod boot;
mod timeline;

use aqiqat_shared::api::{ClaimCard, ClaimDetail, Facets, IncidentCard, IncidentDetail, Page};
use aqiqat_shared::filter::{StoryFilter, VerdictFilter};
use aqiqat_shared::view::{Selected, Surface, Tab, ViewData, ViewState};
use aqiqat_shared::{
    Category, Filter, Kind, Lang, ListQuery, PartialDate, Platform, Region, Source, Stage, Verdict,
};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api;
use crate::i18n::{date_label, ui, when_label};
use aqiqat_shared::appearance::Appearance;
use aqiqat_shared::markup::escape;

#[cfg(feature = "hydrate")]
pub use boot::start;

/// The signals of one reader view, shared by its parts.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    pub filter: RwSignal<Filter>,
    pub lang: RwSignal<Lang>,
    pub tab: RwSignal<Tab>,
    pub selected: RwSignal<Option<Selected>>,
    pub surface: Surface,
    pub embed: bool,
    /// Theme, accent and font: kept in every link and form of the view (the server styles the page by them).
    pub appearance: StoredValue<Appearance>,
    /// The list row a reader opened an item from: the detail takes the focus, and gives it back there.
    pub return_to: StoredValue<Option<String>>,
}

impl Ctx {
    /// Whether items open in place (the widget, and a snapshot's copy of it), rather than as public pages.
    #[cfg(feature = "snapshot-view")]
    fn in_place(&self) -> bool {
        self.surface != Surface::Page
    }

    #[cfg(not(feature = "snapshot-view"))]
    #[inline(always)]
    fn in_place(&self) -> bool {
        self.surface == Surface::Widget
    }

    /// The view as it stands (tracked: a link built from it follows the view).
    fn state(&self) -> ViewState {
        ViewState {
            query: ListQuery {
                filter: self.filter.get(),
                lang: self.lang.get(),
                ..ListQuery::default()
            },
            tab: self.tab.get(),
            selected: self.selected.get(),
            embed: self.embed,
            preview: false,
            appearance: self.appearance.get_value(),
        }
    }

    /// The address of the view after `change`, on this view's surface.
    fn href(&self, change: impl FnOnce(&mut ViewState)) -> String {
        let mut s = self.state();
        change(&mut s);
        s.href(self.surface, false)
    }

    /// The address that opens an item: in place in the widget, its public page from a list page.
    fn item_href(&self, target: &Selected) -> String {
        if self.in_place() {
            self.href(|s| s.selected = Some(target.clone()))
        } else {
            target.public_path(self.lang.get())
        }
    }
}

/// Moves the keyboard focus to the element `selector` finds, once the view has been updated.
fn focus_later(selector: String) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// The export or feed of the list a view shows, with its filters and language: `{prefix}incidents{suffix}?…`.
fn data_href(ctx: Ctx, prefix: &str, suffix: &str) -> String {
    let kind = match ctx.tab.get() {
        Tab::Incidents => "incidents",
        Tab::Claims => "claims",
    };
    let q = ListQuery {
        filter: ctx.filter.get(),
        lang: ctx.lang.get(),
        ..ListQuery::default()
    }
    .to_query_string();
    if q.is_empty() {
        format!("{prefix}{kind}{suffix}")
    } else {
        format!("{prefix}{kind}{suffix}?{q}")
    }
}

/// A plain left click (no modifier: those open new tabs and windows, which the link's address serves).
fn plain_click(ev: &MouseEvent) -> bool {
    ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key())
}

/// Handles a link's plain click in place instead of following it.
fn in_place(ev: MouseEvent, act: impl FnOnce()) {
    if plain_click(&ev) {
        ev.prevent_default();
        act();
    }
}

/// The answer of the request `fetch` makes, redone whenever the signals `fetch` reads change. It starts with the
/// server's answer when there is one (and then does not ask again until the view changes); the previous answer
/// stays until the next arrives, and a late answer to an outdated request is dropped.
fn fetched<T, F>(
    initial: Option<T>,
    fetch: impl Fn() -> F + 'static,
) -> ReadSignal<Option<Result<T, String>>>
where
    T: Send + Sync + 'static,
    F: std::future::Future<Output = Result<T, String>> + 'static,
{
    let have_initial = initial.is_some();
    let (value, set_value) = signal(initial.map(Ok));
    let generation = StoredValue::new(0u64);
    Effect::new(move |ran: Option<()>| {
        // Read the signals even when not asking, so that a change asks.
        let request = fetch();
        if ran.is_none() && have_initial {
            return;
        }
        generation.update_value(|g| *g += 1);
        let current = generation.get_value();
        spawn_local(async move {
            let answer = request.await;
            // The view may be gone by now.
            if generation.try_get_value() == Some(current) {
                set_value.try_set(Some(answer));
            }
        });
    });
    value
}

#[derive(Clone, Debug)]
struct ListState<T> {
    items: Vec<T>,
    total: u64,
    next: Option<String>,
    loading: bool,
    error: Option<String>,
    /// Counts the times the list was replaced (a new query), so that its scroll box returns to the top.
    serial: u64,
}

impl<T> ListState<T> {
    fn new(initial: Option<Page<T>>) -> Self {
        match initial {
            Some(page) => ListState {
                items: page.items,
                total: page.total,
                next: page.next_cursor,
                loading: false,
                error: None,
                serial: 0,
            },
            None => ListState {
                items: Vec::new(),
                total: 0,
                next: None,
                loading: true,
                error: None,
                serial: 0,
            },
        }
    }

    fn apply(&mut self, result: Result<Page<T>, String>, append: bool) {
        self.loading = false;
        match result {
            Ok(page) => {
                if append {
                    self.items.extend(page.items);
                } else {
                    self.items = page.items;
                    self.serial += 1;
                }
                self.total = page.total;
                self.next = page.next_cursor;
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }
}

/// The reader view: the widget (`/widget`) or a public list page (`/`, `/claims`), from the data the server rendered
/// it with.
#[component]
pub fn Widget(data: ViewData) -> impl IntoView {
    let (state, _) = ViewState::parse(&data.view);
    let ctx = Ctx {
        filter: RwSignal::new(state.query.filter.clone()),
        lang: RwSignal::new(state.query.lang),
        tab: RwSignal::new(state.tab),
        selected: RwSignal::new(state.selected.clone()),
        surface: if data.page {
            Surface::Page
        } else {
            #[cfg(feature = "snapshot-view")]
            if data.snapshot {
                Surface::Snapshot
            } else {
                Surface::Widget
            }
            #[cfg(not(feature = "snapshot-view"))]
            Surface::Widget
        },
        embed: state.embed,
        appearance: StoredValue::new(state.appearance.clone()),
        return_to: StoredValue::new(None),
    };
    let Ctx {
        filter,
        lang,
        tab,
        selected,
        ..
    } = ctx;
    let notices = data.notices;
    let version = RwSignal::new(data.data_version);
    let query = Memo::new(move |_| ListQuery {
        filter: filter.get(),
        lang: lang.get(),
        data_version: version.get(),
        ..ListQuery::default()
    });
    // The page the server rendered, when a reader without scripts followed a next-page link.
    let paged = RwSignal::new(state.query.cursor.is_some());
    let first_page = state.clone();

    // A publish reaches an open view within a minute: a new version changes every query, which refetches.
    // (An effect, so it runs only in the browser.)
    Effect::new(move |_| {
        set_interval(
            move || {
                spawn_local(async move {
                    if let Ok(v) = api::version().await
                        && version.get_untracked() != Some(v)
                    {
                        version.set(Some(v));
                    }
                });
            },
            std::time::Duration::from_secs(60),
        );
    });

    // Keep the address in step once the reader changes the view, so the back button, reloads and shared links
    // restore it. (The first run keeps the address the page came with.)
    Effect::new(move |ran: Option<Lang>| {
        let href = ctx.state().href(ctx.surface, false);
        let l = lang.get();
        if let Some(before) = ran {
            if let Some(w) = web_sys::window()
                && let Ok(history) = w.history()
            {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
            }
            // Only when it changes: setting `lang`, even to the same value, restyles the whole document (a sixth
            // of a filter change's time at 10,000 incidents).
            if before != l
                && let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.document_element())
            {
                let _ = el.set_attribute("lang", l.as_str());
            }
        }
        l
    });

    // The list, the counts and the timeline of one query arrive together and are applied together: one repaint
    // per reader action. A change of tab alone asks for its list only.
    let (facets, set_facets) = signal(data.facets.map(Ok));
    let (timeline, set_timeline) = signal(data.timeline.map(Ok));
    // Whether `timeline` holds only the newest months (a widget page's first screen).
    let partial = StoredValue::new(data.timeline_partial);
    let initial_tab = state.tab;
    let have_list = match initial_tab {
        Tab::Incidents => data.incidents.is_some(),
        Tab::Claims => data.claims.is_some(),
    };
    let incidents = RwSignal::new(ListState::new(data.incidents));
    let claims = RwSignal::new(ListState::new(data.claims));
    let generation = StoredValue::new(0u64);
    let asked = StoredValue::new(None::<ListQuery>);
    Effect::new(move |ran: Option<()>| {
        let q = query.get();
        let t = tab.get();
        let counts_current = asked.with_value(|a| a.as_ref() == Some(&q));
        asked.set_value(Some(q.clone()));
        if ran.is_none() && have_list {
            return;
        }
        // The server's counts stand for the first query; later ones ask again.
        let counts = !counts_current && ran.is_some()
            || facets.with_untracked(Option::is_none)
            || timeline.with_untracked(Option::is_none);
        // Only when it changes: the result list is built under a closure that reads it, and setting a signal
        // notifies even with the same value (every filter change rebuilt the whole list).
        if paged.get_untracked() {
            paged.set(false);
        }
        generation.update_value(|g| *g += 1);
        let current = generation.get_value();
        match t {
            Tab::Incidents => incidents.update(|s| s.loading = true),
            Tab::Claims => claims.update(|s| s.loading = true),
        }
        spawn_local(async move {
            // A new query asks for its list, counts and timeline in one request; a change of tab, its list only.
            let (list, f, tl) = if counts {
                match api::view(&q, t == Tab::Claims).await {
                    Ok(v) => (
                        match v.claims {
                            Some(c) => Err(Ok(c)),
                            None => Ok(v
                                .incidents
                                .ok_or_else(|| "no list in the answer".to_owned())),
                        },
                        Some(Ok(v.facets)),
                        Some(Ok(v.timeline)),
                    ),
                    Err(e) => (
                        match t {
                            Tab::Incidents => Ok(Err(e.clone())),
                            Tab::Claims => Err(Err(e.clone())),
                        },
                        Some(Err(e.clone())),
                        Some(Err(e)),
                    ),
                }
            } else {
                let list = match t {
                    Tab::Incidents => Ok(api::incidents(&q).await),
                    Tab::Claims => Err(api::claims(&q).await),
                };
                (list, None, None)
            };
            // The view may be gone, or a newer query asked meanwhile.
            if generation.try_get_value() != Some(current) {
                return;
            }
            match list {
                Ok(r) => incidents.update(|s| s.apply(r, false)),
                Err(r) => claims.update(|s| s.apply(r, false)),
            }
            if let Some(f) = f {
                set_facets.set(Some(f));
            }
            if let Some(tl) = tl {
                partial.set_value(false);
                set_timeline.set(Some(tl));
            }
        });
    });
    // A widget page comes with its timeline's newest months: the whole timeline is asked for when a reader reaches
    // for the chart (unless a filter change brought it first).
    let chart_wanted = RwSignal::new(false);
    Effect::new(move |_| {
        if !chart_wanted.get() || !partial.get_value() {
            return;
        }
        let current = generation.get_value();
        let q = query.get_untracked();
        let tq = ListQuery {
            filter: q.filter.without_dates(),
            ..q
        };
        spawn_local(async move {
            let tl = api::timeline(&tq).await;
            // A filter change meanwhile brings its own timeline.
            if generation.try_get_value() == Some(current) && partial.try_get_value() == Some(true)
            {
                partial.set_value(false);
                set_timeline.set(Some(tl));
            }
        });
    });
    let load_more = move || {
        let current = generation.get_value();
        let mut q = query.get_untracked();
        match tab.get_untracked() {
            Tab::Incidents => {
                let Some(cursor) = incidents.with_untracked(|s| s.next.clone()) else {
                    return;
                };
                q.cursor = Some(cursor);
                q.limit = aqiqat_shared::filter::LIMIT_MAX;
                incidents.update(|s| s.loading = true);
                spawn_local(async move {
                    let r = api::incidents(&q).await;
                    if generation.get_value() == current {
                        incidents.update(|s| s.apply(r, true));
                    }
                });
            }
            Tab::Claims => {
                let Some(cursor) = claims.with_untracked(|s| s.next.clone()) else {
                    return;
                };
                q.cursor = Some(cursor);
                q.limit = aqiqat_shared::filter::LIMIT_MAX;
                claims.update(|s| s.loading = true);
                spawn_local(async move {
                    let r = api::claims(&q).await;
                    if generation.get_value() == current {
                        claims.update(|s| s.apply(r, true));
                    }
                });
            }
        }
    };
    // The address of the next page, for readers without scripts (with scripts, the link appends in place).
    let next_href = move |next: Option<String>| {
        let mut s = ctx.state();
        s.query.cursor = next;
        s.href(ctx.surface, true)
    };

    let facet_data =
        Memo::new(move |_| facets.with(|f| f.as_ref().and_then(|r| r.as_ref().ok().cloned())));
    let counts = move |t: Tab| {
        facet_data.with(|f| {
            f.as_ref().map(|f| {
                if t == Tab::Incidents {
                    f.incidents
                } else {
                    f.claims
                }
            })
        })
    };
    let tab_link = move |t: Tab| {
        let label = move || {
            let u = ui(lang.get());
            let name = if t == Tab::Incidents {
                u.incidents
            } else {
                u.claims
            };
            match counts(t) {
                Some(n) => format!("{name} ({n})"),
                None => name.to_owned(),
            }
        };
        let on = move || tab.get() == t && selected.with(Option::is_none);
        view! {
            <a
                href=move || {
                    ctx.href(|s| {
                        s.tab = t;
                        s.selected = None;
                    })
                }
                class=move || if on() { "aq-tab aq-on" } else { "aq-tab" }
                aria-current=move || on().then_some("page")
                on:click=move |ev| {
                    if ctx.in_place() {
                        in_place(
                            ev,
                            || {
                                selected.set(None);
                                tab.set(t);
                            },
                        );
                    }
                }
            >
                {label}
            </a>
        }
    };
    let detail_initial = match (&state.selected, data.incident, data.claim) {
        (Some(Selected::Incident(id)), Some(d), _) if d.card.id == *id => {
            Some(DetailData::Incident(Box::new(d)))
        }
        (Some(Selected::Claim(id)), _, Some(d)) if d.card.id == *id => {
            Some(DetailData::Claim(Box::new(d)))
        }
        _ => None,
    };
    let detail_initial = StoredValue::new(detail_initial);

    view! {
        <div class=if ctx.embed { "aq aq-embedded" } else { "aq" }>
            <header class="aq-head">
                <div>
                    <h1 class="aq-title">{move || ui(lang.get()).title}</h1>
                    <p class="aq-sub">{move || ui(lang.get()).subtitle}</p>
                </div>
                <LangSwitch ctx/>
            </header>
            {(!notices.is_empty())
                .then(|| {
                    view! {
                        <div class="aq-notice" role="status">
                            {move || ui(lang.get()).bad_option}
                            ": "
                            {notices.join("; ")}
                        </div>
                    }
                })}
            <FilterBar ctx facets=facet_data/>
            <timeline::Timeline filter lang data=timeline wanted=chart_wanted/>
            <div class="aq-summary" role="status" aria-live="polite">
                {move || {
                    let u = ui(lang.get());
                    match facet_data.get() {
                        Some(f) => {
                            format!(
                                "{}: {} — {}, {} — {}",
                                u.found,
                                u.incidents_lc,
                                f.incidents,
                                u.claims_lc,
                                f.claims,
                            )
                        }
                        None => u.loading.to_owned(),
                    }
                }}
            </div>
            <nav class="aq-tabs" aria-label=move || ui(lang.get()).title>
                {tab_link(Tab::Incidents)}
                {tab_link(Tab::Claims)}
            </nav>
            {move || match selected.get() {
                Some(sel) => {
                    let initial = detail_initial
                        .try_update_value(|d| d.take().filter(|d| d.is(&sel)))
                        .flatten();
                    view! { <Detail sel ctx initial/> }.into_any()
                }
                None => {
                    let more = ListMore {
                        load_more,
                        next_href,
                        first_href: paged
                            .get()
                            .then(|| first_page.href(ctx.surface, false)),
                    };
                    match tab.get() {
                        Tab::Incidents => {
                            view! { <IncidentList state=incidents ctx more/> }.into_any()
                        }
                        Tab::Claims => view! { <ClaimList state=claims ctx more/> }.into_any(),
                    }
                }
            }}
            {foot(ctx)}
        </div>
    }
}

/// The widget's footer: the project, the licence, and what this view shows as a file and as a feed (every match,
/// not one page). A snapshot has no export or feed (those are the server's), and its links stay inside it.
fn foot(ctx: Ctx) -> impl IntoView {
    let lang = ctx.lang;
    #[cfg(feature = "snapshot-view")]
    if ctx.surface == Surface::Snapshot {
        return view! {
            <footer class="aq-foot">
                <a href="index.html">"Aqiqat"</a>
                " · CC BY 4.0"
            </footer>
        }
        .into_any();
    }
    view! {
        <footer class="aq-foot">
            <a href="/" target="_blank" rel="noopener">"Aqiqat"</a>
            " · CC BY 4.0 · "
            <a href=move || data_href(ctx, "/api/v1/export/", ".csv") download="">
                {move || ui(lang.get()).download}
                " CSV"
            </a>
            " · "
            <a href=move || data_href(ctx, "/feeds/", ".atom") target="_blank" rel="noopener">
                "Atom"
            </a>
        </footer>
    }
    .into_any()
}

#[component]
fn LangSwitch(ctx: Ctx) -> impl IntoView {
    let lang = ctx.lang;
    view! {
        <nav class="aq-langs" aria-label=move || ui(lang.get()).language>
            {Lang::ALL
                .into_iter()
                .map(|l| {
                    view! {
                        <a
                            href=move || ctx.href(|s| s.query.lang = l)
                            hreflang=l.as_str()
                            lang=l.as_str()
                            class=move || if lang.get() == l { "aq-lang aq-on" } else { "aq-lang" }
                            aria-current=move || (lang.get() == l).then_some("true")
                            on:click=move |ev| {
                                if ctx.in_place() {
                                    in_place(ev, || lang.set(l));
                                }
                            }
                        >
                            {l.as_str().to_ascii_uppercase()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// An ARIA boolean's text.
fn true_false(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

fn count_of(
    f: &Option<Facets>,
    pick: fn(&Facets) -> &Vec<aqiqat_shared::api::FacetCount>,
    value: &str,
) -> Option<u64> {
    f.as_ref()
        .and_then(|f| pick(f).iter().find(|c| c.value == value).map(|c| c.count))
}

/// How many filters (besides the search words) are set: the phone layout's "Filters (n)".
fn active_filters(f: &Filter) -> usize {
    f.categories.len()
        + f.kinds.len()
        + f.regions.len()
        + f.platforms.len()
        + f.verdicts.len()
        + f.stages.len()
        + usize::from(f.from.is_some() || f.to.is_some())
        + usize::from(f.story.is_some())
}

/// The filters, as a GET form: without scripts a reader submits it; with them, every change applies at once.
#[component]
fn FilterBar(ctx: Ctx, facets: Memo<Option<Facets>>) -> impl IntoView {
    let Ctx { filter, lang, .. } = ctx;
    // The search box updates the filter after a short pause in typing, or at once on Enter.
    let (on_input, on_search) = crate::search_box::handlers(filter);
    let action = match ctx.surface {
        Surface::Widget => "/widget",
        #[cfg(feature = "snapshot-view")]
        Surface::Snapshot => "index.html",
        Surface::Page => {
            if ctx.tab.get_untracked() == Tab::Claims {
                "/claims"
            } else {
                "/"
            }
        }
    };
    let widget = ctx.in_place();
    let panel = RwSignal::new(false);

    let chips = Category::ALL
        .iter()
        .map(|&c| {
            let on = move || filter.with(|f| f.categories.contains(&c));
            view! {
                <label
                    class=move || {
                        format!("aq-chip aq-cat-{}{}", c.as_str(), if on() { " aq-on" } else { "" })
                    }
                    data-value=c.as_str()
                >
                    <input
                        type="checkbox"
                        name="category"
                        value=c.as_str()
                        checked=on
                        prop:checked=on
                        on:change=move |_| {
                            filter
                                .update(|f| {
                                    if let Some(i) = f.categories.iter().position(|x| *x == c) {
                                        f.categories.remove(i);
                                    } else {
                                        f.categories.push(c);
                                    }
                                })
                        }
                    />
                    <span class="aq-swatch" aria-hidden="true"></span>
                    {move || c.label(lang.get())}
                    <span class="aq-count">
                        {move || facets.with(|f| count_of(f, |f| &f.category, c.as_str()).map(|n| n.to_string()))}
                    </span>
                </label>
            }
        })
        .collect_view();

    view! {
        <form
            class="aq-filters"
            role="search"
            method="get"
            action=action
            on:submit=|ev| ev.prevent_default()
        >
            {move || {
                let l = lang.get();
                (l != Lang::Ru).then(|| view! { <input type="hidden" name="lang" value=l.as_str()/> })
            }}
            {(widget && ctx.tab.get_untracked() == Tab::Claims)
                .then(|| view! { <input type="hidden" name="tab" value="claims"/> })}
            {ctx.embed.then(|| view! { <input type="hidden" name="embed" value="1"/> })}
            {ctx
                .appearance
                .get_value()
                .pairs()
                .into_iter()
                .map(|(k, v)| view! { <input type="hidden" name=k value=v/> })
                .collect_view()}
            <div class="aq-search">
                <label for="aq-q">{move || ui(lang.get()).search_label}</label>
                <input
                    id="aq-q"
                    type="search"
                    name="q"
                    autocomplete="off"
                    maxlength="200"
                    placeholder=move || ui(lang.get()).search_placeholder
                    value=move || filter.with(|f| f.q.clone().unwrap_or_default())
                    prop:value=move || filter.with(|f| f.q.clone().unwrap_or_default())
                    on:input=on_input
                    on:search=on_search
                    on:change=on_search
                />
            </div>
            // On a phone the filters wait behind this button, so that results fill the first screen. (Without
            // scripts the panel stays open: see `ssr::NOSCRIPT_CSS`.)
            <button
                type="button"
                class="aq-ftoggle"
                aria-controls="aq-panel"
                aria-expanded=move || true_false(panel.get())
                on:click=move |_| panel.update(|o| *o = !*o)
            >
                {move || {
                    let n = filter.with(active_filters);
                    let label = ui(lang.get()).filters;
                    if n > 0 { format!("{label} ({n})") } else { label.to_owned() }
                }}
            </button>
            <div id="aq-panel" class=move || if panel.get() { "aq-panel aq-open" } else { "aq-panel" }>
            <fieldset class="aq-chips">
                <legend class="aq-vh">{move || ui(lang.get()).category}</legend>
                {chips}
            </fieldset>
            <label class="aq-check">
                <input
                    type="checkbox"
                    name="story"
                    value="any"
                    checked=move || filter.with(|f| f.story.is_some())
                    prop:checked=move || filter.with(|f| f.story.is_some())
                    on:change=move |_| {
                        filter
                            .update(|f| {
                                f.story = if f.story.is_some() { None } else { Some(StoryFilter::Any) };
                            })
                    }
                />
                {move || ui(lang.get()).stories_only}
            </label>
            <div class="aq-selects">
                <FacetSelect
                    id="aq-kind"
                    name="kind"
                    label=|l| ui(l).kind
                    options=|l| Kind::ALL.iter().map(|k| (k.as_str(), k.label(l).to_owned())).collect()
                    current=move || filter.with(|f| f.kinds.first().map(|k| k.as_str()))
                    pick=|f, v| f.kinds = v.parse().ok().into_iter().collect()
                    counts=move |v| facets.with(|f| count_of(f, |f| &f.kind, v))
                    filter
                    lang
                />
                <FacetSelect
                    id="aq-region"
                    name="region"
                    label=|l| ui(l).region
                    options=|l| Region::ALL.iter().map(|r| (r.as_str(), r.label(l).to_owned())).collect()
                    current=move || filter.with(|f| f.regions.first().map(|r| r.as_str()))
                    pick=|f, v| f.regions = v.parse().ok().into_iter().collect()
                    counts=move |v| facets.with(|f| count_of(f, |f| &f.region, v))
                    filter
                    lang
                />
                <FacetSelect
                    id="aq-platform"
                    name="platform"
                    label=|l| ui(l).platform
                    options=|l| Platform::ALL.iter().map(|p| (p.as_str(), p.label(l).to_owned())).collect()
                    current=move || filter.with(|f| f.platforms.first().map(|p| p.as_str()))
                    pick=|f, v| f.platforms = v.parse().ok().into_iter().collect()
                    counts=move |v| facets.with(|f| count_of(f, |f| &f.platform, v))
                    filter
                    lang
                />
                <FacetSelect
                    id="aq-verdict"
                    name="verdict"
                    label=|l| ui(l).verdict
                    options=|l| {
                        Verdict::ALL
                            .iter()
                            .map(|v| (v.as_str(), v.label(l).to_owned()))
                            .chain(std::iter::once(("unrated", ui(l).unrated.to_owned())))
                            .collect()
                    }
                    current=move || filter.with(|f| f.verdicts.first().map(|v| v.as_str()))
                    pick={|f, v| f.verdicts = v.parse::<VerdictFilter>().ok().into_iter().collect()}
                    counts=move |v| facets.with(|f| count_of(f, |f| &f.verdict, v))
                    filter
                    lang
                />
                <FacetSelect
                    id="aq-stage"
                    name="stage"
                    label=|l| ui(l).stage
                    options=|l| Stage::ALL.iter().map(|s| (s.as_str(), s.label(l).to_owned())).collect()
                    current=move || filter.with(|f| f.stages.first().map(|s| s.as_str()))
                    pick=|f, v| f.stages = v.parse().ok().into_iter().collect()
                    counts=move |v| facets.with(|f| count_of(f, |f| &f.stage, v))
                    filter
                    lang
                />
                <MonthInput
                    id="aq-from"
                    name="from"
                    label=|l| ui(l).from
                    get=|f| f.from
                    set=|f, d| f.from = d
                    filter
                    lang
                />
                <MonthInput id="aq-to" name="to" label=|l| ui(l).to get=|f| f.to set=|f, d| f.to = d filter lang/>
                <div class="aq-actions">
                    <button type="submit" class="aq-apply">
                        {move || ui(lang.get()).apply}
                    </button>
                    <a
                        class="aq-reset"
                        href=move || ctx.href(|s| s.query.filter = Filter::default())
                        aria-disabled=move || filter.with(Filter::is_empty).then_some("true")
                        on:click=move |ev| in_place(ev, || filter.set(Filter::default()))
                    >
                        {move || ui(lang.get()).reset}
                    </a>
                </div>
            </div>
            </div>
        </form>
    }
}

#[component]
fn FacetSelect(
    id: &'static str,
    name: &'static str,
    label: fn(Lang) -> &'static str,
    options: fn(Lang) -> Vec<(&'static str, String)>,
    current: impl Fn() -> Option<&'static str> + Send + Sync + Copy + 'static,
    pick: fn(&mut Filter, &str),
    counts: impl Fn(&str) -> Option<u64> + Send + Sync + Copy + 'static,
    filter: RwSignal<Filter>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    // The options as one markup string, replaced whole when it changes: a few hundred options rebuilt in place cost
    // a removal and a new value of every attribute on each filter change.
    let options_html = Memo::new(move |_| {
        use std::fmt::Write;
        let cur = current();
        let l = lang.get();
        let mut out = format!(
            r#"<option value=""{}>{}</option>"#,
            if cur.is_none() { " selected" } else { "" },
            escape(ui(l).any)
        );
        for (v, name) in options(l) {
            let n = counts(v);
            if cur != Some(v) && n == Some(0) {
                continue;
            }
            let _ = write!(
                out,
                r#"<option value="{}"{}>{}"#,
                escape(v),
                if cur == Some(v) { " selected" } else { "" },
                escape(&name)
            );
            if let Some(n) = n {
                let _ = write!(out, " ({n})");
            }
            out.push_str("</option>");
        }
        out
    });
    view! {
        <div class="aq-field">
            <label for=id>{move || label(lang.get())}</label>
            <select
                id=id
                name=name
                inner_html=options_html
                on:change=move |ev| filter.update(|f| pick(f, &event_target_value(&ev)))
            ></select>
        </div>
    }
}

#[component]
fn MonthInput(
    id: &'static str,
    name: &'static str,
    label: fn(Lang) -> &'static str,
    get: fn(&Filter) -> Option<PartialDate>,
    set: fn(&mut Filter, Option<PartialDate>),
    filter: RwSignal<Filter>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let value = move || {
        filter.with(|f| {
            get(f)
                .map(|d| format!("{:04}-{:02}", d.get_year(), d.get_month().unwrap_or(1)))
                .unwrap_or_default()
        })
    };
    view! {
        <div class="aq-field">
            <label for=id>{move || label(lang.get())}</label>
            <input
                id=id
                name=name
                type="month"
                min="2000-01"
                max="2100-12"
                value=value
                prop:value=value
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let date = v.parse::<PartialDate>().ok();
                    filter
                        .update(|f| {
                            set(f, date);
                            if let (Some(a), Some(b)) = (f.from, f.to)
                                && a.first_day() > b.last_day()
                            {
                                // Keep the range valid: the other end follows the one just moved.
                                f.from = date;
                                f.to = date;
                            }
                        })
                }
            />
        </div>
    }
}

fn kind_line(lang: Lang, c: &IncidentCard) -> String {
    let (end, kind) = (c.end_date.as_ref(), c.kind);
    let mut s = when_label(lang, c.date.as_ref(), c.period.as_ref());
    match end {
        Some(aqiqat_shared::DateEnd::On(e)) => {
            s.push_str(" – ");
            s.push_str(&date_label(lang, e));
        }
        Some(aqiqat_shared::DateEnd::Ongoing) => {
            s.push_str(" – ");
            s.push_str(ui(lang).ongoing);
        }
        None => {}
    }
    format!("{s} · {}", kind.label(lang))
}

/// What the end of a list offers: more in place, the next page's address, and the way back to the first page.
#[derive(Clone)]
struct ListMore<F, H>
where
    F: Fn() + Copy + Send + Sync + 'static,
    H: Fn(Option<String>) -> String + Copy + Send + Sync + 'static,
{
    load_more: F,
    next_href: H,
    first_href: Option<String>,
}

/// A link that opens an item: in place in the widget, as a page elsewhere.
fn item_link(
    ctx: Ctx,
    target: Selected,
    class: &'static str,
    children: impl IntoView + 'static,
) -> impl IntoView {
    let href = ctx.item_href(&target);
    view! {
        <a
            class=class
            href=href
            on:click=move |ev| {
                if ctx.in_place() {
                    let t = target.clone();
                    in_place(
                        ev,
                        move || {
                            ctx.return_to.set_value(Some(t.id().to_owned()));
                            ctx.selected.set(Some(t));
                        },
                    );
                }
            }
        >
            {children}
        </a>
    }
}

/// The rows of a long list that are in the DOM: those in view in its scroll box and a few on either side, so a
/// list of 10,000 results keeps a few dozen rows. Rows have one height (their text is clamped in CSS), measured
/// from the first row; until then (on the server, and before the bundle runs) the first rows are all there.
#[derive(Clone, Copy)]
struct RowWindow {
    /// The scroll box's `scrollTop` and height, and one row's height (0: not measured).
    top: RwSignal<i32>,
    height: RwSignal<i32>,
    row: RwSignal<i32>,
    /// Whether the list is windowed at all (the widget's scroll box; a public page's list is the page).
    on: bool,
}

/// Rows kept beyond each edge of the view.
const OVERSCAN: i32 = 8;
/// Rows rendered before the row height is known, and at most ever.
const FIRST_ROWS: usize = 40;
const MAX_ROWS: usize = 60;

impl RowWindow {
    fn new(on: bool) -> RowWindow {
        RowWindow {
            top: RwSignal::new(0),
            height: RwSignal::new(0),
            row: RwSignal::new(0),
            on,
        }
    }

    /// `[start, end)` of `len` rows.
    fn range(&self, len: usize) -> (usize, usize) {
        let row = self.row.get();
        if !self.on {
            return (0, len);
        }
        if row <= 0 {
            return (0, len.min(FIRST_ROWS));
        }
        let first = usize::try_from(self.top.get() / row - OVERSCAN).unwrap_or(0);
        let count = usize::try_from(self.height.get() / row + 2 * OVERSCAN + 1).unwrap_or(0);
        let start = first.min(len);
        (start, (start + count.min(MAX_ROWS)).min(len))
    }

    /// Whether the reader has scrolled near the last loaded row.
    fn near_end(&self, len: usize) -> bool {
        let row = self.row.get();
        self.on && row > 0 && {
            let last_seen = (self.top.get() + self.height.get()) / row;
            usize::try_from(last_seen + OVERSCAN).unwrap_or(0) >= len
        }
    }

    /// Reads the scroll box's position (and the row height, once).
    fn follow(&self, el: &web_sys::Element) {
        self.top.set(el.scroll_top());
        self.height.set(el.client_height());
        if self.row.get_untracked() <= 0
            && let Ok(rows) = el.query_selector_all("li[data-id]")
            && let (Some(a), Some(b)) = (rows.get(0), rows.get(1))
            && let (Ok(a), Ok(b)) = (
                a.dyn_into::<web_sys::Element>(),
                b.dyn_into::<web_sys::Element>(),
            )
        {
            // The pitch from one row to the next, margins included.
            let h =
                (b.get_bounding_client_rect().top() - a.get_bounding_client_rect().top()) as i32;
            if h > 0 {
                self.row.set(h);
            }
        }
    }
}

/// A list's `<ul>`: a scroll box in the widget holding only the rows in view, padded to the whole list's height.
/// The rows are one markup string (`row` writes one), the same on the server and in the browser, set whole when the
/// rows in view change, with one click listener for all of them: building rows as Leptos views was the largest
/// script cost of a filter change and of each scroll step (a dozen DOM calls per row).
fn window_list<T>(
    state: RwSignal<ListState<T>>,
    win: RowWindow,
    ctx: Ctx,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    row: impl Fn(&mut String, RowAt, &T) + Send + Sync + 'static,
    open: impl Fn(String) -> Selected + Send + Sync + 'static,
    load_more: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let range = Memo::new(move |_| state.with(|s| win.range(s.items.len())));
    // What the rows depend on: a new list (`serial`), more rows, the total. Not `loading`, which flips twice per
    // query.
    let rows = Memo::new(move |_| state.with(|s| (s.serial, s.items.len(), s.total)));
    let markup = Memo::new(move |_| {
        let (_, _, total) = rows.get();
        let (a, b) = range.get();
        // Links follow the view, but the rows are rebuilt by the list changing, not by the view.
        untrack(|| {
            let lang = ctx.lang.get();
            state.with(|s| {
                let mut out = String::new();
                for (i, item) in s.items[a..b].iter().enumerate() {
                    row(
                        &mut out,
                        RowAt {
                            pos: a + i + 1,
                            total,
                            lang,
                        },
                        item,
                    );
                }
                out
            })
        })
    });
    let list = NodeRef::<leptos::html::Div>::new();
    let ul = NodeRef::<leptos::html::Ul>::new();
    let served = markup.get_untracked();
    let first_rows = served.clone();
    Effect::new(move |prev: Option<String>| {
        let now = markup.get();
        if let Some(ul) = ul.get()
            && prev.as_ref().unwrap_or(&served) != &now
        {
            // A keyboard reader's row keeps the focus while it stays in view (tabbing scrolls the box).
            let focused = document()
                .active_element()
                .filter(|a| ul.contains(Some(a)))
                .and_then(|a| a.closest("li[data-id]").ok().flatten())
                .and_then(|li| li.get_attribute("data-id"));
            ul.set_inner_html(&now);
            if let Some(id) = focused
                && let Ok(Some(a)) = ul.query_selector(&format!("li[data-id=\"{id}\"] > a"))
                && let Ok(a) = a.dyn_into::<web_sys::HtmlElement>()
            {
                let opts = web_sys::FocusOptions::new();
                opts.set_prevent_scroll(true);
                let _ = a.focus_with_options(&opts);
            }
        }
        now
    });
    // A new query's list starts at its top.
    Effect::new(move |prev: Option<u64>| {
        let serial = state.with(|s| s.serial);
        // `top` follows every scroll event, so an unscrolled box is left alone: setting `scrollTop` forces a
        // layout in the middle of the update (it was a sixth of a filter change's script time at 10,000 incidents).
        if prev.is_some_and(|p| p != serial) && win.top.get_untracked() != 0 {
            if let Some(scroller) = list.get_untracked() {
                scroller.set_scroll_top(0);
            }
            win.top.set(0);
        }
        serial
    });
    // Scrolling near the end loads the next page in place.
    Effect::new(move |_| {
        let wants = state.with(|s| !s.loading && s.next.is_some() && win.near_end(s.items.len()));
        if wants {
            load_more();
        }
    });
    let pad = move |top: bool| {
        let row = win.row.get();
        (win.on && row > 0).then(|| {
            let (a, b) = range.get();
            let n = if top { a } else { rows.get().1 - b };
            format!("{}px", n as i64 * i64::from(row))
        })
    };
    // One listener for every row's link: in place in the widget, followed elsewhere (and on modified clicks).
    let on_click = move |ev: MouseEvent| {
        if !ctx.in_place() {
            return;
        }
        let Some(id) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("li[data-id] > a").ok().flatten())
            .and_then(|a| a.parent_element())
            .and_then(|li| li.get_attribute("data-id"))
        else {
            return;
        };
        let target = open(id.clone());
        in_place(ev, move || {
            ctx.return_to.set_value(Some(id));
            ctx.selected.set(Some(target));
        });
    };
    // The scroll box is a wrapper: padding on a box with a maximum height would make the box itself taller.
    view! {
        <div
            node_ref=list
            class=if win.on { "aq-scroll" } else { "aq-list-box" }
            on:scroll=move |ev| {
                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    win.follow(&el);
                }
            }
        >
        <ul
            class="aq-list"
            aria-label=label
            style:padding-top=move || pad(true)
            style:padding-bottom=move || pad(false)
            on:click=on_click
            node_ref=ul
            inner_html=first_rows
        ></ul>
        </div>
    }
}

/// Where a row stands in its list, and the language it is written in.
#[derive(Clone, Copy)]
struct RowAt {
    /// 1-based.
    pos: usize,
    total: u64,
    lang: Lang,
}

/// A row's `<li>` and its link, around `body` (markup).
fn row_markup(out: &mut String, ctx: Ctx, at: RowAt, class: &str, target: Selected, body: &str) {
    use std::fmt::Write;
    let _ = write!(
        out,
        r#"<li class="{class}" data-id="{}" aria-posinset="{}" aria-setsize="{}"><a class="aq-card-btn" href="{}">{body}</a></li>"#,
        escape(target.id()),
        at.pos,
        at.total,
        escape(&ctx.item_href(&target)),
    );
}

#[component]
fn IncidentList<F, H>(
    state: RwSignal<ListState<IncidentCard>>,
    ctx: Ctx,
    more: ListMore<F, H>,
) -> impl IntoView
where
    F: Fn() + Copy + Send + Sync + 'static,
    H: Fn(Option<String>) -> String + Copy + Send + Sync + 'static,
{
    let lang = ctx.lang;
    let win = RowWindow::new(ctx.in_place());
    let load_more = more.load_more;
    view! {
        <ListFrame state lang more>
            {window_list(
                state,
                win,
                ctx,
                move || ui(lang.get()).incidents,
                move |out, at, c: &IncidentCard| {
                    let body = format!(
                        r#"<span class="aq-meta aq-cat-{}"><span class="aq-swatch" aria-hidden="true"></span>{}</span><span class="aq-card-title">{}</span><span class="aq-card-text">{}</span>"#,
                        c.category.as_str(),
                        escape(&kind_line(at.lang, c)),
                        escape(&c.title),
                        escape(&c.summary),
                    );
                    row_markup(out, ctx, at, "aq-card", Selected::Incident(c.id.clone()), &body);
                },
                Selected::Incident,
                load_more,
            )}
        </ListFrame>
    }
}

#[component]
fn ClaimList<F, H>(
    state: RwSignal<ListState<ClaimCard>>,
    ctx: Ctx,
    more: ListMore<F, H>,
) -> impl IntoView
where
    F: Fn() + Copy + Send + Sync + 'static,
    H: Fn(Option<String>) -> String + Copy + Send + Sync + 'static,
{
    let lang = ctx.lang;
    let win = RowWindow::new(ctx.in_place());
    let load_more = more.load_more;
    view! {
        <ListFrame state lang more>
            {window_list(
                state,
                win,
                ctx,
                move || ui(lang.get()).claims,
                move |out, at, c: &ClaimCard| {
                    let l = at.lang;
                    let body = format!(
                        r#"<span class="aq-meta"><span class="aq-badge aq-v-{}">{}</span>{}</span><span class="aq-card-title aq-quote">«{}»</span><span class="aq-card-text">{}</span>"#,
                        VerdictFilter::of(c.verdict).as_str(),
                        escape(c.verdict.map_or(ui(l).unrated, |v| v.label(l))),
                        escape(&date_label(l, &c.date)),
                        escape(&c.quote),
                        escape(&speaker_line(&c.speaker)),
                    );
                    row_markup(out, ctx, at, "aq-card aq-claim", Selected::Claim(c.id.clone()), &body);
                },
                Selected::Claim,
                load_more,
            )}
        </ListFrame>
    }
}

fn speaker_line(s: &aqiqat_shared::api::SpeakerView) -> String {
    [
        Some(s.name.as_str()),
        s.position.as_deref(),
        s.organisation.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

/// Loading, error, empty and "show more" around a result list.
#[component]
fn ListFrame<T, F, H>(
    state: RwSignal<ListState<T>>,
    lang: RwSignal<Lang>,
    more: ListMore<F, H>,
    children: Children,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn() + Copy + Send + Sync + 'static,
    H: Fn(Option<String>) -> String + Copy + Send + Sync + 'static,
{
    let ListMore {
        load_more,
        next_href,
        first_href,
    } = more;
    // Each part reads only what it shows: a whole-state read re-ran (and rebuilt) it on every loading flip.
    let loading = Memo::new(move |_| state.with(|s| s.loading));
    let error = Memo::new(move |_| state.with(|s| s.error.clone()));
    let empty =
        Memo::new(move |_| state.with(|s| !s.loading && s.error.is_none() && s.items.is_empty()));
    let next = Memo::new(move |_| state.with(|s| s.next.clone()));
    view! {
        <section class="aq-results" aria-busy=move || true_false(loading.get())>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="aq-error" role="alert">
                                {ui(lang.get()).error}
                                ": "
                                {e}
                            </p>
                        }
                    })
            }}
            {move || {
                empty.get().then(|| view! { <p class="aq-empty">{ui(lang.get()).nothing}</p> })
            }}
            {children()}
            {move || {
                next
                    .get()
                    .map(|next| {
                        view! {
                            <a
                                class="aq-more"
                                href=next_href(Some(next))
                                aria-disabled=move || loading.get().then_some("true")
                                on:click=move |ev| in_place(ev, load_more)
                            >
                                {move || ui(lang.get()).load_more}
                            </a>
                        }
                    })
            }}
            {first_href
                .map(|href| {
                    view! {
                        <a class="aq-first" href=href>
                            {move || ui(lang.get()).first_page}
                        </a>
                    }
                })}
        </section>
    }
}

#[component]
fn VerdictBadge(verdict: Option<Verdict>, lang: Lang) -> impl IntoView {
    let key = VerdictFilter::of(verdict).as_str();
    let text = verdict.map_or(ui(lang).unrated, |v| v.label(lang));
    view! { <span class=format!("aq-badge aq-v-{key}")>{text}</span> }
}

#[derive(Clone)]
pub(crate) enum DetailData {
    Incident(Box<IncidentDetail>),
    Claim(Box<ClaimDetail>),
}

impl DetailData {
    fn is(&self, sel: &Selected) -> bool {
        match (self, sel) {
            (DetailData::Incident(d), Selected::Incident(id)) => d.card.id == *id,
            (DetailData::Claim(d), Selected::Claim(id)) => d.card.id == *id,
            _ => false,
        }
    }
}

/// One item opened in the widget (or the editors' preview of it), with its way back and its public page.
#[component]
fn Detail(
    sel: Selected,
    ctx: Ctx,
    /// What the server rendered, if it rendered this item.
    initial: Option<DetailData>,
    /// The editors' preview of an unpublished item (read through the admin API with their session).
    #[prop(optional)]
    preview: bool,
) -> impl IntoView {
    let lang = ctx.lang;
    let which = sel.clone();
    let data = fetched(initial, move || {
        let l = lang.get();
        let which = which.clone();
        async move {
            match which {
                Selected::Incident(id) => api::incident(&id, l, preview)
                    .await
                    .map(|d| DetailData::Incident(Box::new(d))),
                Selected::Claim(id) => api::claim(&id, l, preview)
                    .await
                    .map(|d| DetailData::Claim(Box::new(d))),
            }
        }
    });
    let link = sel.clone();
    #[cfg(not(feature = "snapshot-view"))]
    let share = move || link.public_path(lang.get());
    #[cfg(feature = "snapshot-view")]
    let share = move || share_path(ctx, &link);
    Effect::new(move |_| {
        let ready = data.with(|d| matches!(d, Some(Ok(_))));
        if ready && ctx.return_to.with_value(Option::is_some) {
            focus_later(".aq-detail-title".to_owned());
        }
    });
    view! {
        <article class="aq-detail">
            {(!preview)
                .then(|| {
                    view! {
                        <a
                            class="aq-back"
                            href=move || ctx.href(|s| s.selected = None)
                            on:click=move |ev| {
                                in_place(
                                    ev,
                                    || {
                                        ctx.selected.set(None);
                                        if let Some(id) = ctx.return_to.try_update_value(Option::take).flatten() {
                                            focus_later(format!("li[data-id=\"{id}\"] a"));
                                        }
                                    },
                                )
                            }
                        >
                            {move || ui(lang.get()).back}
                        </a>
                    }
                })}
            {move || {
                let l = lang.get();
                match data.get() {
                    None => view! { <p class="aq-loading">{ui(l).loading}</p> }.into_any(),
                    Some(Err(e)) => {
                        view! {
                            <p class="aq-error" role="alert">
                                {ui(l).error}
                                ": "
                                {e}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(DetailData::Incident(d))) => incident_detail(*d, l, Some(ctx)).into_any(),
                    Some(Ok(DetailData::Claim(d))) => claim_detail(*d, l, Some(ctx)).into_any(),
                }
            }}
            {(!preview)
                .then(|| {
                    view! {
                        <p class="aq-share">
                            <a href=share target="_blank" rel="noopener">
                                {move || ui(lang.get()).share}
                            </a>
                        </p>
                    }
                })}
        </article>
    }
}

/// The address to share an item by: its public page (inside the snapshot, when it is one).
#[cfg(feature = "snapshot-view")]
fn share_path(ctx: Ctx, sel: &Selected) -> String {
    #[cfg(feature = "snapshot-view")]
    if ctx.surface == Surface::Snapshot {
        return sel.snapshot_path();
    }
    sel.public_path(ctx.lang.get())
}

fn source_list(sources: Vec<Source>) -> impl IntoView {
    view! {
        <ul class="aq-sources">
            {sources
                .into_iter()
                .map(|s| {
                    let outlet = s.display_outlet();
                    let date = s.date.map(|d| format!(" ({d})")).unwrap_or_default();
                    view! {
                        <li>
                            <a href=s.url.clone() target="_blank" rel="noopener noreferrer nofollow">
                                {outlet}
                            </a>
                            {date}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

fn corrections_view(c: Vec<aqiqat_shared::api::CorrectionView>, lang: Lang) -> impl IntoView {
    c.into_iter()
        .map(|c| {
            view! {
                <p class="aq-correction" role="note">
                    <strong>{ui(lang).correction} " (" {date_label(lang, &c.date)} "): "</strong>
                    {c.note}
                </p>
            }
        })
        .collect_view()
}

/// A link to a related item: in the widget it opens in place; on a public page (`ctx` is `None`) it is that item's
/// public page.
fn related_link(
    ctx: Option<Ctx>,
    target: Selected,
    lang: Lang,
    children: impl IntoView + 'static,
) -> impl IntoView {
    match ctx {
        Some(ctx) => item_link(ctx, target, "aq-link", children).into_any(),
        None => view! {
            <a class="aq-link" href=target.public_path(lang)>
                {children}
            </a>
        }
        .into_any(),
    }
}

/// An incident's full text, facts, sources and related claims: the widget's detail view and the public page `/i/…`.
pub(crate) fn incident_detail(d: IncidentDetail, lang: Lang, ctx: Option<Ctx>) -> impl IntoView {
    let u = ui(lang);
    let c = d.card;
    let place: Vec<String> = c
        .region
        .map(|r| r.label(lang).to_owned())
        .into_iter()
        .chain(c.city.clone())
        .collect();
    let platforms: Vec<&str> = c.platforms.iter().map(|p| p.label(lang)).collect();
    view! {
        <div class=format!("aq-detail-body aq-cat-{}", c.category.as_str())>
            <p class="aq-meta">
                <span class="aq-swatch" aria-hidden="true"></span>
                {c.category.label(lang)}
                " · "
                {kind_line(lang, &c)}
            </p>
            <h2 class="aq-detail-title" tabindex="-1">{c.title}</h2>
            {corrections_view(d.corrections, lang)}
            <p class="aq-detail-text">{c.summary}</p>
            <dl class="aq-facts">
                {(!place.is_empty()).then(|| view! { <dt>{u.region}</dt> <dd>{place.join(", ")}</dd> })}
                {(!platforms.is_empty()).then(|| view! { <dt>{u.platform}</dt> <dd>{platforms.join(", ")}</dd> })}
                {(!d.actors.is_empty())
                    .then(|| {
                        let actors = d
                            .actors
                            .iter()
                            .map(|a| format!("{} ({})", a.name, a.role.label(lang)))
                            .collect::<Vec<_>>()
                            .join("; ");
                        view! { <dt>{u.actors}</dt> <dd>{actors}</dd> }
                    })}
                {(!d.legal_refs.is_empty())
                    .then(|| {
                        let refs = d.legal_refs.iter().map(|r| r.text.clone()).collect::<Vec<_>>().join("; ");
                        view! { <dt>{u.legal}</dt> <dd>{refs}</dd> }
                    })}
            </dl>
            {d.stories.into_iter().map(|st| story_box(st, lang, ctx)).collect_view()}
            <h3>{u.sources}</h3>
            {source_list(d.sources)}
            {(!d.claims.is_empty())
                .then(|| {
                    view! {
                        <h3>{u.related_claims}</h3>
                        <ul class="aq-related">
                            {d
                                .claims
                                .into_iter()
                                .map(|cl| {
                                    let body = view! {
                                        <VerdictBadge verdict=cl.verdict lang/>
                                        "«"
                                        {cl.quote}
                                        "» — "
                                        {cl.speaker.name}
                                    };
                                    view! { <li>{related_link(ctx, Selected::Claim(cl.id), lang, body)}</li> }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}

/// Where an incident stands in a story: every public step in order, this one marked, and what came next.
fn story_box(st: aqiqat_shared::api::IncidentStory, lang: Lang, ctx: Option<Ctx>) -> impl IntoView {
    let u = ui(lang);
    let total = st.steps.len();
    let step_text = |step: &aqiqat_shared::api::StoryStepView| {
        let date = step.date.as_ref().map(|d| date_label(lang, d));
        let stage = step.stage.label(lang);
        match date {
            Some(d) => format!("{d} — {stage}"),
            None => stage.to_owned(),
        }
    };
    let step_item = move |step: aqiqat_shared::api::StoryStepView| {
        let head = step_text(&step);
        let target = match (&step.incident, &step.claim) {
            (Some(i), _) => Some((Selected::Incident(i.id.clone()), i.title.clone())),
            (None, Some(c)) => Some((Selected::Claim(c.id.clone()), format!("«{}»", c.quote))),
            (None, None) => None,
        };
        let note = step.note.clone();
        (head, target, note)
    };
    let next = st
        .steps
        .iter()
        .find(|s| s.position == st.position + 1)
        .cloned()
        .map(step_item);
    let position = st.position;
    view! {
        <section class="aq-story-box">
            <h3>{u.story} ": " {st.title}</h3>
            <p class="aq-meta">
                {st.kind.label(lang)} " · " {u.step} " " {position} "/" {total} ": " {st.stage.label(lang)}
            </p>
            <ol class="aq-steps">
                {st
                    .steps
                    .into_iter()
                    .map(|step| {
                        let here = step.position == position;
                        let (head, target, note) = step_item(step);
                        let link = target
                            .filter(|_| !here)
                            .map(|(t, title)| {
                                view! { ": " {related_link(ctx, t, lang, title)} }
                            });
                        view! {
                            <li aria-current=here.then_some("step")>
                                {head}
                                {link}
                                {note.map(|n| view! { <span class="aq-count">" (" {n} ")"</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            {next
                .map(|(head, target, _)| {
                    view! {
                        <p class="aq-story-next">
                            <strong>{u.next_step} ": "</strong>
                            {head}
                            {target.map(|(t, title)| view! { " — " {related_link(ctx, t, lang, title)} })}
                        </p>
                    }
                })}
        </section>
    }
}

/// A claim with its verdict, explanation and evidence: the widget's detail view and the public page `/c/…`.
pub(crate) fn claim_detail(d: ClaimDetail, lang: Lang, ctx: Option<Ctx>) -> impl IntoView {
    let u = ui(lang);
    let c = d.card;
    view! {
        <div class="aq-detail-body aq-claim">
            <p class="aq-meta">
                <VerdictBadge verdict=c.verdict lang/>
                {date_label(lang, &c.date)}
                " · "
                {c.category.label(lang)}
            </p>
            <blockquote class="aq-detail-title aq-quote" tabindex="-1">"«" {c.quote} "»"</blockquote>
            <p class="aq-speaker">"— " {speaker_line(&c.speaker)}</p>
            {corrections_view(d.corrections, lang)}
            <h3>{u.said_at}</h3>
            {source_list(vec![d.said_at])}
            {d.explanation.map(|e| view! { <h3>{u.explanation}</h3> <p class="aq-detail-text">{e}</p> })}
            {(!d.evidence.is_empty()).then(|| view! { <h3>{u.evidence}</h3> {source_list(d.evidence)} })}
            {(!d.incidents.is_empty())
                .then(|| {
                    view! {
                        <h3>{u.related_incidents}</h3>
                        <ul class="aq-related">
                            {d
                                .incidents
                                .into_iter()
                                .map(|i| {
                                    let body = view! {
                                        {when_label(lang, i.date.as_ref(), i.period.as_ref())}
                                        " — "
                                        {i.title}
                                    };
                                    view! { <li>{related_link(ctx, Selected::Incident(i.id), lang, body)}</li> }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}

/// The editors' preview: only the detail view of one item, exactly as readers will see it (rendered in the
/// browser: the item is read through the admin API with the editor's session).
#[component]
pub fn Preview(sel: Selected, lang: Lang) -> impl IntoView {
    let ctx = Ctx {
        filter: RwSignal::new(Filter::default()),
        lang: RwSignal::new(lang),
        tab: RwSignal::new(Tab::Incidents),
        selected: RwSignal::new(None),
        surface: Surface::Widget,
        embed: false,
        appearance: StoredValue::new(Appearance::default()),
        return_to: StoredValue::new(None),
    };
    view! {
        <div class="aq aq-preview">
            <Detail sel ctx initial=None preview=true/>
        </div>
    }
}
