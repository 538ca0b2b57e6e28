//! Source links: a single one (where a claim was said) or an ordered list (an incident's sources, a claim's
//! evidence). Each URL is checked as it is typed, with the same rule the server applies.

use aqiqat_shared::common::check_url;
use leptos::prelude::*;

use super::draft::SourceRaw;
use super::fields::{FieldErrors, TextField};
use super::i18n::{Ui, tr};
use super::rows::{RowTools, Rows};

#[derive(Clone, Copy)]
pub struct SourceRow {
    pub url: RwSignal<String>,
    pub outlet: RwSignal<String>,
    pub title: RwSignal<String>,
    pub date: RwSignal<String>,
}

impl SourceRow {
    pub fn new(raw: &SourceRaw) -> SourceRow {
        SourceRow {
            url: RwSignal::new(raw.url.clone()),
            outlet: RwSignal::new(raw.outlet.clone()),
            title: RwSignal::new(raw.title.clone()),
            date: RwSignal::new(raw.date.clone()),
        }
    }

    pub fn raw(self) -> SourceRaw {
        SourceRaw {
            url: self.url.get(),
            outlet: self.outlet.get(),
            title: self.title.get(),
            date: self.date.get(),
        }
    }

    pub fn load(self, raw: &SourceRaw) {
        self.url.set(raw.url.clone());
        self.outlet.set(raw.outlet.clone());
        self.title.set(raw.title.clone());
        self.date.set(raw.date.clone());
    }
}

pub fn load_list(rows: Rows<SourceRow>, list: &[SourceRaw]) {
    rows.replace(|| list.iter().map(SourceRow::new).collect());
}

pub fn raw_list(rows: Rows<SourceRow>) -> Vec<SourceRaw> {
    rows.values().into_iter().map(SourceRow::raw).collect()
}

/// The inputs of one source. Ids are `<prefix>-url<suffix>` etc. (`source-url-0`, `said-at-url`).
#[component]
pub fn SourceFields(
    row: SourceRow,
    prefix: &'static str,
    #[prop(into)] suffix: Signal<String>,
    /// The error path of this source (`sources[0]`, `said_at`).
    #[prop(into)]
    path: Signal<String>,
) -> impl IntoView {
    let id = move |part: &'static str| {
        Signal::derive(move || format!("{prefix}-{part}{}", suffix.get()))
    };
    let sub = move |part: &'static str| Signal::derive(move || format!("{}.{part}", path.get()));
    let url_problem = move || {
        let u = row.url.get();
        if u.trim().is_empty() {
            None
        } else {
            check_url(&u).err()
        }
    };
    let url_id = id("url");
    view! {
        <div class="adm-source">
            <div class="adm-field adm-source-url">
                <label for=url_id>{tr(|u| u.source_url)} " *"</label>
                <div class="adm-inline">
                    <input
                        id=url_id
                        name=url_id
                        type="url"
                        inputmode="url"
                        placeholder="https://"
                        aria-invalid=move || (url_problem().is_some()).to_string()
                        prop:value=move || row.url.get()
                        on:input=move |ev| row.url.set(event_target_value(&ev))
                    />
                    {move || {
                        let u = row.url.get();
                        (!u.trim().is_empty() && url_problem().is_none())
                            .then(|| {
                                view! {
                                    <a class="adm-open" href=u target="_blank" rel="noopener noreferrer">
                                        {tr(|u| u.open_link)}
                                    </a>
                                }
                            })
                    }}
                </div>
                {move || {
                    url_problem()
                        .map(|p| {
                            view! {
                                <small class="adm-hint adm-hint-bad">{tr(|u| u.url_invalid)} ": " {p}</small>
                            }
                        })
                }}
                <FieldErrors path=sub("url")/>
            </div>
            <TextField id=id("outlet") path=sub("outlet") label=|u| u.source_outlet value=row.outlet/>
            <TextField id=id("title") path=sub("title") label=|u| u.source_title value=row.title/>
            <TextField
                id=id("date")
                path=sub("date")
                label=|u| u.source_date
                value=row.date
                hint=|u| u.date_formats
            />
        </div>
    }
}

/// An ordered list of sources with add / remove / move. List-level errors (`sources`: none given, too many) show
/// under the list; each source's under its inputs.
#[component]
pub fn SourcesEditor(
    rows: Rows<SourceRow>,
    /// Id prefix: `source` gives `source-url-0`.
    prefix: &'static str,
    /// Error path: `sources` gives `sources[0].url`.
    path: &'static str,
    label: fn(&Ui) -> &'static str,
) -> impl IntoView {
    view! {
        <fieldset class="adm-field adm-list" data-field=path>
            <legend>{tr(label)}</legend>
            <ol class="adm-rows">
                <For
                    each=move || rows.keyed_rows()
                    key=|(k, _)| *k
                    children=move |(key, row)| {
                        let index = move || rows.index_of(key);
                        view! {
                            <li class="adm-row">
                                <SourceFields
                                    row
                                    prefix
                                    suffix=Signal::derive(move || format!("-{}", index()))
                                    path=Signal::derive(move || format!("{path}[{}]", index()))
                                />
                                <RowTools rows key/>
                            </li>
                        }
                    }
                />
            </ol>
            <FieldErrors path=path/>
            <button
                type="button"
                data-action="add-source"
                on:click=move |_| rows.push(|| SourceRow::new(&SourceRaw::default()))
            >
                {tr(|u| u.add_source)}
            </button>
        </fieldset>
    }
}
