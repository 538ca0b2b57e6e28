//! The reader widget: filters, timeline, result list and detail view. Filtering updates all three together
//! because they are all derived from one filter signal.

mod state;
mod timeline;

use aqiqat_shared::api::{ClaimCard, ClaimDetail, Facets, IncidentCard, IncidentDetail, Page};
use aqiqat_shared::filter::VerdictFilter;
use aqiqat_shared::{
    Category, Filter, Kind, Lang, ListQuery, PartialDate, Platform, Region, Source, Verdict,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::api;
use crate::i18n::{date_label, ui, when_label};
use state::{Selected, Tab};

/// Mounts the widget into `#aqiqat-root` (or the body) and keeps the host iframe's height in step.
pub fn mount() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let search = window.location().search().unwrap_or_default();
    let mut boot = state::read(&search);
    // The data version comes first: every later request names it, so caches can serve it. (Leptos's executor
    // starts with the mount, so this first task goes to wasm-bindgen's directly.)
    wasm_bindgen_futures::spawn_local(async move {
        boot.data_version = api::version().await.ok();
        mount_widget(boot);
    });
}

fn mount_widget(boot: state::Boot) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let embed = boot.embed;
    let root = window
        .document()
        .and_then(|d| d.get_element_by_id("aqiqat-root"));
    // The editors' preview: only the detail view of one item, exactly as readers will see it.
    if let (true, Some(sel)) = (boot.preview, boot.selected.clone()) {
        let lang = RwSignal::new(boot.query.lang);
        let selected = RwSignal::new(None);
        let view = move || view! { <div class="aq aq-preview"><Detail sel=sel.clone() lang selected preview=true/></div> };
        match root.and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok()) {
            Some(root) => {
                root.set_inner_html("");
                root.set_class_name("aq-root");
                let _ = root.remove_attribute("aria-busy");
                leptos::mount::mount_to(root, view).forget();
            }
            None => leptos::mount::mount_to_body(view),
        }
        return;
    }
    match root.and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(root) => {
            root.set_inner_html("");
            root.set_class_name("aq-root");
            let _ = root.remove_attribute("aria-busy");
            leptos::mount::mount_to(root, move || view! { <Widget boot/> }).forget();
        }
        None => leptos::mount::mount_to_body(move || view! { <Widget boot/> }),
    }
    if embed {
        report_height();
    }
}

/// Tells the embedding page how tall the widget's content is, whenever that changes (see embed.js). The content
/// root is measured, not the document, whose height is at least the iframe's own and so could never shrink.
fn report_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(root) = window
        .document()
        .and_then(|d| d.get_element_by_id("aqiqat-root"))
    else {
        return;
    };
    let measured = root.clone();
    let post = Closure::<dyn FnMut()>::new(move || {
        let Some(w) = web_sys::window() else { return };
        let height = measured.get_bounding_client_rect().height().ceil();
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"aqiqat:resize".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
        if let Ok(Some(parent)) = w.parent() {
            // Only a height is sent: nothing a foreign parent could misuse. embed.js checks our origin.
            let _ = parent.post_message(&msg, "*");
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()) {
        observer.observe(&root);
    }
    post.forget();
}

/// The answer of the request `fetch` makes, redone whenever the signals `fetch` reads change: `None` until the first
/// answer; the previous answer stays until the next arrives, and a late answer to an outdated request is dropped.
/// (What `LocalResource` does here, without its suspense and transition machinery, which the widget does not use.)
fn fetched<T, F>(fetch: impl Fn() -> F + 'static) -> ReadSignal<Option<T>>
where
    T: Send + Sync + 'static,
    F: std::future::Future<Output = T> + 'static,
{
    let (value, set_value) = signal(None);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let request = fetch();
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
}

impl<T> Default for ListState<T> {
    fn default() -> Self {
        ListState {
            items: Vec::new(),
            total: 0,
            next: None,
            loading: true,
            error: None,
        }
    }
}

impl<T> ListState<T> {
    fn apply(&mut self, result: Result<Page<T>, String>, append: bool) {
        self.loading = false;
        match result {
            Ok(page) => {
                if append {
                    self.items.extend(page.items);
                } else {
                    self.items = page.items;
                }
                self.total = page.total;
                self.next = page.next_cursor;
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }
}

#[component]
fn Widget(boot: state::Boot) -> impl IntoView {
    let embed = boot.embed;
    let filter = RwSignal::new(boot.query.filter.clone());
    let lang = RwSignal::new(boot.query.lang);
    let tab = RwSignal::new(boot.tab);
    let selected = RwSignal::new(boot.selected.clone());
    let notices = boot.notices;
    let version = RwSignal::new(boot.data_version);
    let query = Memo::new(move |_| ListQuery {
        filter: filter.get(),
        lang: lang.get(),
        data_version: version.get(),
        ..ListQuery::default()
    });
    // A publish reaches an open widget within a minute: a new version changes every query, which refetches.
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

    // Keep the URL in step, so the back button, reloads and shared links restore this view.
    Effect::new(move |_| {
        let qs = state::write(&query.get(), tab.get(), selected.get().as_ref(), embed);
        if let Some(w) = web_sys::window()
            && let Ok(history) = w.history()
        {
            let url = if qs.is_empty() {
                "/widget".to_owned()
            } else {
                format!("/widget?{qs}")
            };
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("lang", lang.get().as_str());
        }
    });

    let facets = fetched(move || {
        let q = query.get();
        async move { api::facets(&q).await }
    });
    let timeline = fetched(move || {
        let q = query.get();
        async move { api::timeline(&q).await }
    });

    let incidents = RwSignal::new(ListState::<IncidentCard>::default());
    let claims = RwSignal::new(ListState::<ClaimCard>::default());
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let q = query.get();
        let t = tab.get();
        generation.update_value(|g| *g += 1);
        let current = generation.get_value();
        match t {
            Tab::Incidents => {
                incidents.update(|s| s.loading = true);
                spawn_local(async move {
                    let r = api::incidents(&q).await;
                    if generation.get_value() == current {
                        incidents.update(|s| s.apply(r, false));
                    }
                });
            }
            Tab::Claims => {
                claims.update(|s| s.loading = true);
                spawn_local(async move {
                    let r = api::claims(&q).await;
                    if generation.get_value() == current {
                        claims.update(|s| s.apply(r, false));
                    }
                });
            }
        }
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

    let facet_data = Memo::new(move |_| facets.get().and_then(Result::ok));
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
    let tab_button = move |t: Tab| {
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
        view! {
            <button
                type="button"
                role="tab"
                class=move || if tab.get() == t { "aq-tab aq-on" } else { "aq-tab" }
                aria-selected=move || true_false(tab.get() == t)
                on:click=move |_| {
                    selected.set(None);
                    tab.set(t);
                }
            >
                {label}
            </button>
        }
    };

    view! {
        <div class=if embed { "aq aq-embedded" } else { "aq" }>
            <header class="aq-head">
                <div>
                    <h1 class="aq-title">{move || ui(lang.get()).title}</h1>
                    <p class="aq-sub">{move || ui(lang.get()).subtitle}</p>
                </div>
                <LangSwitch lang/>
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
            <FilterBar filter lang facets=facet_data/>
            <timeline::Timeline filter lang data=timeline/>
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
            <div class="aq-tabs" role="tablist">{tab_button(Tab::Incidents)} {tab_button(Tab::Claims)}</div>
            {move || match selected.get() {
                Some(sel) => view! { <Detail sel lang selected/> }.into_any(),
                None => {
                    match tab.get() {
                        Tab::Incidents => {
                            view! { <IncidentList state=incidents lang selected load_more/> }.into_any()
                        }
                        Tab::Claims => view! { <ClaimList state=claims lang selected load_more/> }.into_any(),
                    }
                }
            }}
            <footer class="aq-foot">
                <a href="/demo" target="_blank" rel="noopener">"Aqiqat"</a>
                " · CC BY 4.0"
            </footer>
        </div>
    }
}

#[component]
fn LangSwitch(lang: RwSignal<Lang>) -> impl IntoView {
    view! {
        <div class="aq-langs" role="group" aria-label=move || ui(lang.get()).language>
            {Lang::ALL
                .into_iter()
                .map(|l| {
                    view! {
                        <button
                            type="button"
                            class=move || if lang.get() == l { "aq-lang aq-on" } else { "aq-lang" }
                            aria-pressed=move || true_false(lang.get() == l)
                            on:click=move |_| lang.set(l)
                        >
                            {l.as_str().to_ascii_uppercase()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
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

#[component]
fn FilterBar(
    filter: RwSignal<Filter>,
    lang: RwSignal<Lang>,
    facets: Memo<Option<Facets>>,
) -> impl IntoView {
    // The search box updates the filter after a short pause in typing, or at once on Enter.
    let (on_input, on_search) = crate::search_box::handlers(filter);

    let chips = Category::ALL
        .iter()
        .map(|&c| {
            let on = move || filter.with(|f| f.categories.contains(&c));
            view! {
                <button
                    type="button"
                    class=move || format!("aq-chip aq-cat-{}{}", c.as_str(), if on() { " aq-on" } else { "" })
                    aria-pressed=move || true_false(on())
                    data-value=c.as_str()
                    on:click=move |_| {
                        filter
                            .update(|f| {
                                if let Some(i) = f.categories.iter().position(|x| *x == c) {
                                    f.categories.remove(i);
                                } else {
                                    f.categories.push(c);
                                }
                            })
                    }
                >
                    <span class="aq-swatch" aria-hidden="true"></span>
                    {move || c.label(lang.get())}
                    <span class="aq-count">
                        {move || facets.with(|f| count_of(f, |f| &f.category, c.as_str()).map(|n| n.to_string()))}
                    </span>
                </button>
            }
        })
        .collect_view();

    view! {
        <form class="aq-filters" role="search" on:submit=|ev| ev.prevent_default()>
            <div class="aq-search">
                <label for="aq-q">{move || ui(lang.get()).search_label}</label>
                <input
                    id="aq-q"
                    type="search"
                    name="q"
                    autocomplete="off"
                    maxlength="200"
                    placeholder=move || ui(lang.get()).search_placeholder
                    prop:value=move || filter.with(|f| f.q.clone().unwrap_or_default())
                    on:input=on_input
                    on:search=on_search
                    on:change=on_search
                />
            </div>
            <div class="aq-chips" role="group" aria-label=move || ui(lang.get()).category>
                {chips}
            </div>
            <div class="aq-selects">
                <FacetSelect
                    id="aq-kind"
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
                <MonthInput id="aq-from" label=|l| ui(l).from get=|f| f.from set=|f, d| f.from = d filter lang/>
                <MonthInput id="aq-to" label=|l| ui(l).to get=|f| f.to set=|f, d| f.to = d filter lang/>
                <button
                    type="button"
                    class="aq-reset"
                    disabled=move || filter.with(Filter::is_empty)
                    on:click=move |_| filter.set(Filter::default())
                >
                    {move || ui(lang.get()).reset}
                </button>
            </div>
        </form>
    }
}

#[component]
fn FacetSelect(
    id: &'static str,
    label: fn(Lang) -> &'static str,
    options: fn(Lang) -> Vec<(&'static str, String)>,
    current: impl Fn() -> Option<&'static str> + Send + Sync + Copy + 'static,
    pick: fn(&mut Filter, &str),
    counts: impl Fn(&str) -> Option<u64> + Send + Sync + Copy + 'static,
    filter: RwSignal<Filter>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    view! {
        <div class="aq-field">
            <label for=id>{move || label(lang.get())}</label>
            <select id=id on:change=move |ev| filter.update(|f| pick(f, &event_target_value(&ev)))>
                <option value="" prop:selected=move || current().is_none()>
                    {move || ui(lang.get()).any}
                </option>
                {move || {
                    let cur = current();
                    options(lang.get())
                        .into_iter()
                        .filter(|(v, _)| cur == Some(*v) || counts(v).is_none_or(|n| n > 0))
                        .map(|(v, name)| {
                            let text = match counts(v) {
                                Some(n) => format!("{name} ({n})"),
                                None => name,
                            };
                            view! {
                                <option value=v prop:selected=cur == Some(v)>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

#[component]
fn MonthInput(
    id: &'static str,
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
                type="month"
                min="2000-01"
                max="2100-12"
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

#[component]
fn IncidentList(
    state: RwSignal<ListState<IncidentCard>>,
    lang: RwSignal<Lang>,
    selected: RwSignal<Option<Selected>>,
    load_more: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <ListFrame state lang load_more>
            <ul class="aq-list" aria-label=move || ui(lang.get()).incidents>
                <For
                    each=move || state.with(|s| s.items.clone())
                    key=|c| (c.id.clone(), c.title.clone())
                    children=move |c: IncidentCard| {
                        let id = c.id.clone();
                        view! {
                            <li class="aq-card" data-id=c.id.clone()>
                                <button
                                    type="button"
                                    class="aq-card-btn"
                                    on:click=move |_| selected.set(Some(Selected::Incident(id.clone())))
                                >
                                    <span class=format!("aq-meta aq-cat-{}", c.category.as_str())>
                                        <span class="aq-swatch" aria-hidden="true"></span>
                                        {kind_line(lang.get_untracked(), &c)}
                                    </span>
                                    <span class="aq-card-title">{c.title.clone()}</span>
                                    <span class="aq-card-text">{c.summary.clone()}</span>
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
        </ListFrame>
    }
}

#[component]
fn ClaimList(
    state: RwSignal<ListState<ClaimCard>>,
    lang: RwSignal<Lang>,
    selected: RwSignal<Option<Selected>>,
    load_more: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <ListFrame state lang load_more>
            <ul class="aq-list" aria-label=move || ui(lang.get()).claims>
                <For
                    each=move || state.with(|s| s.items.clone())
                    key=|c| (c.id.clone(), c.quote.clone())
                    children=move |c: ClaimCard| {
                        let id = c.id.clone();
                        let l = lang.get_untracked();
                        view! {
                            <li class="aq-card aq-claim" data-id=c.id.clone()>
                                <button
                                    type="button"
                                    class="aq-card-btn"
                                    on:click=move |_| selected.set(Some(Selected::Claim(id.clone())))
                                >
                                    <span class="aq-meta">
                                        <VerdictBadge verdict=c.verdict lang=l/>
                                        {date_label(l, &c.date)}
                                    </span>
                                    <span class="aq-card-title aq-quote">"«" {c.quote.clone()} "»"</span>
                                    <span class="aq-card-text">{speaker_line(&c.speaker)}</span>
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
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
fn ListFrame<T: Clone + Send + Sync + 'static>(
    state: RwSignal<ListState<T>>,
    lang: RwSignal<Lang>,
    load_more: impl Fn() + Copy + Send + Sync + 'static,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="aq-results" aria-busy=move || true_false(state.with(|s| s.loading))>
            {move || {
                state
                    .with(|s| s.error.clone())
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
                state
                    .with(|s| !s.loading && s.error.is_none() && s.items.is_empty())
                    .then(|| view! { <p class="aq-empty">{ui(lang.get()).nothing}</p> })
            }}
            {children()}
            {move || {
                state
                    .with(|s| s.next.is_some())
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="aq-more"
                                disabled=move || state.with(|s| s.loading)
                                on:click=move |_| load_more()
                            >
                                {move || ui(lang.get()).load_more}
                            </button>
                        }
                    })
            }}
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
enum DetailData {
    Incident(Box<IncidentDetail>),
    Claim(Box<ClaimDetail>),
}

fn share_link(sel: &Selected, lang: Lang) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let q = ListQuery {
        lang,
        ..ListQuery::default()
    };
    format!(
        "{origin}/widget?{}",
        state::write(&q, Tab::Incidents, Some(sel), false)
    )
}

#[component]
fn Detail(
    sel: Selected,
    lang: RwSignal<Lang>,
    selected: RwSignal<Option<Selected>>,
    /// The editors' preview of an unpublished item (read through the admin API with their session).
    #[prop(optional)]
    preview: bool,
) -> impl IntoView {
    let which = sel.clone();
    let data = fetched(move || {
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
    view! {
        <article class="aq-detail">
            {(!preview)
                .then(|| {
                    view! {
                        <button type="button" class="aq-back" on:click=move |_| selected.set(None)>
                            {move || ui(lang.get()).back}
                        </button>
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
                    Some(Ok(DetailData::Incident(d))) => incident_detail(*d, l, selected).into_any(),
                    Some(Ok(DetailData::Claim(d))) => claim_detail(*d, l, selected).into_any(),
                }
            }}
            {(!preview)
                .then(|| {
                    view! {
                        <p class="aq-share">
                            <a href=move || share_link(&link, lang.get()) target="_blank" rel="noopener">
                                {move || ui(lang.get()).share}
                            </a>
                        </p>
                    }
                })}
        </article>
    }
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

fn incident_detail(
    d: IncidentDetail,
    lang: Lang,
    selected: RwSignal<Option<Selected>>,
) -> impl IntoView {
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
            <h2 class="aq-detail-title">{c.title}</h2>
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
                                    let id = cl.id.clone();
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="aq-link"
                                                on:click=move |_| selected.set(Some(Selected::Claim(id.clone())))
                                            >
                                                <VerdictBadge verdict=cl.verdict lang/>
                                                "«"
                                                {cl.quote}
                                                "» — "
                                                {cl.speaker.name}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}

fn claim_detail(d: ClaimDetail, lang: Lang, selected: RwSignal<Option<Selected>>) -> impl IntoView {
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
            <blockquote class="aq-detail-title aq-quote">"«" {c.quote} "»"</blockquote>
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
                                    let id = i.id.clone();
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="aq-link"
                                                on:click=move |_| selected.set(Some(Selected::Incident(id.clone())))
                                            >
                                                {when_label(lang, i.date.as_ref(), i.period.as_ref())}
                                                " — "
                                                {i.title}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}
