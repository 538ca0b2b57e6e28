//! The builder's view (see the module's documentation).

use aqiqat_shared::api::{ClaimCard, IncidentCard, Page, StoryCard};
use aqiqat_shared::appearance::{Rgb, Theme, ratio_text, worst_contrast};
use aqiqat_shared::embed::EmbedOptions;
use aqiqat_shared::filter::VerdictFilter;
use aqiqat_shared::view::{Selected, Tab};
use aqiqat_shared::{
    Category, FieldError, Kind, Lang, ListQuery, Platform, Region, Stage, StoryFilter, Verdict,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::i18n::{Text, lang_name, text};

/// Mounts the public builder into `#aqiqat-embed` (the `/embed` page), starting from the page's own query.
pub fn mount() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let search = window.location().search().unwrap_or_default();
    let (initial, _) = EmbedOptions::parse_query(&search);
    let lang = initial.lang();
    let Some(root) = window
        .document()
        .and_then(|d| d.get_element_by_id("aqiqat-embed"))
        .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    root.set_inner_html("");
    let _ = root.remove_attribute("aria-busy");
    leptos::mount::mount_to(root, move || {
        view! { <Builder ui_lang=Signal::stored(lang) initial/> }
    })
    .forget();
}

/// What the widget shows first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    List,
    Claims,
    Incident,
    Claim,
    Story,
}

const STARTS: [Start; 5] = [
    Start::List,
    Start::Claims,
    Start::Incident,
    Start::Claim,
    Start::Story,
];

impl Start {
    fn key(self) -> &'static str {
        match self {
            Start::List => "list",
            Start::Claims => "claims",
            Start::Incident => "incident",
            Start::Claim => "claim",
            Start::Story => "story",
        }
    }

    fn label(self, t: &Text) -> &'static str {
        match self {
            Start::List => t.start_list,
            Start::Claims => t.start_claims,
            Start::Incident => t.start_incident,
            Start::Claim => t.start_claim,
            Start::Story => t.start_story,
        }
    }
}

fn join<T: Copy>(v: &[T], key: impl Fn(T) -> &'static str) -> String {
    v.iter().map(|x| key(*x)).collect::<Vec<_>>().join(",")
}

fn verdict_filters() -> Vec<VerdictFilter> {
    Verdict::ALL
        .iter()
        .map(|v| VerdictFilter::Rated(*v))
        .chain([VerdictFilter::Unrated])
        .collect()
}

fn theme_label(th: Theme, t: &Text) -> &'static str {
    match th {
        Theme::Light => t.theme_light,
        Theme::Dark => t.theme_dark,
        Theme::Auto => t.theme_auto,
    }
}

/// An error of the parsed options, in the interface language.
fn error_text(e: &FieldError, t: &Text) -> String {
    match e.field.as_str() {
        "accent" => match e.code.as_str() {
            "low_contrast" => String::new(), // shown under the colour field, with the ratio
            _ => t.accent_bad.to_owned(),
        },
        "from" | "to" => format!("{}: {}", e.field, t.err_date),
        "height" => format!("{}: {}", t.height, t.err_height),
        "title" => format!("{}: {}", t.frame_title, t.err_title),
        _ => format!("{}: {}", e.field, e.message),
    }
}

/// A group of checkboxes for one list filter.
fn checks<T: Copy + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    legend: impl Fn(&Text) -> &'static str + Copy + Send + Sync + 'static,
    options: Vec<T>,
    key: fn(T) -> &'static str,
    name: impl Fn(T, Lang, &Text) -> &'static str + Copy + Send + Sync + 'static,
    value: RwSignal<Vec<T>>,
    ui_lang: Signal<Lang>,
) -> impl IntoView {
    let long = options.len() > 8;
    view! {
        <fieldset class=if long { "aqb-checks aqb-long" } else { "aqb-checks" } id=id>
            <legend>{move || legend(text(ui_lang.get()))}</legend>
            {options
                .into_iter()
                .map(|o| {
                    let input_id = format!("{id}-{}", key(o));
                    view! {
                        <label class="aqb-check">
                            <input
                                type="checkbox"
                                id=input_id
                                value=key(o)
                                prop:checked=move || value.with(|v| v.contains(&o))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    value.update(|v| {
                                        v.retain(|x| *x != o);
                                        if on {
                                            v.push(o);
                                        }
                                    });
                                }
                            />
                            {move || {
                                let l = ui_lang.get();
                                name(o, l, text(l))
                            }}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// A text field whose signal follows committed changes (`change`: on leaving it or Enter), so that the preview
/// reloads once per edit, not per keystroke.
fn text_field(
    id: &'static str,
    label: impl Fn(&Text) -> &'static str + Copy + Send + Sync + 'static,
    value: RwSignal<String>,
    ui_lang: Signal<Lang>,
    kind: &'static str,
) -> impl IntoView {
    view! {
        <div class="aqb-field">
            <label for=id>{move || label(text(ui_lang.get()))}</label>
            <input
                id=id
                type=kind
                autocomplete="off"
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

/// Copies `text` to the clipboard and says whether it worked.
fn copy(text: String, status: RwSignal<Option<(&'static str, bool)>>, key: &'static str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    leptos::task::spawn_local(async move {
        let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        status.set(Some((key, ok)));
    });
}

/// One output: a read-only text, its copy button and the copy result.
fn output(
    key: &'static str,
    label: impl Fn(&Text) -> &'static str + Copy + Send + Sync + 'static,
    value: Memo<String>,
    rows: u32,
    status: RwSignal<Option<(&'static str, bool)>>,
    ui_lang: Signal<Lang>,
) -> impl IntoView {
    let id = format!("aqb-out-{key}");
    view! {
        <div class="aqb-output" data-output=key>
            <label for=id.clone()>{move || label(text(ui_lang.get()))}</label>
            <textarea id=id readonly=true rows=rows.to_string() spellcheck="false" prop:value=move || value.get()></textarea>
            <button type="button" class="aqb-copy" data-copy=key on:click=move |_| copy(value.get_untracked(), status, key)>
                {move || text(ui_lang.get()).copy}
            </button>
            <span class="aqb-copied" role="status">
                {move || match status.get() {
                    Some((k, true)) if k == key => text(ui_lang.get()).copied,
                    Some((k, false)) if k == key => text(ui_lang.get()).copy_failed,
                    _ => "",
                }}
            </span>
        </div>
    }
}

/// The builder. `ui_lang`: its interface language; `initial`: the options it starts from.
#[component]
pub fn Builder(ui_lang: Signal<Lang>, initial: EmbedOptions) -> impl IntoView {
    let t = move || text(ui_lang.get());
    let v = &initial.view;
    let f = &v.query.filter;
    let lang = RwSignal::new(v.query.lang);
    let categories = RwSignal::new(f.categories.clone());
    let kinds = RwSignal::new(f.kinds.clone());
    let regions = RwSignal::new(f.regions.clone());
    let platforms = RwSignal::new(f.platforms.clone());
    let verdicts = RwSignal::new(f.verdicts.clone());
    let stages = RwSignal::new(f.stages.clone());
    let from = RwSignal::new(f.from.map(|d| d.to_string()).unwrap_or_default());
    let to = RwSignal::new(f.to.map(|d| d.to_string()).unwrap_or_default());
    let q = RwSignal::new(f.q.clone().unwrap_or_default());
    let stories_only = RwSignal::new(f.story == Some(StoryFilter::Any));
    let (start0, incident0, claim0, story0) = match (&v.selected, &f.story) {
        (Some(Selected::Incident(id)), _) => {
            (Start::Incident, id.clone(), String::new(), String::new())
        }
        (Some(Selected::Claim(id)), _) => (Start::Claim, String::new(), id.clone(), String::new()),
        (None, Some(StoryFilter::Id(id))) => {
            (Start::Story, String::new(), String::new(), id.to_string())
        }
        _ if v.tab == Tab::Claims => (Start::Claims, String::new(), String::new(), String::new()),
        _ => (Start::List, String::new(), String::new(), String::new()),
    };
    let start = RwSignal::new(start0);
    let incident = RwSignal::new(incident0);
    let claim = RwSignal::new(claim0);
    let story = RwSignal::new(story0);
    let height_auto = RwSignal::new(initial.height.is_none());
    let height = RwSignal::new(initial.height.unwrap_or(700).to_string());
    let theme = RwSignal::new(v.appearance.theme);
    let accent = RwSignal::new(v.appearance.accent.map(Rgb::css).unwrap_or_default());
    let inherit_font = RwSignal::new(v.appearance.font.param().is_some());
    let title = RwSignal::new(initial.title.clone().unwrap_or_default());

    // The options as text, in the snippet's terms; the shared parser decides what they mean.
    let pairs = Memo::new(move |_| {
        let mut p: Vec<(String, String)> = Vec::new();
        let mut push = |k: &str, v: String| {
            if !v.trim().is_empty() {
                p.push((k.to_owned(), v));
            }
        };
        push("lang", lang.get().as_str().to_owned());
        push("category", join(&categories.get(), Category::as_str));
        push("kind", join(&kinds.get(), Kind::as_str));
        push("region", join(&regions.get(), Region::as_str));
        push("platform", join(&platforms.get(), Platform::as_str));
        push("verdict", join(&verdicts.get(), VerdictFilter::as_str));
        push("from", from.get());
        push("to", to.get());
        push("q", q.get());
        match start.get() {
            Start::Story => push("story", story.get()),
            _ if stories_only.get() => push("story", "any".to_owned()),
            _ => {}
        }
        push("stage", join(&stages.get(), Stage::as_str));
        match start.get() {
            Start::Claims => push("tab", "claims".to_owned()),
            Start::Incident => push("incident", incident.get()),
            Start::Claim => push("claim", claim.get()),
            _ => {}
        }
        if theme.get() != Theme::Light {
            push("theme", theme.get().as_str().to_owned());
        }
        push("accent", accent.get());
        if inherit_font.get() {
            push("font", "inherit".to_owned());
        }
        if !height_auto.get() {
            push("height", height.get());
        }
        push("title", title.get());
        p
    });
    let parsed = Memo::new(move |_| EmbedOptions::from_pairs(pairs.get()));
    let opts = Memo::new(move |_| parsed.with(|(o, _)| o.clone()));

    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let o1 = origin.clone();
    let snippet = Memo::new(move |_| opts.with(|o| o.snippet(&o1)));
    let o2 = origin.clone();
    let iframe = Memo::new(move |_| opts.with(|o| o.iframe(&o2)));
    let o3 = origin.clone();
    let cms = Memo::new(move |_| opts.with(|o| o.widget_url(&o3)));
    let o4 = origin.clone();
    let oembed = Memo::new(move |_| opts.with(|o| o.oembed_url(&o4)));
    let o5 = origin.clone();
    let public = Memo::new(move |_| opts.with(|o| o.public_url(&o5)));
    let command = Memo::new(move |_| opts.with(EmbedOptions::snapshot_command));
    let preview_src = Memo::new(move |_| opts.with(|o| format!("/widget?{}", o.widget_query())));
    let preview_height =
        Memo::new(move |_| opts.with(|o| format!("{}px", o.height.unwrap_or(720))));
    let copied = RwSignal::new(None::<(&'static str, bool)>);

    // The items a first view may open: the first 100 of the current filter, in the widget's language.
    let list_query = Memo::new(move |_| {
        let (o, _) = parsed.get();
        let mut filter = o.view.query.filter.clone();
        if start.get() == Start::Story {
            filter.story = None;
        }
        ListQuery {
            filter,
            lang: o.view.query.lang,
            limit: 100,
            ..ListQuery::default()
        }
    });
    let incidents = LocalResource::new(move || {
        let q = list_query.get();
        let wanted = start.get() == Start::Incident;
        async move {
            if wanted {
                crate::api::incidents(&q).await.map(Some)
            } else {
                Ok(None::<Page<IncidentCard>>)
            }
        }
    });
    let claims = LocalResource::new(move || {
        let q = list_query.get();
        let wanted = start.get() == Start::Claim;
        async move {
            if wanted {
                crate::api::claims(&q).await.map(Some)
            } else {
                Ok(None::<Page<ClaimCard>>)
            }
        }
    });
    let stories = LocalResource::new(move || {
        let l = lang.get();
        let wanted = start.get() == Start::Story;
        async move {
            if wanted {
                crate::api::stories(l).await.map(Some)
            } else {
                Ok(None::<Page<StoryCard>>)
            }
        }
    });

    let errors = move || {
        let tx = t();
        parsed.with(|(_, errs)| {
            errs.iter()
                .map(|e| error_text(e, tx))
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
        })
    };
    let accent_error = move || {
        let tx = t();
        let raw = accent.get();
        let refused = parsed.with(|(_, errs)| errs.iter().any(|e| e.field == "accent"));
        if !refused {
            return None;
        }
        Some(match Rgb::parse_hex(&raw) {
            Some(c) => {
                let (r, scheme) = worst_contrast(c, theme.get());
                tx.accent_low
                    .replace("{c}", &c.css())
                    .replace("{r}", &ratio_text(r))
                    .replace(
                        "{t}",
                        if scheme == "dark" {
                            tx.scheme_dark
                        } else {
                            tx.scheme_light
                        },
                    )
            }
            None => tx.accent_bad.to_owned(),
        })
    };

    // A list of items to choose one from.
    fn picker(
        id: &'static str,
        label: &'static str,
        value: RwSignal<String>,
        items: Option<Result<Vec<(String, String)>, String>>,
        t: &'static Text,
    ) -> AnyView {
        match items {
            None => view! { <p class="aqb-hint">{t.loading}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="aqb-error" role="alert">{e}</p> }.into_any(),
            Some(Ok(items)) if items.is_empty() => {
                view! { <p class="aqb-hint">{t.none_found}</p> }.into_any()
            }
            Some(Ok(items)) => view! {
                <div class="aqb-field">
                    <label for=id>{label}</label>
                    <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="" selected=move || value.with(String::is_empty)>{t.choose}</option>
                        {items
                            .into_iter()
                            .map(|(item, name)| {
                                let it = item.clone();
                                view! {
                                    <option value=item selected=move || value.with(|v| *v == it)>{name}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                    {move || value.with(String::is_empty).then(|| view! { <p class="aqb-hint">{t.choose_first}</p> })}
                </div>
            }
            .into_any(),
        }
    }
    let chosen = move || {
        let tx = t();
        match start.get() {
            Start::Incident => picker(
                "aqb-incident",
                tx.start_incident,
                incident,
                incidents.get().map(|r| {
                    r.map(|p| {
                        p.map(|p| p.items.into_iter().map(|c| (c.id, c.title)).collect())
                            .unwrap_or_default()
                    })
                }),
                tx,
            ),
            Start::Claim => picker(
                "aqb-claim",
                tx.start_claim,
                claim,
                claims.get().map(|r| {
                    r.map(|p| {
                        p.map(|p| p.items.into_iter().map(|c| (c.id, c.quote)).collect())
                            .unwrap_or_default()
                    })
                }),
                tx,
            ),
            Start::Story => picker(
                "aqb-story",
                tx.start_story,
                story,
                stories.get().map(|r| {
                    r.map(|p| {
                        p.map(|p| p.items.into_iter().map(|c| (c.id, c.title)).collect())
                            .unwrap_or_default()
                    })
                }),
                tx,
            ),
            _ => ().into_any(),
        }
    };

    view! {
        <div class="aqb" id="aqb">
            <form class="aqb-options" novalidate=true on:submit=|ev| ev.prevent_default()>
                <div class="aqb-field">
                    <label for="aqb-lang">{move || t().widget_lang}</label>
                    <select id="aqb-lang" on:change=move |ev| {
                        if let Some(l) = Lang::parse(&event_target_value(&ev)) {
                            lang.set(l);
                        }
                    }>
                        {Lang::ALL
                            .into_iter()
                            .map(|l| view! { <option value=l.as_str() selected=move || lang.get() == l>{lang_name(l)}</option> })
                            .collect_view()}
                    </select>
                </div>

                <fieldset class="aqb-group" id="aqb-start">
                    <legend>{move || t().h_start}</legend>
                    {STARTS
                        .into_iter()
                        .map(|s| {
                            let id = format!("aqb-start-{}", s.key());
                            view! {
                                <label class="aqb-check">
                                    <input
                                        type="radio"
                                        name="aqb-start"
                                        id=id
                                        value=s.key()
                                        prop:checked=move || start.get() == s
                                        on:change=move |_| start.set(s)
                                    />
                                    {move || s.label(t())}
                                </label>
                            }
                        })
                        .collect_view()}
                    {chosen}
                    {move || matches!(start.get(), Start::Incident | Start::Claim)
                        .then(|| view! { <p class="aqb-hint">{t().first_hundred}</p> })}
                </fieldset>

                <fieldset class="aqb-group" id="aqb-filters">
                    <legend>{move || t().h_filters}</legend>
                    {checks("aqb-category", |t| t.category, Category::ALL.to_vec(), Category::as_str, |c, l, _| c.label(l), categories, ui_lang)}
                    {checks("aqb-kind", |t| t.kind, Kind::ALL.to_vec(), Kind::as_str, |c, l, _| c.label(l), kinds, ui_lang)}
                    {checks("aqb-region", |t| t.region, Region::ALL.to_vec(), Region::as_str, |c, l, _| c.label(l), regions, ui_lang)}
                    {checks("aqb-platform", |t| t.platform, Platform::ALL.to_vec(), Platform::as_str, |c, l, _| c.label(l), platforms, ui_lang)}
                    {checks(
                        "aqb-verdict",
                        |t| t.verdict,
                        verdict_filters(),
                        VerdictFilter::as_str,
                        |v, l, t| match v {
                            VerdictFilter::Rated(v) => v.label(l),
                            VerdictFilter::Unrated => t.unrated,
                        },
                        verdicts,
                        ui_lang,
                    )}
                    {checks("aqb-stage", |t| t.stage, Stage::ALL.to_vec(), Stage::as_str, |c, l, _| c.label(l), stages, ui_lang)}
                    <div class="aqb-row">
                        {text_field("aqb-from", |t| t.from, from, ui_lang, "text")}
                        {text_field("aqb-to", |t| t.to, to, ui_lang, "text")}
                        {text_field("aqb-q", |t| t.q, q, ui_lang, "search")}
                    </div>
                    <label class="aqb-check" for="aqb-stories">
                        <input
                            type="checkbox"
                            id="aqb-stories"
                            prop:checked=move || stories_only.get()
                            on:change=move |ev| stories_only.set(event_target_checked(&ev))
                        />
                        {move || t().stories_only}
                    </label>
                </fieldset>

                <fieldset class="aqb-group" id="aqb-look">
                    <legend>{move || t().h_look}</legend>
                    <div class="aqb-field">
                        <label for="aqb-theme">{move || t().theme}</label>
                        <select id="aqb-theme" on:change=move |ev| {
                            if let Some(th) = Theme::parse(&event_target_value(&ev)) {
                                theme.set(th);
                            }
                        }>
                            {Theme::ALL
                                .into_iter()
                                .map(|th| view! { <option value=th.as_str() selected=move || theme.get() == th>{move || theme_label(th, t())}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="aqb-field">
                        <label for="aqb-accent">{move || t().accent}</label>
                        <div class="aqb-accent">
                            <input
                                id="aqb-accent"
                                type="text"
                                autocomplete="off"
                                spellcheck="false"
                                placeholder="#0b5cad"
                                aria-describedby="aqb-accent-hint aqb-accent-error"
                                prop:value=move || accent.get()
                                on:change=move |ev| accent.set(event_target_value(&ev).trim().to_owned())
                            />
                            <input
                                id="aqb-accent-pick"
                                type="color"
                                aria-label=move || t().accent_pick
                                prop:value=move || Rgb::parse_hex(&accent.get()).map_or_else(|| "#0b5cad".to_owned(), Rgb::css)
                                on:change=move |ev| accent.set(event_target_value(&ev))
                            />
                        </div>
                        <p class="aqb-hint" id="aqb-accent-hint">{move || t().accent_hint}</p>
                        <p class="aqb-error" id="aqb-accent-error" role="alert">{accent_error}</p>
                    </div>
                    <label class="aqb-check" for="aqb-font">
                        <input
                            type="checkbox"
                            id="aqb-font"
                            aria-describedby="aqb-font-hint"
                            prop:checked=move || inherit_font.get()
                            on:change=move |ev| inherit_font.set(event_target_checked(&ev))
                        />
                        {move || t().font_inherit}
                    </label>
                    <p class="aqb-hint" id="aqb-font-hint">{move || t().font_hint}</p>
                    <fieldset class="aqb-checks" id="aqb-height">
                        <legend>{move || t().height}</legend>
                        <label class="aqb-check" for="aqb-height-auto">
                            <input
                                type="radio"
                                name="aqb-height"
                                id="aqb-height-auto"
                                prop:checked=move || height_auto.get()
                                on:change=move |_| height_auto.set(true)
                            />
                            {move || t().height_auto}
                        </label>
                        <label class="aqb-check" for="aqb-height-fixed">
                            <input
                                type="radio"
                                name="aqb-height"
                                id="aqb-height-fixed"
                                prop:checked=move || !height_auto.get()
                                on:change=move |_| height_auto.set(false)
                            />
                            {move || t().height_fixed}
                        </label>
                        <input
                            id="aqb-height-px"
                            type="number"
                            min="240"
                            max="20000"
                            step="10"
                            aria-label=move || t().height_fixed
                            disabled=move || height_auto.get()
                            prop:value=move || height.get()
                            on:change=move |ev| height.set(event_target_value(&ev))
                        />
                    </fieldset>
                    {text_field("aqb-title", |t| t.frame_title, title, ui_lang, "text")}
                </fieldset>
                {move || {
                    let errs = errors();
                    (!errs.is_empty())
                        .then(|| {
                            view! {
                                <div class="aqb-errors" role="alert">
                                    <p>{t().not_applied}</p>
                                    <ul>{errs.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                                </div>
                            }
                        })
                }}
            </form>

            <section class="aqb-preview" aria-labelledby="aqb-preview-h">
                <h2 id="aqb-preview-h">{move || t().h_preview}</h2>
                <iframe
                    id="aqb-preview"
                    src=move || preview_src.get()
                    title=move || t().preview_title
                    style:height=move || preview_height.get()
                ></iframe>
            </section>

            <section class="aqb-code" aria-labelledby="aqb-code-h">
                <h2 id="aqb-code-h">{move || t().h_code}</h2>
                {output("script", |t| t.code_script, snippet, 3, copied, ui_lang)}
                {output("iframe", |t| t.code_iframe, iframe, 3, copied, ui_lang)}
                {output("cms", |t| t.code_cms, cms, 2, copied, ui_lang)}
                <p class="aqb-hint">
                    {move || t().cms_hint} " "
                    <a href=move || oembed.get() id="aqb-oembed">{move || oembed.get()}</a>
                </p>
                {output("public", |t| t.code_public, public, 2, copied, ui_lang)}
                <p class="aqb-hint">
                    <a href=move || public.get() id="aqb-public" target="_blank" rel="noopener">{move || public.get()}</a>
                </p>
            </section>

            <section class="aqb-self" aria-labelledby="aqb-self-h">
                <h2 id="aqb-self-h">{move || t().h_self_host}</h2>
                <p>{move || t().self_host}</p>
                <pre id="aqb-command"><code>{move || command.get()}</code></pre>
                <p>{move || t().self_host_after}</p>
            </section>
        </div>
    }
}
