//! Partner sites (admins only): the list, creating and editing one, and an embed snippet builder that writes the
//! `<div data-aqiqat>` + `embed.js` snippet and the plain `<iframe>` alternative for copying.

use aqiqat_shared::admin::{NewPartner, Partner, normalize_domains};
use aqiqat_shared::filter::VerdictFilter;
use aqiqat_shared::{
    Category, FieldError, Filter, Kind, Lang, ListQuery, Platform, Region, Verdict,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fields::{EnumSelect, FormErrors, OptionSelect, TextField};
use super::i18n::tr;
use super::users::notice_view;
use super::{Session, time_label};

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

fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn lang_name(l: Lang, _: Lang) -> &'static str {
    match l {
        Lang::Ru => "Русский",
        Lang::Kk => "Қазақша",
        Lang::En => "English",
    }
}

/// The two ways to embed the widget with the chosen options. ORIGIN is this server's own origin.
#[component]
fn SnippetBuilder(partner: Partner) -> impl IntoView {
    // Its fields have no server errors; without a context of its own they would find an item form's, left behind
    // by a page visited earlier, whose signal is gone (a panic at the first render).
    provide_context(FormErrors(RwSignal::new(Vec::new())));
    let lang = RwSignal::new(Lang::Ru);
    let category = RwSignal::new(None::<Category>);
    let kind = RwSignal::new(None::<Kind>);
    let region = RwSignal::new(None::<Region>);
    let platform = RwSignal::new(None::<Platform>);
    let verdict = RwSignal::new(None::<Verdict>);
    let title = RwSignal::new(partner.name.clone());
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let query = Memo::new(move |_| ListQuery {
        filter: Filter {
            categories: category.get().into_iter().collect(),
            kinds: kind.get().into_iter().collect(),
            regions: region.get().into_iter().collect(),
            platforms: platform.get().into_iter().collect(),
            verdicts: verdict
                .get()
                .map(VerdictFilter::Rated)
                .into_iter()
                .collect(),
            ..Filter::default()
        },
        lang: lang.get(),
        ..ListQuery::default()
    });
    let origin2 = origin.clone();
    let embed = move || {
        let q = query.get();
        let raw = q.to_raw();
        let mut attrs = format!(" data-lang=\"{}\"", q.lang);
        for (k, v) in [
            ("category", raw.category),
            ("kind", raw.kind),
            ("region", raw.region),
            ("platform", raw.platform),
            ("verdict", raw.verdict),
        ] {
            if let Some(v) = v {
                attrs.push_str(&format!(" data-{k}=\"{}\"", attr(&v)));
            }
        }
        let t = title.get();
        if !t.trim().is_empty() {
            attrs.push_str(&format!(" data-title=\"{}\"", attr(t.trim())));
        }
        format!("<div data-aqiqat{attrs}></div>\n<script async src=\"{origin}/embed.js\"></script>")
    };
    let iframe = move || {
        let q = query.get();
        let qs = q.to_query_string();
        // `ListQuery` leaves out Russian, the default; the snippet names the language so it reads plainly.
        let qs = match (q.lang, qs.is_empty()) {
            (Lang::Ru, true) => "lang=ru".to_owned(),
            (Lang::Ru, false) => format!("lang=ru&{qs}"),
            _ => qs,
        };
        let t = title.get();
        let t = if t.trim().is_empty() {
            "Aqiqat"
        } else {
            t.trim()
        };
        format!(
            "<iframe src=\"{origin2}/widget?{}\" title=\"{}\" loading=\"lazy\" style=\"width:100%;height:900px;border:0\"></iframe>",
            attr(&qs),
            attr(t)
        )
    };
    view! {
        <section class="adm-section adm-snippet" id="snippet">
            <h2>{tr(|u| u.embed_code)} " — " {partner.name.clone()}</h2>
            <div class="adm-form-row">
                <EnumSelect id="snippet-lang" path="lang" label=|u| u.widget_language value=lang options=&Lang::ALL key=Lang::as_str name=lang_name/>
                <OptionSelect id="snippet-category" path="category" label=|u| u.category none=|u| u.any value=category options=Category::ALL key=Category::as_str name=Category::label/>
                <OptionSelect id="snippet-kind" path="kind" label=|u| u.kind none=|u| u.any value=kind options=Kind::ALL key=Kind::as_str name=Kind::label/>
                <OptionSelect id="snippet-region" path="region" label=|u| u.region none=|u| u.any value=region options=Region::ALL key=Region::as_str name=Region::label/>
                <OptionSelect id="snippet-platform" path="platform" label=|u| u.platforms none=|u| u.any value=platform options=Platform::ALL key=Platform::as_str name=Platform::label/>
                <OptionSelect id="snippet-verdict" path="verdict" label=|u| u.verdict none=|u| u.any value=verdict options=Verdict::ALL key=Verdict::as_str name=Verdict::label/>
                <TextField id="snippet-title" path="title" label=|u| u.snippet_title value=title/>
            </div>
            <div class="adm-field">
                <label for="snippet-embed">{tr(|u| u.snippet_script)}</label>
                <textarea id="snippet-embed" readonly=true rows="3" prop:value=embed></textarea>
            </div>
            <div class="adm-field">
                <label for="snippet-iframe">{tr(|u| u.snippet_iframe)}</label>
                <textarea id="snippet-iframe" readonly=true rows="3" prop:value=iframe></textarea>
            </div>
            <p class="adm-hint">{tr(|u| u.snippet_hint)}</p>
        </section>
    }
}
