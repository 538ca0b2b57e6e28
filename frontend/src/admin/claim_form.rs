//! The claim edit form: every field of `ClaimInput`, and linking the claim to incidents by search.

use aqiqat_shared::admin::{AdminRow, ItemKind};
use aqiqat_shared::{Category, Filter, ListQuery, LocalizedText, Verdict};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Session;
use super::draft::ClaimRaw;
use super::fields::{
    DateField, DateInput, EnumSelect, FieldErrors, LocalizedField, OptionSelect, TextField,
};
use super::i18n::tr;
use super::incident_form::IdField;
use super::route::Route;
use super::rows::Rows;
use super::sources::{SourceFields, SourceRow, SourcesEditor, load_list, raw_list};

#[derive(Clone, Copy)]
pub struct ClaimForm {
    pub id: RwSignal<String>,
    pub date: DateField,
    pub quote: RwSignal<LocalizedText>,
    pub speaker_name: RwSignal<LocalizedText>,
    pub speaker_position: RwSignal<LocalizedText>,
    pub speaker_organisation: RwSignal<LocalizedText>,
    pub said_at: SourceRow,
    pub category: RwSignal<Category>,
    pub verdict: RwSignal<Option<Verdict>>,
    pub explanation: RwSignal<LocalizedText>,
    pub evidence: Rows<SourceRow>,
    pub incident_ids: RwSignal<Vec<String>>,
    pub tags: RwSignal<String>,
    pub corrections: RwSignal<Vec<aqiqat_shared::Correction>>,
}

impl ClaimForm {
    pub fn new(raw: &ClaimRaw) -> ClaimForm {
        let form = ClaimForm {
            id: RwSignal::new(String::new()),
            date: DateField::new(&raw.date),
            quote: RwSignal::new(LocalizedText::default()),
            speaker_name: RwSignal::new(LocalizedText::default()),
            speaker_position: RwSignal::new(LocalizedText::default()),
            speaker_organisation: RwSignal::new(LocalizedText::default()),
            said_at: SourceRow::new(&raw.said_at),
            category: RwSignal::new(raw.category),
            verdict: RwSignal::new(None),
            explanation: RwSignal::new(LocalizedText::default()),
            evidence: Rows::new(),
            incident_ids: RwSignal::new(Vec::new()),
            tags: RwSignal::new(String::new()),
            corrections: RwSignal::new(Vec::new()),
        };
        form.load(raw);
        form
    }

    /// Everything typed so far (tracked).
    pub fn raw(self) -> ClaimRaw {
        ClaimRaw {
            id: self.id.get(),
            date: self.date.raw(),
            quote: self.quote.get(),
            speaker_name: self.speaker_name.get(),
            speaker_position: self.speaker_position.get(),
            speaker_organisation: self.speaker_organisation.get(),
            said_at: self.said_at.raw(),
            category: self.category.get(),
            verdict: self.verdict.get(),
            explanation: self.explanation.get(),
            evidence: raw_list(self.evidence),
            incident_ids: self.incident_ids.get(),
            tags: self.tags.get(),
            corrections: self.corrections.get(),
        }
    }

    pub fn load(self, raw: &ClaimRaw) {
        self.id.set(raw.id.clone());
        self.date.load(&raw.date);
        self.quote.set(raw.quote.clone());
        self.speaker_name.set(raw.speaker_name.clone());
        self.speaker_position.set(raw.speaker_position.clone());
        self.speaker_organisation
            .set(raw.speaker_organisation.clone());
        self.said_at.load(&raw.said_at);
        self.category.set(raw.category);
        self.verdict.set(raw.verdict);
        self.explanation.set(raw.explanation.clone());
        load_list(self.evidence, &raw.evidence);
        self.incident_ids.set(raw.incident_ids.clone());
        self.tags.set(raw.tags.clone());
        self.corrections.set(raw.corrections.clone());
    }
}

#[component]
pub fn ClaimFields(form: ClaimForm, locked_id: bool) -> impl IntoView {
    let quote_ru = Signal::derive(move || form.quote.with(|t| t.ru.clone()));
    view! {
        <div class="adm-form-grid">
            <section class="adm-section">
                <h2>{tr(|u| u.section_text)}</h2>
                <LocalizedField path="quote" label=|u| u.quote value=form.quote multiline=true required=true/>
                <IdField id=form.id source=quote_ru locked=locked_id/>
                <LocalizedField path="speaker.name" label=|u| u.speaker_name value=form.speaker_name required=true/>
                <LocalizedField path="speaker.position" label=|u| u.speaker_position value=form.speaker_position/>
                <LocalizedField
                    path="speaker.organisation"
                    label=|u| u.speaker_organisation
                    value=form.speaker_organisation
                />
            </section>
            <section class="adm-section">
                <h2>{tr(|u| u.section_classification)}</h2>
                <DateInput prefix="date" path="date" label=|u| u.said_on date=form.date/>
                <EnumSelect
                    id="category"
                    path="category"
                    label=|u| u.category
                    value=form.category
                    options=Category::ALL
                    key=Category::as_str
                    name=Category::label
                />
                <OptionSelect
                    id="verdict"
                    path="verdict"
                    label=|u| u.verdict
                    none=|u| u.not_rated
                    value=form.verdict
                    options=Verdict::ALL
                    key=Verdict::as_str
                    name=Verdict::label
                />
                <TextField id="tags" path="tags" label=|u| u.tags value=form.tags nested=true hint=|u| u.tags_hint/>
            </section>
            <section class="adm-section adm-wide">
                <h2>{tr(|u| u.said_at)}</h2>
                <SourceFields row=form.said_at prefix="said-at" suffix="" path="said_at"/>
            </section>
            <section class="adm-section adm-wide">
                <h2>{tr(|u| u.fact_check)}</h2>
                <LocalizedField path="explanation" label=|u| u.explanation value=form.explanation multiline=true/>
                <SourcesEditor rows=form.evidence prefix="evidence" path="evidence" label=|u| u.evidence/>
            </section>
            <section class="adm-section adm-wide">
                <h2>{tr(|u| u.linked_incidents)}</h2>
                <IncidentLinks ids=form.incident_ids/>
            </section>
        </div>
    }
}

/// Linking by search: type → the admin incident list is searched → pick → the id becomes a removable chip.
#[component]
fn IncidentLinks(ids: RwSignal<Vec<String>>) -> impl IntoView {
    let client = expect_context::<Session>().client();
    let results = RwSignal::new(Vec::<AdminRow>::new());
    let titles = RwSignal::new(Vec::<(String, String)>::new());
    let error = RwSignal::new(None::<String>);
    let text = RwSignal::new(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let generation = StoredValue::new(0u64);
    let search = move |q: String| {
        // Runs from a timer: the form may be gone by then.
        generation.update_value(|g| *g += 1);
        let Some(current) = generation.try_get_value() else {
            return;
        };
        let q = q.trim().to_owned();
        if q.is_empty() {
            results.set(Vec::new());
            return;
        }
        let query = ListQuery {
            filter: Filter {
                q: Some(q),
                ..Filter::default()
            },
            limit: 10,
            ..ListQuery::default()
        };
        spawn_local(async move {
            let r = client
                .list(ItemKind::Incident, &query.to_query_string())
                .await;
            if generation.try_get_value() != Some(current) {
                return;
            }
            match r {
                Ok(page) => {
                    error.set(None);
                    results.set(page.items);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        text.set(v.clone());
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let handle =
            set_timeout_with_handle(move || search(v), std::time::Duration::from_millis(300)).ok();
        pending.set_value(handle);
    };
    let pick = move |row: AdminRow| {
        ids.update(|v| {
            if !v.contains(&row.id) {
                v.push(row.id.clone());
            }
        });
        titles.update(|t| t.push((row.id, row.title)));
        results.set(Vec::new());
        text.set(String::new());
    };
    let title_of = move |id: &str| {
        titles.with(|t| {
            t.iter()
                .find(|(i, _)| i == id)
                .map(|(_, title)| title.clone())
        })
    };
    view! {
        <div class="adm-field adm-links" data-field="incident_ids">
            <ul class="adm-chips" aria-label=tr(|u| u.linked_incidents)>
                {move || {
                    ids.get()
                        .into_iter()
                        .map(|id| {
                            let remove = id.clone();
                            let title = title_of(&id);
                            view! {
                                <li class="adm-chip" data-id=id.clone()>
                                    <a href=Route::Item(ItemKind::Incident, id.clone()).href()>{id.clone()}</a>
                                    {title.map(|t| view! { <span class="adm-muted">" — " {t}</span> })}
                                    <button
                                        type="button"
                                        data-action="unlink"
                                        aria-label=tr(|u| u.remove)
                                        on:click=move |_| ids.update(|v| v.retain(|x| *x != remove))
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <label for="incident-search">{tr(|u| u.link_search)}</label>
            <input
                id="incident-search"
                name="incident-search"
                type="search"
                autocomplete="off"
                prop:value=move || text.get()
                on:input=on_input
            />
            {move || error.get().map(|e| view! { <p class="adm-error" role="alert">{e}</p> })}
            <ul class="adm-suggest">
                {move || {
                    results
                        .get()
                        .into_iter()
                        .map(|row| {
                            let label = format!("{} · {} · {}", row.title, row.date, row.id);
                            let id = row.id.clone();
                            view! {
                                <li>
                                    <button type="button" data-action="link" data-id=id on:click=move |_| pick(row.clone())>
                                        {label}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <FieldErrors path="incident_ids" nested=true/>
        </div>
    }
}
