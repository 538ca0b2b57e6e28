//! The audit log (admins only): sign-ins, publishes, role changes, imports, newest first.

use leptos::prelude::*;

use super::i18n::tr;
use super::{Session, time_label};

const LIMIT: u32 = 200;

#[component]
pub fn Audit() -> impl IntoView {
    let client = expect_context::<Session>().client();
    let entries = LocalResource::new(move || async move { client.audit(LIMIT).await });
    view! {
        <section class="adm-page adm-audit">
            <h1>{tr(|u| u.nav_audit)}</h1>
            {move || match entries.get() {
                None => view! { <p class="adm-loading">{tr(|u| u.loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="adm-error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="adm-table" id="audit">
                        <caption>{tr(|u| u.audit_caption)} " " {LIMIT}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tr(|u| u.when)}</th>
                                <th scope="col">{tr(|u| u.who)}</th>
                                <th scope="col">{tr(|u| u.audit_action)}</th>
                                <th scope="col">{tr(|u| u.audit_target)}</th>
                                <th scope="col">{tr(|u| u.audit_detail)}</th>
                                <th scope="col">"IP"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .into_iter()
                                .map(|e| {
                                    let action = e.action.clone();
                                    view! {
                                        <tr data-audit-action=action>
                                            <td class="adm-nowrap">{time_label(&e.at)}</td>
                                            <td>{e.actor.map(|a| a.name).unwrap_or_else(|| "—".to_owned())}</td>
                                            <td class="adm-mono">{e.action}</td>
                                            <td class="adm-mono">{e.target.unwrap_or_default()}</td>
                                            <td>{e.detail}</td>
                                            <td class="adm-mono">{e.ip.unwrap_or_default()}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
        </section>
    }
}
