//! The editors' admin panel: sign-in, lists, edit forms, workflow, history, preview, users, audit, partners and
//! the digest import. It is its own bundle (`src/bin/admin.rs`); the reader widget never references this module.

mod api;
mod audit;
mod claim_form;
mod draft;
mod fields;
mod history;
mod i18n;
mod import;
mod incident_form;
mod item;
mod list;
mod login;
mod partners;
mod preview;
mod route;
mod rows;
mod sources;
mod story_form;
mod users;

use aqiqat_shared::Lang;
use aqiqat_shared::admin::{ItemKind, Me, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use i18n::{tr, ui};
use route::Route;

/// What every page needs: who is signed in (with the CSRF token) and the interface language.
#[derive(Clone, Copy)]
pub(crate) struct Session {
    pub me: RwSignal<Option<Me>>,
    pub lang: RwSignal<Lang>,
}

impl Session {
    pub fn client(self) -> api::Client {
        api::Client::new(self.me)
    }

    pub fn is_admin(self) -> bool {
        self.me
            .with(|m| m.as_ref().is_some_and(|m| m.role == Role::Admin))
    }

    pub fn my_id(self) -> Option<i64> {
        self.me.with_untracked(|m| m.as_ref().map(|m| m.id))
    }
}

/// Mounts the panel into `#aqiqat-admin` (or the body).
pub fn mount() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let root = window
        .document()
        .and_then(|d| d.get_element_by_id("aqiqat-admin"));
    match root.and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(root) => {
            root.set_inner_html("");
            let _ = root.remove_attribute("aria-busy");
            leptos::mount::mount_to(root, || view! { <App/> }).forget();
        }
        None => leptos::mount::mount_to_body(|| view! { <App/> }),
    }
}

#[component]
fn App() -> impl IntoView {
    let session = Session {
        me: RwSignal::new(None),
        lang: RwSignal::new(i18n::saved_lang()),
    };
    provide_context(session);
    let route = RwSignal::new(route::current());
    // The listener lives as long as the page; the panel is never unmounted. Every real change of the fragment
    // renders its page afresh, even when it equals the route the page started from: a list rewrites its own
    // fragment as its filters change (without an event), so "the same" route may be a different URL by now.
    let _listener = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(route::current());
    });
    let checked = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(me) = api::me().await {
            session.me.set(Some(me));
        }
        checked.set(true);
    });
    Effect::new(move |_| {
        let l = session.lang.get();
        i18n::save_lang(l);
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("lang", l.as_str());
        }
    });
    let signed_in = Memo::new(move |_| session.me.with(Option::is_some));
    view! {
        <div class="adm">
            {move || {
                if !checked.get() {
                    view! { <p class="adm-loading">{tr(|u| u.loading)}</p> }.into_any()
                } else if signed_in.get() {
                    view! { <Shell route/> }.into_any()
                } else {
                    view! { <login::Login/> }.into_any()
                }
            }}
        </div>
    }
}

#[component]
fn Shell(route: RwSignal<Route>) -> impl IntoView {
    let session = expect_context::<Session>();
    let client = session.client();
    let logout = move |everywhere: bool| {
        spawn_local(async move {
            // Signed out locally whatever the server says: the cookie may already be gone.
            let _ = client.logout(everywhere).await;
            session.me.set(None);
        });
    };
    let link = move |target: Route, label: fn(&i18n::Ui) -> &'static str| {
        let section = target.section();
        view! {
            <a
                href=target.href()
                class=move || {
                    if route.with(|r| r.section() == section) { "adm-nav-link adm-on" } else { "adm-nav-link" }
                }
                aria-current=move || route.with(|r| r.section() == section).then_some("page")
            >
                {tr(label)}
            </a>
        }
    };
    let admin_links = move || {
        session.is_admin().then(|| {
            view! {
                {link(Route::Users, |u| u.nav_users)}
                {link(Route::Audit, |u| u.nav_audit)}
                {link(Route::Partners, |u| u.nav_partners)}
            }
        })
    };
    let who = move || {
        session.me.with(|m| {
            m.as_ref()
                .map(|m| format!("{} ({})", m.name, m.role.label(session.lang.get())))
                .unwrap_or_default()
        })
    };
    view! {
        <header class="adm-head">
            <a class="adm-brand" href="#/incidents">
                "Aqiqat · "
                {tr(|u| u.panel)}
            </a>
            <nav class="adm-nav" aria-label=tr(|u| u.nav_label)>
                {link(Route::List(ItemKind::Incident, String::new()), |u| u.nav_incidents)}
                {link(Route::List(ItemKind::Claim, String::new()), |u| u.nav_claims)}
                {link(Route::New(ItemKind::Incident), |u| u.nav_new_incident)}
                {link(Route::New(ItemKind::Claim), |u| u.nav_new_claim)}
                {link(Route::List(ItemKind::Story, String::new()), |u| u.nav_stories)}
                {link(Route::New(ItemKind::Story), |u| u.nav_new_story)}
                {link(Route::Import, |u| u.nav_import)}
                {admin_links}
            </nav>
            <div class="adm-user">
                <span id="me-name">{who}</span>
                <LangSwitch/>
                <button type="button" data-action="logout" on:click=move |_| logout(false)>
                    {tr(|u| u.logout)}
                </button>
                <button type="button" data-action="logout-everywhere" on:click=move |_| logout(true)>
                    {tr(|u| u.logout_everywhere)}
                </button>
            </div>
        </header>
        <main class="adm-main">
            {move || match route.get() {
                Route::List(kind, query) => view! { <list::ItemList kind query/> }.into_any(),
                Route::Item(kind, id) => view! { <item::ItemPage kind id=Some(id)/> }.into_any(),
                Route::New(kind) => view! { <item::ItemPage kind id=None/> }.into_any(),
                Route::Users => admin_only(|| view! { <users::Users/> }.into_any()),
                Route::Audit => admin_only(|| view! { <audit::Audit/> }.into_any()),
                Route::Partners => admin_only(|| view! { <partners::Partners/> }.into_any()),
                Route::Import => view! { <import::Import/> }.into_any(),
                Route::NotFound(_) => view! { <p class="adm-error">{tr(|u| u.not_found)}</p> }.into_any(),
            }}
        </main>
    }
}

/// Admin pages are refused by the server to editors anyway; this only avoids showing them a broken page.
fn admin_only(page: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView {
    let session = expect_context::<Session>();
    (move || {
        if session.is_admin() {
            page()
        } else {
            view! { <p class="adm-error" role="alert">{tr(|u| u.admins_only)}</p> }.into_any()
        }
    })
    .into_any()
}

/// The interface language (not the content language: content is edited in all three).
#[component]
pub(crate) fn LangSwitch() -> impl IntoView {
    let lang = expect_context::<Session>().lang;
    view! {
        <div class="adm-langs" role="group" aria-label=move || ui(lang.get()).ui_language>
            {Lang::ALL
                .into_iter()
                .map(|l| {
                    view! {
                        <button
                            type="button"
                            data-ui-lang=l.as_str()
                            class=move || if lang.get() == l { "adm-lang adm-on" } else { "adm-lang" }
                            aria-pressed=move || (lang.get() == l).to_string()
                            on:click=move |_| lang.set(l)
                        >
                            {l.as_str().to_uppercase()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Formats a server timestamp (RFC 3339) in the browser's time zone as `YYYY-MM-DD HH:MM`.
pub(crate) fn time_label(s: &str) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(s));
    if d.get_time().is_nan() {
        return s.to_owned();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Brings the first visible field error into view after a refused save.
pub(crate) fn scroll_to_first_error() {
    request_animation_frame(|| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".adm-field-error").ok().flatten())
        {
            el.scroll_into_view();
        }
    });
}
