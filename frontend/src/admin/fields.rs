//! Form controls shared by the edit forms: labelled inputs, selects, three-language text with tabs, dates with
//! precision, and the field errors shown next to each of them.

use aqiqat_shared::{FieldError, Lang, LocalizedText, Precision};
use leptos::prelude::*;

use super::Session;
use super::draft::{DateRaw, PRECISIONS, precision_str};
use super::i18n::{Ui, error_text, tr, ui};

/// The errors of the form being edited, from the shared `validate()` or the server's 422 `details`.
#[derive(Clone, Copy)]
pub struct FormErrors(pub RwSignal<Vec<FieldError>>);

/// An element id for a field path: `actors[0].name` → `actors-0-name`.
pub fn dom_id(path: &str) -> String {
    path.replace('[', "-")
        .replace(']', "")
        .replace(['.', '_'], "-")
}

fn matches(e: &FieldError, path: &str, nested: bool) -> bool {
    e.field == path
        || (nested
            && e.field
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with(['.', '['])))
}

fn form_errors() -> RwSignal<Vec<FieldError>> {
    use_context::<FormErrors>()
        .map(|f| f.0)
        .unwrap_or_else(|| RwSignal::new(Vec::new()))
}

/// Whether the field at `path` (or, `nested`, anything below it) has an error (tracked).
pub fn has_error(path: &str, nested: bool) -> bool {
    form_errors().with(|errs| errs.iter().any(|e| matches(e, path, nested)))
}

/// The messages of the field at `path` (and, `nested`, of its sub-fields), under the field.
#[component]
pub fn FieldErrors(
    #[prop(into)] path: Signal<String>,
    #[prop(optional)] nested: bool,
) -> impl IntoView {
    let errors = form_errors();
    let lang = expect_context::<Session>().lang;
    let list = move || {
        let p = path.get();
        errors.with(|errs| {
            errs.iter()
                .filter(|e| matches(e, &p, nested))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    move || {
        let items = list();
        (!items.is_empty()).then(|| {
            let u = ui(lang.get());
            let p = path.get();
            view! {
                <ul class="adm-field-errors" id=format!("{}-errors", dom_id(&p))>
                    {items
                        .into_iter()
                        .map(|e| {
                            // A sub-field's message names the part it is about (`kk`, `url`, ...).
                            let sub = e.field.strip_prefix(p.as_str()).unwrap_or("").trim_start_matches('.');
                            let prefix = if sub.is_empty() { String::new() } else { format!("{sub}: ") };
                            view! {
                                <li class="adm-field-error" data-error-field=e.field.clone() data-code=e.code.clone()>
                                    {prefix}
                                    {error_text(u, &e)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    }
}

/// A labelled one-line (or multi-line) text input.
#[component]
pub fn TextField(
    #[prop(into)] id: Signal<String>,
    /// The field path its errors are reported under.
    #[prop(into)]
    path: Signal<String>,
    label: fn(&Ui) -> &'static str,
    value: RwSignal<String>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] nested: bool,
    #[prop(optional, into)] readonly: Signal<bool>,
    #[prop(optional)] hint: Option<fn(&Ui) -> &'static str>,
) -> impl IntoView {
    let invalid = move || path.with(|p| has_error(p, nested)).to_string();
    let input = if multiline {
        view! {
            <textarea
                id=id
                name=id
                rows="4"
                aria-invalid=invalid
                readonly=readonly
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                name=id
                type=input_type.unwrap_or("text")
                aria-invalid=invalid
                readonly=readonly
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="adm-field">
            <label for=id>{tr(label)}</label>
            {input}
            {hint.map(|h| view! { <small class="adm-hint">{tr(h)}</small> })}
            <FieldErrors path nested/>
        </div>
    }
}

/// A select of one of an enum's values.
#[component]
pub fn EnumSelect<T>(
    #[prop(into)] id: Signal<String>,
    #[prop(into)] path: Signal<String>,
    label: fn(&Ui) -> &'static str,
    value: RwSignal<T>,
    options: &'static [T],
    key: fn(T) -> &'static str,
    name: fn(T, Lang) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let lang = expect_context::<Session>().lang;
    view! {
        <div class="adm-field">
            <label for=id>{tr(label)}</label>
            <select
                id=id
                name=id
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(o) = options.iter().find(|o| key(**o) == v) {
                        value.set(*o);
                    }
                }
            >
                {move || {
                    let l = lang.get();
                    options
                        .iter()
                        .map(|o| {
                            let o = *o;
                            view! {
                                <option value=key(o) prop:selected=move || value.get() == o>
                                    {name(o, l)}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <FieldErrors path/>
        </div>
    }
}

/// A select of an optional enum value; the first option means "none".
#[component]
pub fn OptionSelect<T>(
    #[prop(into)] id: Signal<String>,
    #[prop(into)] path: Signal<String>,
    label: fn(&Ui) -> &'static str,
    none: fn(&Ui) -> &'static str,
    value: RwSignal<Option<T>>,
    options: &'static [T],
    key: fn(T) -> &'static str,
    name: fn(T, Lang) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let lang = expect_context::<Session>().lang;
    view! {
        <div class="adm-field">
            <label for=id>{tr(label)}</label>
            <select
                id=id
                name=id
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    value.set(options.iter().copied().find(|o| key(*o) == v));
                }
            >
                <option value="" prop:selected=move || value.get().is_none()>
                    {tr(none)}
                </option>
                {move || {
                    let l = lang.get();
                    options
                        .iter()
                        .map(|o| {
                            let o = *o;
                            view! {
                                <option value=key(o) prop:selected=move || value.get() == Some(o)>
                                    {name(o, l)}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <FieldErrors path/>
        </div>
    }
}

/// Text in Russian (required), Kazakh and English: one input per language behind `data-lang` tabs, inside a
/// container `data-field="<path>"`. Input ids are `<path>-ru`, `<path>-kk`, `<path>-en` (dots as hyphens).
#[component]
pub fn LocalizedField(
    #[prop(into)] path: Signal<String>,
    label: fn(&Ui) -> &'static str,
    value: RwSignal<LocalizedText>,
    #[prop(optional)] multiline: bool,
    /// Whether the Russian text must be given (false for optional texts such as a speaker's position).
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let lang = expect_context::<Session>().lang;
    let errors = form_errors();
    let active = RwSignal::new(Lang::Ru);
    let lang_has_error = move |l: Lang| path.with(|p| has_error(&format!("{p}.{l}"), false));
    // After a refused save, show the language that has the problem.
    Effect::new(move |_| {
        errors.track();
        let current = active.get_untracked();
        if !lang_has_error(current)
            && let Some(l) = Lang::ALL.into_iter().find(|l| lang_has_error(*l))
        {
            active.set(l);
        }
    });
    let text_of = move |l: Lang| {
        value.with(|t| match l {
            Lang::Ru => t.ru.clone(),
            Lang::Kk => t.kk.clone().unwrap_or_default(),
            Lang::En => t.en.clone().unwrap_or_default(),
        })
    };
    let set_text = move |l: Lang, s: String| {
        value.update(|t| match l {
            Lang::Ru => t.ru = s,
            Lang::Kk => t.kk = (!s.is_empty()).then_some(s),
            Lang::En => t.en = (!s.is_empty()).then_some(s),
        })
    };
    let tabs = Lang::ALL
        .into_iter()
        .map(|l| {
            let filled = move || !text_of(l).trim().is_empty();
            view! {
                <button
                    type="button"
                    role="tab"
                    data-lang=l.as_str()
                    class=move || {
                        let mut c = String::from("adm-tab");
                        if active.get() == l {
                            c.push_str(" adm-on");
                        }
                        if filled() {
                            c.push_str(" adm-filled");
                        }
                        if lang_has_error(l) {
                            c.push_str(" adm-tab-error");
                        }
                        c
                    }
                    aria-selected=move || (active.get() == l).to_string()
                    aria-controls=move || format!("{}-{l}", dom_id(&path.get()))
                    on:click=move |_| active.set(l)
                >
                    {l.as_str().to_uppercase()}
                    {(l == Lang::Ru && required).then_some("*")}
                </button>
            }
        })
        .collect_view();
    let inputs = Lang::ALL
        .into_iter()
        .map(|l| {
            let id = move || format!("{}-{l}", dom_id(&path.get()));
            let aria = move || format!("{} ({})", label(ui(lang.get())), l.as_str().to_uppercase());
            let invalid = move || lang_has_error(l).to_string();
            if multiline {
                view! {
                    <textarea
                        id=id
                        name=id
                        rows="5"
                        lang=l.as_str()
                        aria-label=aria
                        aria-invalid=invalid
                        hidden=move || active.get() != l
                        prop:value=move || text_of(l)
                        on:input=move |ev| set_text(l, event_target_value(&ev))
                    ></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input
                        id=id
                        name=id
                        type="text"
                        lang=l.as_str()
                        aria-label=aria
                        aria-invalid=invalid
                        hidden=move || active.get() != l
                        prop:value=move || text_of(l)
                        on:input=move |ev| set_text(l, event_target_value(&ev))
                    />
                }
                .into_any()
            }
        })
        .collect_view();
    view! {
        <div class="adm-field adm-l10n" data-field=path>
            <div class="adm-l10n-head">
                <span class="adm-label">{tr(label)} {required.then_some(" *")}</span>
                <div class="adm-tabs" role="tablist">{tabs}</div>
            </div>
            {inputs}
            <FieldErrors path nested=true/>
        </div>
    }
}

/// The parts of a date with precision: what the precision select and the value input edit.
#[derive(Clone, Copy)]
pub struct DateField {
    pub precision: RwSignal<Precision>,
    pub value: RwSignal<String>,
}

impl DateField {
    pub fn new(raw: &DateRaw) -> DateField {
        DateField {
            precision: RwSignal::new(raw.precision),
            value: RwSignal::new(raw.value.clone()),
        }
    }

    pub fn raw(self) -> DateRaw {
        DateRaw {
            precision: self.precision.get(),
            value: self.value.get(),
        }
    }

    pub fn load(self, raw: &DateRaw) {
        self.precision.set(raw.precision);
        self.value.set(raw.value.clone());
    }
}

fn precision_label(u: &Ui, p: Precision) -> &'static str {
    match p {
        Precision::Day => u.precision_day,
        Precision::Month => u.precision_month,
        Precision::Year => u.precision_year,
    }
}

/// A date with its precision: a select (day / month / year) and the matching input. Ids: `<prefix>-precision`
/// and `<prefix>-value`.
#[component]
pub fn DateInput(
    prefix: &'static str,
    path: &'static str,
    label: fn(&Ui) -> &'static str,
    date: DateField,
) -> impl IntoView {
    let lang = expect_context::<Session>().lang;
    let precision_id = format!("{prefix}-precision");
    let value_id = format!("{prefix}-value");
    let on_precision = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if let Some(p) = PRECISIONS.into_iter().find(|p| precision_str(*p) == v) {
            let converted = date.raw().with_precision(p);
            date.value.set(converted.value);
            date.precision.set(p);
        }
    };
    let value_label = move || format!("{} ({})", label(ui(lang.get())), ui(lang.get()).date_value);
    let vid = value_id.clone();
    // One input per precision, re-created when it changes, so the browser never sanitizes a value against the
    // previous input type.
    let value_input = move || {
        let id = vid.clone();
        let invalid = move || has_error(path, false).to_string();
        let on_input = move |ev: leptos::ev::Event| date.value.set(event_target_value(&ev));
        match date.precision.get() {
            Precision::Day => view! {
                <input id=id.clone() name=id type="date" min="1900-01-01" max="2100-12-31" aria-invalid=invalid
                    prop:value=move || date.value.get() on:input=on_input on:change=on_input/>
            }
            .into_any(),
            Precision::Month => view! {
                <input id=id.clone() name=id type="month" min="1900-01" max="2100-12" placeholder="YYYY-MM"
                    aria-invalid=invalid prop:value=move || date.value.get() on:input=on_input on:change=on_input/>
            }
            .into_any(),
            Precision::Year => view! {
                <input id=id.clone() name=id type="number" min="1900" max="2100" step="1" placeholder="YYYY"
                    aria-invalid=invalid prop:value=move || date.value.get() on:input=on_input on:change=on_input/>
            }
            .into_any(),
        }
    };
    view! {
        <fieldset class="adm-field adm-date">
            <legend>{tr(label)}</legend>
            <div class="adm-inline">
                <label for=precision_id.clone() class="adm-sr">{tr(|u| u.precision)}</label>
                <select id=precision_id.clone() name=precision_id on:change=on_precision>
                    {move || {
                        let u = ui(lang.get());
                        PRECISIONS
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <option value=precision_str(p) prop:selected=move || date.precision.get() == p>
                                        {precision_label(u, p)}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <label for=value_id class="adm-sr">{value_label}</label>
                {value_input}
            </div>
            <FieldErrors path=path/>
        </fieldset>
    }
}

/// Checkboxes for a set of enum values.
#[component]
pub fn CheckboxSet<T>(
    name: &'static str,
    label: fn(&Ui) -> &'static str,
    value: RwSignal<Vec<T>>,
    options: &'static [T],
    key: fn(T) -> &'static str,
    text: fn(T, Lang) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let lang = expect_context::<Session>().lang;
    view! {
        <fieldset class="adm-field adm-checks">
            <legend>{tr(label)}</legend>
            {options
                .iter()
                .map(|o| {
                    let o = *o;
                    let id = format!("{name}-{}", key(o));
                    let for_id = id.clone();
                    view! {
                        <label class="adm-check" for=for_id>
                            <input
                                type="checkbox"
                                id=id
                                name=name
                                value=key(o)
                                prop:checked=move || value.with(|v| v.contains(&o))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    value
                                        .update(|v| {
                                            v.retain(|x| *x != o);
                                            if on {
                                                v.push(o);
                                            }
                                        })
                                }
                            />
                            {move || text(o, lang.get())}
                        </label>
                    }
                })
                .collect_view()}
            <FieldErrors path=name/>
        </fieldset>
    }
}
