//! The digest import (issue 5): paste or upload a monthly digest, preview the drafts the server parsed from it
//! (with the parser's flags and possible duplicates), fix titles, sections, kinds and dates, and accept the
//! chosen ones as drafts. The wire shapes are the shared crate's (`aqiqat_shared::admin::Import*`).

use std::collections::BTreeMap;

use aqiqat_shared::admin::ItemKind;
use aqiqat_shared::{Category, Kind, PartialDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use super::Session;
use super::i18n::{tr, ui};
use super::route::Route;

/// Entries as the server read them, with what the editor must check ([`ImportEntry`]); what accepting sends
/// ([`ImportAcceptRequest`]) and answers ([`ImportOutcome`]): the shared crate's types, the server's too.
pub use aqiqat_shared::admin::{ImportAcceptRequest, ImportEdits, ImportEntry, ImportOutcome};

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
            title: RwSignal::new(entry.title.clone()),
            category: RwSignal::new(entry.category.as_str().to_owned()),
            kind: RwSignal::new(entry.kind.as_str().to_owned()),
            date: RwSignal::new(entry.date.map(|d| d.to_string()).unwrap_or_default()),
        };
        Row { entry, edit }
    }

    /// The editor's changes to this entry (`None`: none), or the entry's number when a typed date is not a date.
    fn changes(&self) -> Result<Option<ImportEdits>, usize> {
        let title = self.edit.title.get_untracked();
        let category = self.edit.category.get_untracked();
        let kind = self.edit.kind.get_untracked();
        let date = self.edit.date.get_untracked();
        let date = date.trim();
        let e = ImportEdits {
            title: (title != self.entry.title).then_some(title),
            summary: None,
            category: category
                .parse::<Category>()
                .ok()
                .filter(|c| *c != self.entry.category),
            kind: kind.parse::<Kind>().ok().filter(|k| *k != self.entry.kind),
            date: if date.is_empty() {
                None
            } else {
                let d = date.parse::<PartialDate>().map_err(|_| self.entry.index)?;
                (Some(d) != self.entry.date).then_some(d)
            },
        };
        Ok((!e.is_empty()).then_some(e))
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
    let result = RwSignal::new(None::<ImportOutcome>);
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
                    period.set(p.period.unwrap_or_default());
                    rows.set_value(p.entries.into_iter().map(Row::new).collect());
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let accept = move |_| {
        let chosen = rows.with_value(|rows| {
            let mut accept = Vec::new();
            let mut edits = BTreeMap::new();
            for r in rows.iter().filter(|r| r.edit.accept.get_untracked()) {
                accept.push(r.entry.index);
                if let Some(c) = r.changes()? {
                    edits.insert(r.entry.index.to_string(), c);
                }
            }
            Ok::<_, usize>((accept, edits))
        });
        let (accept, edits) = match chosen {
            Ok(c) => c,
            Err(i) => {
                let u = ui(lang.get_untracked());
                error.set(Some(format!("#{i}: {}", u.err_invalid_date)));
                return;
            }
        };
        if accept.is_empty() {
            return;
        }
        let req = ImportAcceptRequest {
            text: previewed.get_value(),
            name: None,
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
                let flags: Vec<String> = r.entry.flags.iter().map(|f| f.message.clone()).collect();
                let flagged = !flags.is_empty();
                let summary = short(&r.entry.summary, 240);
                let sources: Vec<String> = r.entry.sources.clone();
                let details: Vec<String> = r
                    .entry
                    .actors
                    .iter()
                    .cloned()
                    .chain(r.entry.regions.iter().map(|x| x.as_str().to_owned()))
                    .chain(r.entry.platforms.iter().map(|x| x.as_str().to_owned()))
                    .chain(r.entry.legal_refs.iter().map(|x| x.text.clone()))
                    .collect();
                let duplicate = r.entry.duplicate_of.clone();
                let is_duplicate = duplicate.is_some();
                let period = r.entry.period.map(|p| format!("{} – {}", p.from, p.to));
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
fn AcceptSummary(result: ImportOutcome) -> impl IntoView {
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
                                .map(|s| view! { <li>"#" {s.index} ": " {s.reason}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
        </section>
    }
}
