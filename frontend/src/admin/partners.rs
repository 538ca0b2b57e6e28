//! Partner sites (admins only): the list, creating and editing one, and the embed builder (the public `/embed`
//! page's component, `crate::builder`) for a partner.

use aqiqat_shared::admin::{NewPartner, Partner, normalize_domains};
use aqiqat_shared::embed::EmbedOptions;
use aqiqat_shared::view::ViewState;
use aqiqat_shared::{FieldError, ListQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fields::{FormErrors, TextField};
use super::i18n::tr;
use super::users::notice_view;
use super::{Session, time_label};
use crate::builder::Builder;

#[component]
pub fn Partners() -> impl IntoView {
    let client = expect_context::<Session>().client();
    let refresh = RwSignal::new(0u32);
    let partners = LocalResource::new(move || {
        refresh.track();
        async move { client.partners().await }
    });
    let notice = RwSignal::new(None::<Result<String, String>>);
    // The partner being edited; `None` shows the form for a new one.
    let editing = RwSignal::new(None::<Partner>);
    let snippet_for = RwSignal::new(None::<Partner>);
    let saved = Callback::new(move |r: Result<String, String>| {
        if r.is_ok() {
            editing.set(None);
            refresh.update(|n| *n += 1);
        }
        notice.set(Some(r));
    });
    view! {
        <section class="adm-page adm-partners">
            <h1>{tr(|u| u.nav_partners)}</h1>
            {move || notice.get().map(notice_view)}
            {move || match partners.get() {
                None => view! { <p class="adm-loading">{tr(|u| u.loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="adm-error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="adm-table" id="partners">
                        <thead>
                            <tr>
                                <th scope="col">{tr(|u| u.name)}</th>
                                <th scope="col">{tr(|u| u.domains)}</th>
                                <th scope="col">{tr(|u| u.contact)}</th>
                                <th scope="col">{tr(|u| u.created)}</th>
                                <th scope="col">{tr(|u| u.actions)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .into_iter()
                                .map(|p| {
                                    let edit = p.clone();
                                    let embed = p.clone();
                                    view! {
                                        <tr data-id=p.id>
                                            <td>{p.name.clone()}</td>
                                            <td>{p.domains.join(", ")}</td>
                                            <td>{p.contact.clone().unwrap_or_default()}</td>
                                            <td class="adm-nowrap">{time_label(&p.created_at)}</td>
                                            <td>
                                                <button
                                                    type="button"
                                                    data-action="edit"
                                                    on:click=move |_| editing.set(Some(edit.clone()))
                                                >
                                                    {tr(|u| u.edit)}
                                                </button>
                                                <button
                                                    type="button"
                                                    data-action="embed"
                                                    on:click=move |_| snippet_for.set(Some(embed.clone()))
                                                >
                                                    {tr(|u| u.embed_code)}
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
            {move || snippet_for.get().map(|p| view! { <SnippetBuilder partner=p/> })}
            {move || view! { <PartnerForm partner=editing.get() saved cancel=Callback::new(move |()| editing.set(None))/> }}
        </section>
    }
}

#[component]
fn PartnerForm(
    partner: Option<Partner>,
    saved: Callback<Result<String, String>>,
    cancel: Callback<()>,
) -> impl IntoView {
    let client = expect_context::<Session>().client();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    provide_context(FormErrors(errors));
    let id = partner.as_ref().map(|p| p.id);
    let name = RwSignal::new(partner.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let domains = RwSignal::new(
        partner
            .as_ref()
            .map(|p| p.domains.join("\n"))
            .unwrap_or_default(),
    );
    let contact = RwSignal::new(
        partner
            .as_ref()
            .and_then(|p| p.contact.clone())
            .unwrap_or_default(),
    );
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errs = Vec::new();
        let n = name.get_untracked().trim().to_owned();
        if n.is_empty() {
            errs.push(FieldError::new("name", "required", "a name is required"));
        }
        let list: Vec<String> = domains
            .get_untracked()
            .split([',', '\n', ' '])
            .filter(|d| !d.trim().is_empty())
            .map(str::to_owned)
            .collect();
        let list = normalize_domains(&list).map_err(|e| errs.push(e));
        let (Ok(list), true) = (list, errs.is_empty()) else {
            errors.set(errs);
            return;
        };
        errors.set(Vec::new());
        let c = contact.get_untracked().trim().to_owned();
        let body = NewPartner {
            name: n,
            domains: list,
            contact: (!c.is_empty()).then_some(c),
        };
        busy.set(true);
        spawn_local(async move {
            let r = client.save_partner(id, &body).await;
            busy.set(false);
            match r {
                Ok(p) => {
                    saved.try_run(Ok(p.name));
                }
                Err(e) => {
                    let mut errs = e.details.clone();
                    if let (true, Some(f)) = (errs.is_empty(), &e.field) {
                        errs.push(FieldError::new(
                            f.clone(),
                            e.code.clone(),
                            e.message.clone(),
                        ));
                    }
                    errors.set(errs);
                    saved.try_run(Err(e.to_string()));
                }
            }
        });
    };
    let editing = id.is_some();
    view! {
        <form class="adm-section adm-partner-form" novalidate=true on:submit=submit>
            <h2>{move || if editing { tr(|u| u.edit_partner)() } else { tr(|u| u.new_partner)() }}</h2>
            <TextField id="partner-name" path="name" label=|u| u.name value=name/>
            <TextField
                id="partner-domains"
                path="domains"
                label=|u| u.domains
                value=domains
                multiline=true
                hint=|u| u.domains_hint
            />
            <TextField id="partner-contact" path="contact" label=|u| u.contact value=contact/>
            <button type="submit" class="adm-primary" data-action="save-partner" disabled=move || busy.get()>
                {tr(|u| u.save)}
            </button>
            {editing
                .then(|| {
                    view! {
                        <button type="button" data-action="cancel" on:click=move |_| cancel.run(())>
                            {tr(|u| u.cancel)}
                        </button>
                    }
                })}
        </form>
    }
}

/// The embed builder (the same component as the public `/embed`) for one partner: its frame titled with the
/// partner's name, in the panel's language.
#[component]
fn SnippetBuilder(partner: Partner) -> impl IntoView {
    let lang = expect_context::<Session>().lang;
    let initial = EmbedOptions {
        view: ViewState {
            query: ListQuery {
                lang: lang.get_untracked(),
                ..ListQuery::default()
            },
            ..ViewState::default()
        },
        title: Some(partner.name.clone()),
        ..EmbedOptions::default()
    };
    view! {
        <section class="adm-section adm-snippet" id="snippet">
            <h2>{tr(|u| u.embed_code)} " — " {partner.name.clone()}</h2>
            <p class="adm-hint">{tr(|u| u.snippet_hint)}</p>
            <Builder ui_lang=lang.into() initial/>
        </section>
    }
}
