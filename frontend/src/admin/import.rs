//! The digest import (issue 5): paste or upload a monthly digest, preview the drafts the server parsed from it
//! (with the parser's flags and possible duplicates), fix titles, sections, kinds and dates, and accept the
//! chosen ones as drafts. The wire shapes of this page are kept here, apart from the rest of the admin API, and
//! read leniently, because the importer is still being written.

use std::collections::BTreeMap;

use aqiqat_shared::admin::ItemKind;
use aqiqat_shared::{Category, Kind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen_futures::JsFuture;

use super::Session;
use super::i18n::{tr, ui};
use super::route::Route;

#[derive(Debug, Clone, Deserialize)]
pub struct ImportPreview {
    #[serde(default)]
    pub entries: Vec<ImportEntry>,
    #[serde(default)]
    pub period: Value,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ImportEntry {
    pub index: usize,
    #[serde(default)]
    pub title: Value,
    #[serde(default)]
    pub summary: Value,
    #[serde(default)]
    pub category: Value,
    #[serde(default)]
    pub kind: Value,
    #[serde(default)]
    pub date: Value,
    /// `{"from", "to"}`: the digest's period, for an entry without a date of its own.
    #[serde(default)]
    pub period: Value,
    #[serde(default)]
    pub sources: Vec<Value>,
    #[serde(default)]
    pub legal_refs: Vec<Value>,
    #[serde(default)]
    pub platforms: Vec<Value>,
    #[serde(default)]
    pub regions: Vec<Value>,
    #[serde(default)]
    pub actors: Vec<Value>,
    #[serde(default)]
    pub flags: Vec<Value>,
    #[serde(default)]
    pub duplicate_of: Option<String>,
}

/// Changes to one entry; absent fields stay as parsed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EntryEdit {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AcceptRequest {
    pub text: String,
    pub accept: Vec<usize>,
    pub edits: BTreeMap<String, EntryEdit>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AcceptResult {
    #[serde(default)]
    pub created: Vec<String>,
    #[serde(default)]
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Skipped {
    pub index: usize,
    #[serde(default)]
    pub reason: Value,
}

/// A JSON value as text: a string as is, a localized text in Russian, anything else compactly.
fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Object(o) => o
            .get("message")
            .or_else(|| o.get("ru"))
            .or_else(|| o.get("url"))
            .or_else(|| o.get("name"))
            .map_or_else(|| v.to_string(), text),
        other => other.to_string(),
    }
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

#[derive(Clone, Copy)]
struct RowEdit {
    accept: RwSignal<bool>,
    title: RwSignal<String>,
    category: RwSignal<String>,
    kind: RwSignal<String>,
    date: RwSignal<String>,
}

struct Row {
    entry: ImportEntry,
    edit: RowEdit,
}

impl Row {
    fn new(entry: ImportEntry) -> Row {
        let edit = RowEdit {
            accept: RwSignal::new(entry.duplicate_of.is_none()),
            title: RwSignal::new(text(&entry.title)),
            category: RwSignal::new(text(&entry.category)),
            kind: RwSignal::new(text(&entry.kind)),
            date: RwSignal::new(text(&entry.date)),
        };
        Row { entry, edit }
    }

    fn changes(&self) -> Option<EntryEdit> {
        let changed = |sig: RwSignal<String>, orig: &Value| {
            let v = sig.get_untracked();
            (v != text(orig)).then_some(v)
        };
        let e = EntryEdit {
            title: changed(self.edit.title, &self.entry.title),
            category: changed(self.edit.category, &self.entry.category),
            kind: changed(self.edit.kind, &self.entry.kind),
            date: changed(self.edit.date, &self.entry.date),
        };
        (e.title.is_some() || e.category.is_some() || e.kind.is_some() || e.date.is_some())
            .then_some(e)
    }
}

#[component]
pub fn Import() -> impl IntoView {
    let session = expect_context::<Session>();
    let client = session.client();
    let lang = session.lang;
    let input = RwSignal::new(String::new());
    // The text the preview was made from: what "accept" sends, so the indexes mean the same entries.
    let previewed = StoredValue::new(String::new());
    let rows = StoredValue::new(Vec::<Row>::new());
    let version = RwSignal::new(0u32);
    let period = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let result = RwSignal::new(None::<AcceptResult>);
    let busy = RwSignal::new(false);

    let on_file = move |ev: leptos::ev::Event| {
        let el = event_target::<web_sys::HtmlInputElement>(&ev);
        let Some(file) = el.files().and_then(|f| f.get(0)) else {
            return;
        };
        spawn_local(async move {
            match JsFuture::from(file.text()).await {
                Ok(t) => input.set(t.as_string().unwrap_or_default()),
                Err(_) => error.set(Some(ui(lang.get_untracked()).import_file_failed.to_owned())),
            }
        });
    };
    let preview = move |_| {
        let t = input.get_untracked();
        if t.trim().is_empty() {
            return;
        }
        busy.set(true);
        error.set(None);
        result.set(None);
        spawn_local(async move {
            let r = client.import_preview(&t).await;
            busy.set(false);
            match r {
                Ok(p) => {
                    previewed.set_value(t);
                    period.set(text(&p.period));
                    rows.set_value(p.entries.into_iter().map(Row::new).collect());
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let accept = move |_| {
        let (accept, edits) = rows.with_value(|rows| {
            let accept: Vec<usize> = rows
                .iter()
                .filter(|r| r.edit.accept.get_untracked())
                .map(|r| r.entry.index)
                .collect();
            let edits: BTreeMap<String, EntryEdit> = rows
                .iter()
                .filter(|r| r.edit.accept.get_untracked())
                .filter_map(|r| r.changes().map(|c| (r.entry.index.to_string(), c)))
                .collect();
            (accept, edits)
        });
        if accept.is_empty() {
            return;
        }
        let req = AcceptRequest {
            text: previewed.get_value(),
            accept,
            edits,
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let r = client.import_accept(&req).await;
            busy.set(false);
            match r {
                Ok(res) => result.set(Some(res)),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    view! {
        <section class="adm-page adm-import">
            <h1>{tr(|u| u.nav_import)}</h1>
            <div class="adm-field">
                <label for="import-text">{tr(|u| u.import_paste)}</label>
                <textarea
                    id="import-text"
                    name="text"
                    rows="12"
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                ></textarea>
            </div>
            <div class="adm-field">
                <label for="import-file">{tr(|u| u.import_file)}</label>
                <input id="import-file" name="file" type="file" accept=".txt,.md,text/plain" on:change=on_file/>
            </div>
            <button
                type="button"
                class="adm-primary"
                data-action="import-preview"
                disabled=move || busy.get()
                on:click=preview
            >
                {tr(|u| u.import_preview)}
            </button>
            {move || error.get().map(|e| view! { <p class="adm-error" role="alert">{e}</p> })}
            {move || {
                version.track();
                let p = period.get();
                rows.with_value(|r| !r.is_empty())
                    .then(|| {
                        view! {
                            <h2>{tr(|u| u.import_entries)} {(!p.is_empty()).then(|| format!(" · {p}"))}</h2>
                            <PreviewTable rows/>
                            <button
                                type="button"
                                class="adm-primary"
                                data-action="import-accept"
                                disabled=move || busy.get()
                                on:click=accept
                            >
                                {tr(|u| u.import_accept)}
                            </button>
                        }
                    })
            }}
            {move || result.get().map(|r| view! { <AcceptSummary result=r/> })}
        </section>
    }
}

#[component]
fn PreviewTable(rows: StoredValue<Vec<Row>>) -> impl IntoView {
    let lang = expect_context::<Session>().lang;
    let body = rows.with_value(|rows| {
        rows.iter()
            .map(|r| {
                let i = r.entry.index;
                let e = r.edit;
                let flags: Vec<String> = r.entry.flags.iter().map(text).collect();
                let flagged = !flags.is_empty();
                let summary = short(&text(&r.entry.summary), 240);
                let sources: Vec<String> = r.entry.sources.iter().map(text).collect();
                let details: Vec<String> = [
                    &r.entry.actors,
                    &r.entry.regions,
                    &r.entry.platforms,
                    &r.entry.legal_refs,
                ]
                .into_iter()
                .flat_map(|list| list.iter().map(text))
                .collect();
                let duplicate = r.entry.duplicate_of.clone();
                let is_duplicate = duplicate.is_some();
                let period = match (&r.entry.period["from"], &r.entry.period["to"]) {
                    (Value::String(a), Value::String(b)) => Some(format!("{a} – {b}")),
                    _ => None,
                };
                let id = move |what: &str| format!("import-{what}-{i}");
                view! {
                    <tr data-index=i class:adm-flagged=flagged class:adm-duplicate=is_duplicate>
                        <td>
                            <input
                                type="checkbox"
                                id=id("accept")
                                aria-label=format!("#{i}")
                                prop:checked=move || e.accept.get()
                                on:change=move |ev| e.accept.set(event_target_checked(&ev))
                            />
                        </td>
                        <td>{i}</td>
                        <td>
                            <input
                                type="text"
                                id=id("date")
                                size="10"
                                aria-label=move || ui(lang.get()).date
                                placeholder="YYYY-MM-DD"
                                prop:value=move || e.date.get()
                                on:input=move |ev| e.date.set(event_target_value(&ev))
                            />
                            // Undated: the draft will be dated within the digest's period unless a date is typed.
                            {move || {
                                let p = period.clone()?;
                                e.date
                                    .get()
                                    .trim()
                                    .is_empty()
                                    .then(|| {
                                        view! {
                                            <small class="adm-flag" id=id("period")>
                                                {tr(|u| u.import_period)} " " {p}
                                            </small>
                                        }
                                    })
                            }}
                        </td>
                        <td>
                            <textarea
                                id=id("title")
                                rows="2"
                                aria-label=move || ui(lang.get()).title
                                prop:value=move || e.title.get()
                                on:input=move |ev| e.title.set(event_target_value(&ev))
                            ></textarea>
                            <p class="adm-muted">{summary}</p>
                        </td>
                        <td>
                            <WireSelect id=id("category") value=e.category label=|u| u.category options=|l| {
                                Category::ALL.iter().map(|c| (c.as_str(), c.label(l))).collect()
                            }/>
                            <WireSelect id=id("kind") value=e.kind label=|u| u.kind options=|l| {
                                Kind::ALL.iter().map(|k| (k.as_str(), k.label(l))).collect()
                            }/>
                        </td>
                        <td>
                            <ul class="adm-compact">
                                {sources
                                    .into_iter()
                                    .map(|s| view! { <li class="adm-mono">{short(&s, 60)}</li> })
                                    .collect_view()}
                            </ul>
                            <small class="adm-muted">{details.join("; ")}</small>
                        </td>
                        <td>
                            <ul class="adm-flags">
                                {flags.into_iter().map(|f| view! { <li class="adm-flag">{f}</li> }).collect_view()}
                            </ul>
                            {duplicate
                                .map(|d| {
                                    view! {
                                        <p class="adm-flag">
                                            {tr(|u| u.duplicate_of)} " "
                                            <a href=Route::Item(ItemKind::Incident, d.clone()).href()>{d.clone()}</a>
                                        </p>
                                    }
                                })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    });
    view! {
        <table class="adm-table adm-import-table" id="import-preview">
            <thead>
                <tr>
                    <th scope="col">{tr(|u| u.import_take)}</th>
                    <th scope="col">"#"</th>
                    <th scope="col">{tr(|u| u.date)}</th>
                    <th scope="col">{tr(|u| u.title)}</th>
                    <th scope="col">{tr(|u| u.category)}</th>
                    <th scope="col">{tr(|u| u.sources)}</th>
                    <th scope="col">{tr(|u| u.import_flags)}</th>
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
    }
}

/// A select over wire names (the parser may leave a value empty or unknown: it is kept and shown as is).
#[component]
fn WireSelect(
    id: String,
    value: RwSignal<String>,
    label: fn(&super::i18n::Ui) -> &'static str,
    options: fn(aqiqat_shared::Lang) -> Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    let lang = expect_context::<Session>().lang;
    view! {
        <select id=id aria-label=tr(label) on:change=move |ev| value.set(event_target_value(&ev))>
            {move || {
                let current = value.get();
                let list = options(lang.get());
                let known = list.iter().any(|(v, _)| *v == current);
                let extra = (!known)
                    .then(|| {
                        let text = if current.is_empty() { "—".to_owned() } else { current.clone() };
                        view! { <option value=current.clone() selected=true>{text}</option> }
                    });
                view! {
                    {extra}
                    {list
                        .into_iter()
                        .map(|(v, name)| view! { <option value=v selected=v == current>{name}</option> })
                        .collect_view()}
                }
            }}
        </select>
    }
}

#[component]
fn AcceptSummary(result: AcceptResult) -> impl IntoView {
    view! {
        <section class="adm-section" id="import-result" role="status">
            <h2>{tr(|u| u.import_created)} ": " {result.created.len()}</h2>
            <ul>
                {result
                    .created
                    .into_iter()
                    .map(|id| {
                        view! {
                            <li>
                                <a href=Route::Item(ItemKind::Incident, id.clone()).href()>{id.clone()}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(!result.skipped.is_empty())
                .then(|| {
                    view! {
                        <h3>{tr(|u| u.import_skipped)}</h3>
                        <ul>
                            {result
                                .skipped
                                .into_iter()
                                .map(|s| view! { <li>"#" {s.index} ": " {text(&s.reason)}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
        </section>
    }
}
