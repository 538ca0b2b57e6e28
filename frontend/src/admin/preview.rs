//! What readers will see of the saved item, in each language, laid out like the widget's detail view. The
//! server builds it with the same function as the public API, so it cannot drift from the widget.

use aqiqat_shared::admin::ItemKind;
use aqiqat_shared::api::{ClaimDetail, CorrectionView, IncidentDetail, SpeakerView};
use aqiqat_shared::{DateEnd, Lang, PartialDate, Source, Verdict};
use leptos::prelude::*;

use super::Session;
use super::i18n::{tr, ui};

#[derive(Clone)]
enum Detail {
    Incident(Box<IncidentDetail>),
    Claim(Box<ClaimDetail>),
}

#[component]
pub fn Preview(
    kind: ItemKind,
    id: String,
    version: Signal<i64>,
    dirty: Memo<bool>,
) -> impl IntoView {
    let client = expect_context::<Session>().client();
    let lang = RwSignal::new(Lang::Ru);
    let id = StoredValue::new(id);
    let data = LocalResource::new(move || {
        version.track();
        let l = lang.get();
        let id = id.get_value();
        async move {
            match kind {
                ItemKind::Incident => client
                    .preview_incident(&id, l)
                    .await
                    .map(|d| Detail::Incident(Box::new(d))),
                ItemKind::Claim => client
                    .preview_claim(&id, l)
                    .await
                    .map(|d| Detail::Claim(Box::new(d))),
            }
        }
    });
    view! {
        <section class="adm-section adm-preview" id="preview">
            <div class="adm-preview-head">
                <h2>{tr(|u| u.preview)}</h2>
                <div class="adm-langs" role="group" aria-label=tr(|u| u.preview_language)>
                    {Lang::ALL
                        .into_iter()
                        .map(|l| {
                            view! {
                                <button
                                    type="button"
                                    data-preview-lang=l.as_str()
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
            </div>
            {move || dirty.get().then(|| view! { <p class="adm-hint">{tr(|u| u.preview_saved_only)}</p> })}
            <div class="adm-reader" lang=move || lang.get().as_str()>
                {move || {
                    let l = lang.get();
                    match data.get() {
                        None => view! { <p class="adm-loading">{tr(|u| u.loading)}</p> }.into_any(),
                        Some(Err(e)) => view! { <p class="adm-error" role="alert">{e.to_string()}</p> }.into_any(),
                        Some(Ok(Detail::Incident(d))) => incident(*d, l).into_any(),
                        Some(Ok(Detail::Claim(d))) => claim(*d, l).into_any(),
                    }
                }}
            </div>
        </section>
    }
}

fn date_text(lang: Lang, d: &PartialDate) -> String {
    crate::i18n::date_label(lang, d)
}

fn verdict_badge(v: Option<Verdict>, lang: Lang) -> impl IntoView {
    let key = v.map_or("unrated", Verdict::as_str);
    let text = v.map_or(ui(lang).not_rated, |v| v.label(lang));
    view! { <span class=format!("adm-verdict adm-v-{key}")>{text}</span> }
}

fn sources(list: Vec<Source>) -> impl IntoView {
    view! {
        <ul class="adm-reader-sources">
            {list
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

fn corrections(list: Vec<CorrectionView>, lang: Lang) -> impl IntoView {
    list.into_iter()
        .map(|c| {
            view! {
                <p class="adm-reader-correction" role="note">
                    <strong>{ui(lang).correction_title} " (" {date_text(lang, &c.date)} "): "</strong>
                    {c.note}
                </p>
            }
        })
        .collect_view()
}

fn speaker(s: &SpeakerView) -> String {
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

fn incident(d: IncidentDetail, lang: Lang) -> impl IntoView {
    let u = ui(lang);
    let c = d.card;
    let mut when = date_text(lang, &c.date);
    match c.end_date {
        Some(DateEnd::On(e)) => when.push_str(&format!(" – {}", date_text(lang, &e))),
        Some(DateEnd::Ongoing) => when.push_str(&format!(" – {}", u.end_ongoing)),
        None => {}
    }
    let place: Vec<String> = c
        .region
        .map(|r| r.label(lang).to_owned())
        .into_iter()
        .chain(c.city.clone())
        .collect();
    let platforms: Vec<&str> = c.platforms.iter().map(|p| p.label(lang)).collect();
    let actors: Vec<String> = d
        .actors
        .iter()
        .map(|a| format!("{} ({})", a.name, a.role.label(lang)))
        .collect();
    let legal: Vec<String> = d.legal_refs.iter().map(|r| r.text.clone()).collect();
    let fallback = (c.text_lang != lang)
        .then(|| format!("{} {}", u.shown_in, c.text_lang.as_str().to_uppercase()));
    view! {
        <article class=format!("adm-reader-body adm-cat-{}", c.category.as_str())>
            <p class="adm-reader-meta">
                {c.category.label(lang)} " · " {when} " · " {c.kind.label(lang)}
            </p>
            <h3 class="adm-reader-title">{c.title}</h3>
            {fallback.map(|f| view! { <p class="adm-hint">{f}</p> })}
            {corrections(d.corrections, lang)}
            <p class="adm-reader-text">{c.summary}</p>
            <dl class="adm-reader-facts">
                {(!place.is_empty()).then(|| view! { <dt>{u.region}</dt> <dd>{place.join(", ")}</dd> })}
                {(!platforms.is_empty()).then(|| view! { <dt>{u.platforms}</dt> <dd>{platforms.join(", ")}</dd> })}
                {(!actors.is_empty()).then(|| view! { <dt>{u.actors}</dt> <dd>{actors.join("; ")}</dd> })}
                {(!legal.is_empty()).then(|| view! { <dt>{u.legal_refs}</dt> <dd>{legal.join("; ")}</dd> })}
                {(!c.tags.is_empty()).then(|| view! { <dt>{u.tags}</dt> <dd>{c.tags.join(", ")}</dd> })}
            </dl>
            <h4>{u.sources}</h4>
            {sources(d.sources)}
            {(!d.claims.is_empty())
                .then(|| {
                    view! {
                        <h4>{u.related_claims}</h4>
                        <ul>
                            {d
                                .claims
                                .into_iter()
                                .map(|cl| {
                                    view! {
                                        <li>
                                            {verdict_badge(cl.verdict, lang)} " «" {cl.quote} "» — " {cl.speaker.name}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </article>
    }
}

fn claim(d: ClaimDetail, lang: Lang) -> impl IntoView {
    let u = ui(lang);
    let c = d.card;
    view! {
        <article class="adm-reader-body adm-reader-claim">
            <p class="adm-reader-meta">
                {verdict_badge(c.verdict, lang)} " " {date_text(lang, &c.date)} " · " {c.category.label(lang)}
            </p>
            <blockquote class="adm-reader-title">"«" {c.quote} "»"</blockquote>
            <p>"— " {speaker(&c.speaker)}</p>
            {corrections(d.corrections, lang)}
            <h4>{u.said_at}</h4>
            {sources(vec![d.said_at])}
            {d.explanation.map(|e| view! { <h4>{u.explanation}</h4> <p class="adm-reader-text">{e}</p> })}
            {(!d.evidence.is_empty()).then(|| view! { <h4>{u.evidence}</h4> {sources(d.evidence)} })}
            {(!d.incidents.is_empty())
                .then(|| {
                    view! {
                        <h4>{u.linked_incidents}</h4>
                        <ul>
                            {d
                                .incidents
                                .into_iter()
                                .map(|i| view! { <li>{date_text(lang, &i.date)} " — " {i.title}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
        </article>
    }
}
