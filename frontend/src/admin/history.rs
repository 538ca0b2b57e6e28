//! An item's history: every saved revision (who, when, what changed), the diff between two of them, and
//! restoring an old one as a new version.

use aqiqat_shared::admin::{FieldChange, ItemKind, RevisionDiff};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::i18n::tr;
use super::{Session, time_label};

fn pretty(v: &serde_json::Value) -> String {
    if v.is_null() {
        "—".to_owned()
    } else {
        serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
    }
}

/// Field, before → after, with values as pretty JSON.
#[component]
pub fn ChangesTable(changes: Vec<FieldChange>) -> impl IntoView {
    if changes.is_empty() {
        return view! { <p class="adm-muted">{tr(|u| u.no_changes)}</p> }.into_any();
    }
    view! {
        <table class="adm-table adm-diff">
            <thead>
                <tr>
                    <th scope="col">{tr(|u| u.field)}</th>
                    <th scope="col">{tr(|u| u.before)}</th>
                    <th scope="col">{tr(|u| u.after)}</th>
                </tr>
            </thead>
            <tbody>
                {changes
                    .into_iter()
                    .map(|c| {
                        view! {
                            <tr data-change-field=c.field.clone()>
                                <th scope="row">{c.field.clone()}</th>
                                <td class="adm-before">
                                    <pre>{pretty(&c.before)}</pre>
                                </td>
                                <td class="adm-after">
                                    <pre>{pretty(&c.after)}</pre>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn History(
    kind: ItemKind,
    id: String,
    /// The item's current version: the list reloads when it changes.
    version: Signal<i64>,
    busy: RwSignal<bool>,
    restore: Callback<i64>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let client = session.client();
    let id = StoredValue::new(id);
    let revisions = LocalResource::new(move || {
        version.track();
        let id = id.get_value();
        async move { client.revisions(kind, &id).await }
    });
    let selected = RwSignal::new(Vec::<i64>::new());
    let diff = RwSignal::new(None::<Result<RevisionDiff, String>>);
    let compare = move |_| {
        let mut pair = selected.get_untracked();
        pair.sort_unstable();
        let &[from, to] = pair.as_slice() else {
            return;
        };
        let id = id.get_value();
        spawn_local(async move {
            let r = client.diff(kind, &id, from, to).await;
            diff.set(Some(r.map_err(|e| e.to_string())));
        });
    };
    let toggle = move |v: i64, on: bool| {
        selected.update(|s| {
            s.retain(|x| *x != v);
            if on {
                s.push(v);
                // Two are compared; choosing a third drops the oldest choice.
                if s.len() > 2 {
                    s.remove(0);
                }
            }
        });
    };
    let table = move || {
        let lang = session.lang.get();
        let current = version.get();
        match revisions.get() {
            None => view! { <p class="adm-loading">{tr(|u| u.loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="adm-error" role="alert">{e.to_string()}</p> }.into_any(),
            Some(Ok(revs)) => view! {
                <table class="adm-table" id="revisions">
                    <thead>
                        <tr>
                            <th scope="col">{tr(|u| u.compare)}</th>
                            <th scope="col">{tr(|u| u.version)}</th>
                            <th scope="col">{tr(|u| u.status)}</th>
                            <th scope="col">{tr(|u| u.who)}</th>
                            <th scope="col">{tr(|u| u.when)}</th>
                            <th scope="col">{tr(|u| u.note)}</th>
                            <th scope="col">{tr(|u| u.changed_fields)}</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>
                        {revs
                            .into_iter()
                            .map(|r| {
                                let v = r.version;
                                let check_id = format!("rev-select-{v}");
                                view! {
                                    <tr data-version=v>
                                        <td>
                                            <input
                                                type="checkbox"
                                                id=check_id.clone()
                                                name="rev-select"
                                                aria-label=format!("v{v}")
                                                prop:checked=move || selected.with(|s| s.contains(&v))
                                                on:change=move |ev| toggle(v, event_target_checked(&ev))
                                            />
                                        </td>
                                        <td>
                                            <label for=check_id>{v}</label>
                                        </td>
                                        <td>{r.status.label(lang)}</td>
                                        <td>{r.author.map(|a| a.name).unwrap_or_default()}</td>
                                        <td>{time_label(&r.created_at)}</td>
                                        <td>{r.note}</td>
                                        <td>{r.changed.join(", ")}</td>
                                        <td>
                                            {(v != current)
                                                .then(|| {
                                                    view! {
                                                        <button
                                                            type="button"
                                                            data-action="restore"
                                                            data-version=v
                                                            disabled=move || busy.get()
                                                            on:click=move |_| restore.run(v)
                                                        >
                                                            {tr(|u| u.restore)}
                                                        </button>
                                                    }
                                                })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any(),
        }
    };
    view! {
        <section class="adm-section adm-history" id="history">
            <h2>{tr(|u| u.history)}</h2>
            <p class="adm-hint">{tr(|u| u.history_hint)}</p>
            {table}
            <button
                type="button"
                data-action="diff"
                disabled=move || selected.with(|s| s.len() != 2)
                on:click=compare
            >
                {tr(|u| u.compare_selected)}
            </button>
            {move || {
                diff.get()
                    .map(|d| match d {
                        Ok(d) => {
                            view! {
                                <div class="adm-diff-view" id="diff">
                                    <h3>{format!("v{} → v{}", d.from, d.to)}</h3>
                                    <ChangesTable changes=d.changes/>
                                </div>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="adm-error" role="alert">{e}</p> }.into_any(),
                    })
            }}
        </section>
    }
}
