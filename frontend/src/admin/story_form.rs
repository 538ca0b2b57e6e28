//! The story edit form: title, kind, and the step editor (stage, the linked incident or claim by id, the step's
//! own date and note, order up and down).

use aqiqat_shared::{LocalizedText, Stage, StoryKind};
use leptos::prelude::*;

use super::Session;
use super::draft::{LinkKind, StepRaw, StoryRaw};
use super::fields::{EnumSelect, FieldErrors, LocalizedField, TextField, dom_id};
use super::i18n::{tr, ui};
use super::incident_form::IdField;
use super::rows::{RowTools, Rows};

#[derive(Clone, Copy)]
pub struct StepRow {
    pub stage: RwSignal<Stage>,
    pub link: RwSignal<LinkKind>,
    pub item_id: RwSignal<String>,
    pub date: RwSignal<String>,
    pub note: RwSignal<LocalizedText>,
}

impl StepRow {
    fn new(s: &StepRaw) -> StepRow {
        StepRow {
            stage: RwSignal::new(s.stage),
            link: RwSignal::new(s.link),
            item_id: RwSignal::new(s.item_id.clone()),
            date: RwSignal::new(s.date.clone()),
            note: RwSignal::new(s.note.clone()),
        }
    }

    fn raw(self) -> StepRaw {
        StepRaw {
            stage: self.stage.get(),
            link: self.link.get(),
            item_id: self.item_id.get(),
            date: self.date.get(),
            note: self.note.get(),
        }
    }
}

#[derive(Clone, Copy)]
pub struct StoryForm {
    pub id: RwSignal<String>,
    pub title: RwSignal<LocalizedText>,
    pub summary: RwSignal<LocalizedText>,
    pub kind: RwSignal<StoryKind>,
    pub steps: Rows<StepRow>,
    pub corrections: RwSignal<Vec<aqiqat_shared::Correction>>,
}

impl StoryForm {
    pub fn new(raw: &StoryRaw) -> StoryForm {
        let form = StoryForm {
            id: RwSignal::new(String::new()),
            title: RwSignal::new(LocalizedText::default()),
            summary: RwSignal::new(LocalizedText::default()),
            kind: RwSignal::new(raw.kind),
            steps: Rows::new(),
            corrections: RwSignal::new(Vec::new()),
        };
        form.load(raw);
        form
    }

    /// Everything typed so far (tracked).
    pub fn raw(self) -> StoryRaw {
        StoryRaw {
            id: self.id.get(),
            title: self.title.get(),
            summary: self.summary.get(),
            kind: self.kind.get(),
            steps: self.steps.values().into_iter().map(StepRow::raw).collect(),
            corrections: self.corrections.get(),
        }
    }

    pub fn load(self, raw: &StoryRaw) {
        self.id.set(raw.id.clone());
        self.title.set(raw.title.clone());
        self.summary.set(raw.summary.clone());
        self.kind.set(raw.kind);
        self.steps
            .replace(|| raw.steps.iter().map(StepRow::new).collect());
        self.corrections.set(raw.corrections.clone());
    }
}

#[component]
pub fn StoryFields(form: StoryForm, locked_id: bool) -> impl IntoView {
    let title_ru = Signal::derive(move || form.title.with(|t| t.ru.clone()));
    view! {
        <div class="adm-form-grid">
            <section class="adm-section">
                <h2>{tr(|u| u.section_text)}</h2>
                <LocalizedField path="title" label=|u| u.title value=form.title required=true/>
                <IdField id=form.id source=title_ru locked=locked_id/>
                <LocalizedField path="summary" label=|u| u.summary value=form.summary multiline=true/>
                <EnumSelect
                    id="story-kind"
                    path="kind"
                    label=|u| u.story_kind
                    value=form.kind
                    options=StoryKind::ALL
                    key=StoryKind::as_str
                    name=StoryKind::label
                />
            </section>
            <section class="adm-section adm-wide">
                <h2>{tr(|u| u.story_steps)}</h2>
                <p class="adm-hint">{tr(|u| u.story_steps_hint)}</p>
                <StepsEditor rows=form.steps kind=form.kind/>
            </section>
        </div>
    }
}

#[component]
fn StepsEditor(rows: Rows<StepRow>, kind: RwSignal<StoryKind>) -> impl IntoView {
    let lang = expect_context::<Session>().lang;
    view! {
        <div class="adm-list" data-field="steps">
            <ol class="adm-rows" id="story-steps">
                <For
                    each=move || rows.keyed_rows()
                    key=|(k, _)| *k
                    children=move |(key, row)| {
                        let index = move || rows.index_of(key);
                        let path = move |part: &'static str| {
                            Signal::derive(move || format!("steps[{}].{part}", index()))
                        };
                        let id = move |part: &'static str| {
                            Signal::derive(move || format!("step-{}-{part}", index()))
                        };
                        let stage_id = id("stage");
                        let link_id = id("link");
                        let item_path = Signal::derive(move || {
                            let part = if row.link.get() == LinkKind::Claim { "claim_id" } else { "incident_id" };
                            format!("steps[{}].{part}", index())
                        });
                        view! {
                            <li class="adm-row adm-step" data-step=move || index().to_string()>
                                <div class="adm-field">
                                    <label for=stage_id>{tr(|u| u.stage)}</label>
                                    <select
                                        id=stage_id
                                        name=stage_id
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            if let Ok(s) = v.parse::<Stage>() {
                                                row.stage.set(s);
                                            }
                                        }
                                    >
                                        {move || {
                                            let l = lang.get();
                                            // The stages of the story's kind, and the step's own if it is of another
                                            // (so the mismatch is visible and reported, not silently changed).
                                            let current = row.stage.get();
                                            let mut stages: Vec<Stage> = kind.get().stages().collect();
                                            if !stages.contains(&current) {
                                                stages.push(current);
                                            }
                                            stages
                                                .into_iter()
                                                .map(|s| {
                                                    view! {
                                                        <option value=s.as_str() prop:selected=move || row.stage.get() == s>
                                                            {s.label(l)}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()
                                        }}
                                    </select>
                                    <FieldErrors path=path("stage")/>
                                </div>
                                <div class="adm-field">
                                    <label for=link_id>{tr(|u| u.step_link)}</label>
                                    <select
                                        id=link_id
                                        name=link_id
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            if let Some(k) = LinkKind::ALL.into_iter().find(|k| k.as_str() == v) {
                                                row.link.set(k);
                                            }
                                        }
                                    >
                                        {move || {
                                            let u = ui(lang.get());
                                            LinkKind::ALL
                                                .into_iter()
                                                .map(|k| {
                                                    let text = match k {
                                                        LinkKind::Incident => u.link_incident,
                                                        LinkKind::Claim => u.link_claim,
                                                        LinkKind::None => u.link_none,
                                                    };
                                                    view! {
                                                        <option value=k.as_str() prop:selected=move || row.link.get() == k>
                                                            {text}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()
                                        }}
                                    </select>
                                </div>
                                {move || {
                                    (row.link.get() != LinkKind::None)
                                        .then(|| {
                                            view! {
                                                <TextField
                                                    id=Signal::derive(move || dom_id(&item_path.get()))
                                                    path=item_path
                                                    label=|u| u.step_item_id
                                                    value=row.item_id
                                                />
                                            }
                                        })
                                }}
                                <TextField id=id("date") path=path("date") label=|u| u.step_date value=row.date/>
                                <LocalizedField path=path("note") label=|u| u.step_note value=row.note multiline=true/>
                                <RowTools rows key/>
                            </li>
                        }
                    }
                />
            </ol>
            <FieldErrors path="steps"/>
            <button
                type="button"
                data-action="add-step"
                on:click=move |_| rows.push(|| StepRow::new(&StepRaw::blank(kind.get_untracked())))
            >
                {tr(|u| u.add_step)}
            </button>
        </div>
    }
}
