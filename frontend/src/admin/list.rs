//! The incident and claim lists: status tabs, "mine only", the widget's filters and search (the shared `Filter`
//! and `ListQuery`), a table and "load more". The filters live in the URL fragment, so back and reload keep them.

use aqiqat_shared::admin::{AdminRow, ItemKind};
use aqiqat_shared::filter::VerdictFilter;
use aqiqat_shared::{
    Category, Filter, Kind, Lang, ListQuery, PartialDate, Platform, RawQuery, Region, Status,
    Verdict,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::UrlSearchParams;

use super::i18n::{Ui, tr, ui};
use super::route::{self, Route};
use super::{Session, time_label};

const PAGE: u32 = 50;

struct Initial {
    filter: Filter,
    status: Option<Status>,
    mine: bool,
}

fn parse(query: &str) -> Initial {
    let params = UrlSearchParams::new_with_str(query).ok();
    let get = |k: &str| params.as_ref().and_then(|p| p.get(k));
    let raw = RawQuery {
        category: get("category"),
        kind: get("kind"),
        region: get("region"),
        platform: get("platform"),
        verdict: get("verdict"),
        from: get("from"),
        to: get("to"),
        q: get("q"),
        ..RawQuery::default()
    };
    Initial {
        filter: Filter::parse(&raw).unwrap_or_default(),
        status: get("status").and_then(|s| s.parse().ok()),
        mine: get("author").as_deref() == Some("me"),
    }
}

fn join(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("&")
}

/// The list's state as a query string: the shared filter's canonical form, then `status` and `author`.
fn to_query(filter: &Filter, status: Option<Status>, mine: bool) -> String {
    let base = ListQuery {
        filter: filter.clone(),
        ..ListQuery::default()
    }
    .to_query_string();
    join(&[
        base,
        status
            .map(|s| format!("status={}", s.as_str()))
            .unwrap_or_default(),
        if mine {
            "author=me".to_owned()
        } else {
            String::new()
        },
    ])
}

/// The API request: every status when no tab is chosen, a page size, and the cursor of "load more".
fn api_query(filter: &Filter, status: Option<Status>, mine: bool, cursor: Option<&str>) -> String {
    let statuses = match status {
        Some(s) => s.as_str().to_owned(),
        None => Status::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(","),
    };
    let cursor = cursor
        .map(|c| {
            format!(
                "cursor={}",
                js_sys::encode_uri_component(c)
                    .as_string()
                    .unwrap_or_default()
            )
        })
        .unwrap_or_default();
    join(&[
        to_query(filter, None, mine),
        format!("status={statuses}"),
        format!("limit={PAGE}"),
        cursor,
    ])
}

#[component]
pub fn ItemList(kind: ItemKind, query: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let client = session.client();
    let lang = session.lang;
    let init = parse(&query);
    let filter = RwSignal::new(init.filter);
    let status = RwSignal::new(init.status);
    let mine = RwSignal::new(init.mine);
    let rows = RwSignal::new(Vec::<AdminRow>::new());
    let total = RwSignal::new(None::<u64>);
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0u64);

    let fetch = move |cursor: Option<String>| {
        let append = cursor.is_some();
        let q = api_query(
            &filter.get_untracked(),
            status.get_untracked(),
            mine.get_untracked(),
            cursor.as_deref(),
        );
        if !append {
            generation.update_value(|g| *g += 1);
        }
        let current = generation.get_value();
        loading.set(true);
        spawn_local(async move {
            let r = client.list(kind, &q).await;
            // The page may have been left meanwhile: a disposed value reads as `None`, never panics.
            if generation.try_get_value() != Some(current) {
                return;
            }
            loading.set(false);
            match r {
                Ok(page) => {
                    error.set(None);
                    total.set(Some(page.total));
                    next.set(page.next_cursor);
                    if append {
                        rows.update(|r| r.extend(page.items));
                    } else {
                        rows.set(page.items);
                    }
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    Effect::new(move |_| {
        let q = to_query(&filter.get(), status.get(), mine.get());
        route::replace(&Route::List(kind, q));
        fetch(None);
    });

    let tabs = std::iter::once(None)
        .chain(Status::ALL.iter().copied().map(Some))
        .map(|s| {
            let key = s.map_or("all", Status::as_str);
            view! {
                <button
                    type="button"
                    role="tab"
                    data-status=key
                    class=move || if status.get() == s { "adm-tab adm-on" } else { "adm-tab" }
                    aria-selected=move || (status.get() == s).to_string()
                    on:click=move |_| status.set(s)
                >
                    {move || s.map_or(ui(lang.get()).all_statuses, |s| s.label(lang.get()))}
                </button>
            }
        })
        .collect_view();

    let new_route = Route::New(kind);
    view! {
        <section class="adm-list-page" data-kind=kind.as_str()>
            <div class="adm-page-head">
                <h1>
                    {move || {
                        let u = ui(lang.get());
                        match kind {
                            ItemKind::Incident => u.nav_incidents,
                            ItemKind::Claim => u.nav_claims,
                            ItemKind::Story => u.nav_stories,
                        }
                    }}
                </h1>
                <a class="adm-button adm-primary" href=new_route.href() data-action="new">
                    {move || {
                        let u = ui(lang.get());
                        match kind {
                            ItemKind::Incident => u.nav_new_incident,
                            ItemKind::Claim => u.nav_new_claim,
                            ItemKind::Story => u.nav_new_story,
                        }
                    }}
                </a>
            </div>
            <div class="adm-tabs adm-status-tabs" role="tablist" aria-label=tr(|u| u.status)>
                {tabs}
            </div>
            <FilterBar filter mine/>
            {move || error.get().map(|e| view! { <p class="adm-error" role="alert">{tr(|u| u.load_failed)} ": " {e}</p> })}
            <table class="adm-table" id="item-list" aria-busy=move || loading.get().to_string()>
                <caption>
                    {move || {
                        let u = ui(lang.get());
                        match total.get() {
                            Some(n) => format!("{}: {n}", u.found),
                            None => u.loading.to_owned(),
                        }
                    }}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">
                            {move || {
                                let u = ui(lang.get());
                                if kind == ItemKind::Claim { u.quote } else { u.title }
                            }}
                        </th>
                        <th scope="col">{tr(|u| u.date)}</th>
                        <th scope="col">{tr(|u| u.category)}</th>
                        <th scope="col">{tr(|u| u.status)}</th>
                        <th scope="col">{tr(|u| u.author)}</th>
                        <th scope="col">{tr(|u| u.updated)}</th>
                        <th scope="col">{tr(|u| u.version)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.get()
                        key=|r| (r.id.clone(), r.version)
                        children=move |r: AdminRow| view! { <Row row=r/> }
                    />
                </tbody>
            </table>
            {move || {
                (!loading.get() && error.get().is_none() && rows.with(Vec::is_empty))
                    .then(|| view! { <p class="adm-muted">{tr(|u| u.nothing_found)}</p> })
            }}
            {move || {
                next.get()
                    .map(|cursor| {
                        view! {
                            <button
                                type="button"
                                data-action="load-more"
                                disabled=move || loading.get()
                                on:click=move |_| fetch(Some(cursor.clone()))
                            >
                                {tr(|u| u.load_more)}
                            </button>
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn Row(row: AdminRow) -> impl IntoView {
    let lang = expect_context::<Session>().lang;
    let href = Route::Item(row.kind, row.id.clone()).href();
    let category = row.category.clone();
    let status = row.status;
    view! {
        <tr data-id=row.id.clone() data-status=status.as_str()>
            <td>
                <a href=href>{row.title.clone()}</a>
                <br/>
                <small class="adm-muted adm-mono">{row.id.clone()}</small>
            </td>
            <td class="adm-nowrap">{row.date.clone()}</td>
            <td>
                {move || {
                    // A story's row names its kind in this column.
                    category
                        .parse::<Category>()
                        .map(|c| c.label(lang.get()).to_owned())
                        .or_else(|_| category.parse::<aqiqat_shared::StoryKind>().map(|k| k.label(lang.get()).to_owned()))
                        .unwrap_or_else(|_| category.clone())
                }}
            </td>
            <td>
                <span class=format!("adm-status adm-status-{}", status.as_str())>
                    {move || status.label(lang.get())}
                </span>
            </td>
            <td>{row.author.clone().unwrap_or_default()}</td>
            <td class="adm-nowrap">{time_label(&row.updated_at)}</td>
            <td>{row.version}</td>
        </tr>
    }
}

#[component]
fn FilterBar(filter: RwSignal<Filter>, mine: RwSignal<bool>) -> impl IntoView {
    let (on_input, on_search) = crate::search_box::handlers(filter);
    view! {
        <form class="adm-filters" role="search" on:submit=|ev| ev.prevent_default()>
            <div class="adm-field adm-search">
                <label for="list-q">{tr(|u| u.search)}</label>
                <input
                    id="list-q"
                    name="q"
                    type="search"
                    autocomplete="off"
                    maxlength="200"
                    prop:value=move || filter.with(|f| f.q.clone().unwrap_or_default())
                    on:input=on_input
                    on:search=on_search
                    on:change=on_search
                />
            </div>
            <FilterSelect
                id="list-category"
                label=|u| u.category
                options=|l| Category::ALL.iter().map(|c| (c.as_str(), c.label(l).to_owned())).collect()
                current=|f| f.categories.first().map(|c| c.as_str())
                pick=|f, v| f.categories = v.parse().ok().into_iter().collect()
                filter
            />
            <FilterSelect
                id="list-kind"
                label=|u| u.kind
                options=|l| Kind::ALL.iter().map(|k| (k.as_str(), k.label(l).to_owned())).collect()
                current=|f| f.kinds.first().map(|k| k.as_str())
                pick=|f, v| f.kinds = v.parse().ok().into_iter().collect()
                filter
            />
            <FilterSelect
                id="list-region"
                label=|u| u.region
                options=|l| Region::ALL.iter().map(|r| (r.as_str(), r.label(l).to_owned())).collect()
                current=|f| f.regions.first().map(|r| r.as_str())
                pick=|f, v| f.regions = v.parse().ok().into_iter().collect()
                filter
            />
            <FilterSelect
                id="list-platform"
                label=|u| u.platforms
                options=|l| Platform::ALL.iter().map(|p| (p.as_str(), p.label(l).to_owned())).collect()
                current=|f| f.platforms.first().map(|p| p.as_str())
                pick=|f, v| f.platforms = v.parse().ok().into_iter().collect()
                filter
            />
            <FilterSelect
                id="list-verdict"
                label=|u| u.verdict
                options=|l| {
                    Verdict::ALL
                        .iter()
                        .map(|v| (v.as_str(), v.label(l).to_owned()))
                        .chain(std::iter::once(("unrated", ui(l).not_rated.to_owned())))
                        .collect()
                }
                current=|f| f.verdicts.first().map(|v| v.as_str())
                pick={|f, v| f.verdicts = v.parse::<VerdictFilter>().ok().into_iter().collect()}
                filter
            />
            <MonthFilter id="list-from" label=|u| u.from get=|f| f.from set=|f, d| f.from = d filter/>
            <MonthFilter id="list-to" label=|u| u.to get=|f| f.to set=|f, d| f.to = d filter/>
            <div class="adm-field adm-check">
                <label for="list-mine">
                    <input
                        type="checkbox"
                        id="list-mine"
                        name="author"
                        prop:checked=move || mine.get()
                        on:change=move |ev| mine.set(event_target_checked(&ev))
                    />
                    {tr(|u| u.mine_only)}
                </label>
            </div>
            <button
                type="button"
                data-action="reset-filters"
                disabled=move || filter.with(Filter::is_empty)
                on:click=move |_| filter.set(Filter::default())
            >
                {tr(|u| u.reset)}
            </button>
        </form>
    }
}

#[component]
fn FilterSelect(
    id: &'static str,
    label: fn(&Ui) -> &'static str,
    options: fn(Lang) -> Vec<(&'static str, String)>,
    current: fn(&Filter) -> Option<&'static str>,
    pick: fn(&mut Filter, &str),
    filter: RwSignal<Filter>,
) -> impl IntoView {
    let lang = expect_context::<Session>().lang;
    view! {
        <div class="adm-field">
            <label for=id>{tr(label)}</label>
            <select id=id name=id on:change=move |ev| filter.update(|f| pick(f, &event_target_value(&ev)))>
                <option value="" prop:selected=move || filter.with(|f| current(f).is_none())>
                    {tr(|u| u.any)}
                </option>
                {move || {
                    let cur = filter.with(current);
                    options(lang.get())
                        .into_iter()
                        .map(|(v, name)| view! { <option value=v prop:selected=cur == Some(v)>{name}</option> })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

#[component]
fn MonthFilter(
    id: &'static str,
    label: fn(&Ui) -> &'static str,
    get: fn(&Filter) -> Option<PartialDate>,
    set: fn(&mut Filter, Option<PartialDate>),
    filter: RwSignal<Filter>,
) -> impl IntoView {
    let value = move || {
        filter.with(|f| {
            get(f)
                .map(|d| format!("{:04}-{:02}", d.get_year(), d.get_month().unwrap_or(1)))
                .unwrap_or_default()
        })
    };
    view! {
        <div class="adm-field">
            <label for=id>{tr(label)}</label>
            <input
                id=id
                name=id
                type="month"
                placeholder="YYYY-MM"
                prop:value=value
                on:change=move |ev| {
                    let date = event_target_value(&ev).parse::<PartialDate>().ok();
                    filter
                        .update(|f| {
                            set(f, date);
                            if let (Some(a), Some(b)) = (f.from, f.to)
                                && a.first_day() > b.last_day()
                            {
                                f.from = date;
                                f.to = date;
                            }
                        })
                }
            />
        </div>
    }
}
