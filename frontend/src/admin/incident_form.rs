//! The incident edit form: every field of `IncidentInput`, each in its own signal so typing in one input never
//! re-renders another.

use aqiqat_shared::{
    Actor, ActorRole, Category, Kind, LegalCode, LocalizedText, Platform, Region, Slug,
};
use leptos::prelude::*;

use super::Session;
use super::draft::{EndMode, IncidentRaw, LegalRaw};
use super::fields::{
    CheckboxSet, DateField, DateInput, EnumSelect, FieldErrors, LocalizedField, OptionSelect,
    TextField, dom_id,
};
use super::i18n::{tr, ui};
use super::rows::{RowTools, Rows};
use super::sources::{SourceRow, SourcesEditor, load_list, raw_list};

#[derive(Clone, Copy)]
pub struct ActorRow {
    pub name: RwSignal<LocalizedText>,
    pub role: RwSignal<ActorRole>,
}

impl ActorRow {
    fn new(a: &Actor) -> ActorRow {
        ActorRow {
            name: RwSignal::new(a.name.clone()),
            role: RwSignal::new(a.role),
        }
    }
}

#[derive(Clone, Copy)]
pub struct LegalRow {
    pub code: RwSignal<LegalCode>,
    pub article: RwSignal<String>,
    pub part: RwSignal<String>,
    pub law: RwSignal<String>,
}

impl LegalRow {
    fn new(r: &LegalRaw) -> LegalRow {
        LegalRow {
            code: RwSignal::new(r.code),
            article: RwSignal::new(r.article.clone()),
            part: RwSignal::new(r.part.clone()),
            law: RwSignal::new(r.law.clone()),
        }
    }
}

#[derive(Clone, Copy)]
pub struct IncidentForm {
    pub id: RwSignal<String>,
    pub within: RwSignal<bool>,
    pub date: DateField,
    pub period_from: DateField,
    pub period_to: DateField,
    pub end_mode: RwSignal<EndMode>,
    pub end: DateField,
    pub title: RwSignal<LocalizedText>,
    pub summary: RwSignal<LocalizedText>,
    pub category: RwSignal<Category>,
    pub kind: RwSignal<Kind>,
    pub actors: Rows<ActorRow>,
    pub region: RwSignal<Option<Region>>,
    pub city: RwSignal<String>,
    pub platforms: RwSignal<Vec<Platform>>,
    pub legal_refs: Rows<LegalRow>,
    pub sources: Rows<SourceRow>,
    pub tags: RwSignal<String>,
    pub corrections: RwSignal<Vec<aqiqat_shared::Correction>>,
}

impl IncidentForm {
    pub fn new(raw: &IncidentRaw) -> IncidentForm {
        let form = IncidentForm {
            id: RwSignal::new(String::new()),
            within: RwSignal::new(raw.within),
            date: DateField::new(&raw.date),
            period_from: DateField::new(&raw.period_from),
            period_to: DateField::new(&raw.period_to),
            end_mode: RwSignal::new(raw.end_mode),
            end: DateField::new(&raw.end),
            title: RwSignal::new(LocalizedText::default()),
            summary: RwSignal::new(LocalizedText::default()),
            category: RwSignal::new(raw.category),
            kind: RwSignal::new(raw.kind),
            actors: Rows::new(),
            region: RwSignal::new(None),
            city: RwSignal::new(String::new()),
            platforms: RwSignal::new(Vec::new()),
            legal_refs: Rows::new(),
            sources: Rows::new(),
            tags: RwSignal::new(String::new()),
            corrections: RwSignal::new(Vec::new()),
        };
        form.load(raw);
        form
    }

    /// Everything typed so far (tracked).
    pub fn raw(self) -> IncidentRaw {
        IncidentRaw {
            id: self.id.get(),
            within: self.within.get(),
            date: self.date.raw(),
            period_from: self.period_from.raw(),
            period_to: self.period_to.raw(),
            end_mode: self.end_mode.get(),
            end: self.end.raw(),
            title: self.title.get(),
            summary: self.summary.get(),
            category: self.category.get(),
            kind: self.kind.get(),
            actors: self
                .actors
                .values()
                .into_iter()
                .map(|a| Actor {
                    name: a.name.get(),
                    role: a.role.get(),
                })
                .collect(),
            region: self.region.get(),
            city: self.city.get(),
            platforms: self.platforms.get(),
            legal_refs: self
                .legal_refs
                .values()
                .into_iter()
                .map(|r| LegalRaw {
                    code: r.code.get(),
                    article: r.article.get(),
                    part: r.part.get(),
                    law: r.law.get(),
                })
                .collect(),
            sources: raw_list(self.sources),
            tags: self.tags.get(),
            corrections: self.corrections.get(),
        }
    }

    pub fn load(self, raw: &IncidentRaw) {
        self.id.set(raw.id.clone());
        self.within.set(raw.within);
        self.date.load(&raw.date);
        self.period_from.load(&raw.period_from);
        self.period_to.load(&raw.period_to);
        self.end_mode.set(raw.end_mode);
        self.end.load(&raw.end);
        self.title.set(raw.title.clone());
        self.summary.set(raw.summary.clone());
        self.category.set(raw.category);
        self.kind.set(raw.kind);
        self.actors
            .replace(|| raw.actors.iter().map(ActorRow::new).collect());
        self.region.set(raw.region);
        self.city.set(raw.city.clone());
        self.platforms.set(raw.platforms.clone());
        self.legal_refs
            .replace(|| raw.legal_refs.iter().map(LegalRow::new).collect());
        load_list(self.sources, &raw.sources);
        self.tags.set(raw.tags.clone());
        self.corrections.set(raw.corrections.clone());
    }
}

/// The id (slug) input with "make from title". Once an item exists its id is fixed: it is in readers' links.
#[component]
pub fn IdField(
    id: RwSignal<String>,
    /// The text the id is made from (the Russian title, or a claim's quote).
    source: Signal<String>,
    locked: bool,
) -> impl IntoView {
    view! {
        <div class="adm-field adm-id">
            <TextField
                id="item-id"
                path="id"
                label=|u| u.item_id
                value=id
                readonly=locked
                hint=|u| u.item_id_hint
            />
            {(!locked)
                .then(|| {
                    view! {
                        <button
                            type="button"
                            data-action="slug"
                            on:click=move |_| id.set(Slug::from_text(&source.get_untracked()).to_string())
                        >
                            {tr(|u| u.make_slug)}
                        </button>
                    }
                })}
        </div>
    }
}

#[component]
pub fn IncidentFields(form: IncidentForm, locked_id: bool) -> impl IntoView {
    let lang = expect_context::<Session>().lang;
    let title_ru = Signal::derive(move || form.title.with(|t| t.ru.clone()));
    view! {
        <div class="adm-form-grid">
            <section class="adm-section">
                <h2>{tr(|u| u.section_text)}</h2>
                <LocalizedField path="title" label=|u| u.title value=form.title required=true/>
                <IdField id=form.id source=title_ru locked=locked_id/>
                <LocalizedField path="summary" label=|u| u.summary value=form.summary multiline=true required=true/>
            </section>
            <section class="adm-section">
                <h2>{tr(|u| u.section_classification)}</h2>
                <EnumSelect
                    id="category"
                    path="category"
                    label=|u| u.category
                    value=form.category
                    options=Category::ALL
                    key=Category::as_str
                    name=Category::label
                />
                <EnumSelect
                    id="kind"
                    path="kind"
                    label=|u| u.kind
                    value=form.kind
                    options=Kind::ALL
                    key=Kind::as_str
                    name=Kind::label
                />
                <TextField id="tags" path="tags" label=|u| u.tags value=form.tags nested=true hint=|u| u.tags_hint/>
            </section>
            <section class="adm-section">
                <h2>{tr(|u| u.section_when_where)}</h2>
                <div class="adm-field">
                    <label for="date-mode">{tr(|u| u.dating)}</label>
                    <select
                        id="date-mode"
                        name="date-mode"
                        on:change=move |ev| form.within.set(event_target_value(&ev) == "period")
                    >
                        <option value="date" prop:selected=move || !form.within.get()>{tr(|u| u.dating_date)}</option>
                        <option value="period" prop:selected=move || form.within.get()>{tr(|u| u.dating_period)}</option>
                    </select>
                </div>
                {move || {
                    if form.within.get() {
                        view! {
                            <DateInput prefix="period-from" path="period.from" label=|u| u.period_from date=form.period_from/>
                            <DateInput prefix="period-to" path="period.to" label=|u| u.period_to date=form.period_to/>
                            <p class="adm-hint">{tr(|u| u.period_hint)}</p>
                        }
                            .into_any()
                    } else {
                        view! { <DateInput prefix="date" path="date" label=|u| u.date date=form.date/> }.into_any()
                    }
                }}
                <div class="adm-field">
                    <label for="end-date-mode">{tr(|u| u.end_date)}</label>
                    <select
                        id="end-date-mode"
                        name="end-date-mode"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(m) = EndMode::ALL.into_iter().find(|m| m.as_str() == v) {
                                form.end_mode.set(m);
                            }
                        }
                    >
                        {move || {
                            let u = ui(lang.get());
                            EndMode::ALL
                                .into_iter()
                                .map(|m| {
                                    let text = match m {
                                        EndMode::None => u.end_none,
                                        EndMode::On => u.end_on,
                                        EndMode::Ongoing => u.end_ongoing,
                                    };
                                    view! {
                                        <option value=m.as_str() prop:selected=move || form.end_mode.get() == m>
                                            {text}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                    // With an end date its input shows the errors, once.
                    {move || (form.end_mode.get() != EndMode::On).then(|| view! { <FieldErrors path="end_date"/> })}
                </div>
                {move || {
                    (form.end_mode.get() == EndMode::On)
                        .then(|| view! { <DateInput prefix="end-date" path="end_date" label=|u| u.end_date_value date=form.end/> })
                }}
                <OptionSelect
                    id="region"
                    path="region"
                    label=|u| u.region
                    none=|u| u.not_set
                    value=form.region
                    options=Region::ALL
                    key=Region::as_str
                    name=Region::label
                />
                <TextField id="city" path="city" label=|u| u.city value=form.city/>
                <CheckboxSet
                    name="platforms"
                    label=|u| u.platforms
                    value=form.platforms
                    options=Platform::ALL
                    key=Platform::as_str
                    text=Platform::label
                />
            </section>
            <section class="adm-section adm-wide">
                <h2>{tr(|u| u.sources)}</h2>
                <SourcesEditor rows=form.sources prefix="source" path="sources" label=|u| u.sources_list/>
            </section>
            <section class="adm-section adm-wide">
                <h2>{tr(|u| u.actors)}</h2>
                <ActorsEditor rows=form.actors/>
            </section>
            <section class="adm-section adm-wide">
                <h2>{tr(|u| u.legal_refs)}</h2>
                <LegalEditor rows=form.legal_refs/>
            </section>
        </div>
    }
}

#[component]
fn ActorsEditor(rows: Rows<ActorRow>) -> impl IntoView {
    view! {
        <div class="adm-list" data-field="actors">
            <ol class="adm-rows">
                <For
                    each=move || rows.keyed_rows()
                    key=|(k, _)| *k
                    children=move |(key, row)| {
                        let index = move || rows.index_of(key);
                        let path = Signal::derive(move || format!("actors[{}]", index()));
                        view! {
                            <li class="adm-row adm-actor">
                                <LocalizedField
                                    path=Signal::derive(move || format!("{}.name", path.get()))
                                    label=|u| u.actor_name
                                    value=row.name
                                    required=true
                                />
                                <EnumSelect
                                    id=Signal::derive(move || format!("{}-role", dom_id(&path.get())))
                                    path=Signal::derive(move || format!("{}.role", path.get()))
                                    label=|u| u.actor_role
                                    value=row.role
                                    options=ActorRole::ALL
                                    key=ActorRole::as_str
                                    name=ActorRole::label
                                />
                                <RowTools rows key/>
                            </li>
                        }
                    }
                />
            </ol>
            <FieldErrors path="actors"/>
            <button
                type="button"
                data-action="add-actor"
                on:click=move |_| {
                    rows.push(|| {
                        ActorRow::new(
                            &Actor {
                                name: LocalizedText::default(),
                                role: ActorRole::Unknown,
                            },
                        )
                    })
                }
            >
                {tr(|u| u.add_actor)}
            </button>
        </div>
    }
}

#[component]
fn LegalEditor(rows: Rows<LegalRow>) -> impl IntoView {
    view! {
        <div class="adm-list" data-field="legal_refs">
            <ol class="adm-rows">
                <For
                    each=move || rows.keyed_rows()
                    key=|(k, _)| *k
                    children=move |(key, row)| {
                        let index = move || rows.index_of(key);
                        let path = move |part: &'static str| {
                            Signal::derive(move || format!("legal_refs[{}].{part}", index()))
                        };
                        let id = move |part: &'static str| {
                            Signal::derive(move || format!("legal-{}-{part}", index()))
                        };
                        view! {
                            <li class="adm-row adm-legal">
                                <EnumSelect
                                    id=id("code")
                                    path=path("code")
                                    label=|u| u.legal_code
                                    value=row.code
                                    options=LegalCode::ALL
                                    key=LegalCode::as_str
                                    name=LegalCode::label
                                />
                                <TextField id=id("article") path=path("article") label=|u| u.legal_article value=row.article/>
                                <TextField id=id("part") path=path("part") label=|u| u.legal_part value=row.part/>
                                {move || {
                                    (row.code.get() == LegalCode::Law)
                                        .then(|| {
                                            view! {
                                                <TextField id=id("law") path=path("law") label=|u| u.legal_law value=row.law/>
                                            }
                                        })
                                }}
                                <RowTools rows key/>
                            </li>
                        }
                    }
                />
            </ol>
            <FieldErrors path="legal_refs"/>
            <button type="button" data-action="add-legal" on:click=move |_| rows.push(|| LegalRow::new(&LegalRaw::blank()))>
                {tr(|u| u.add_legal)}
            </button>
        </div>
    }
}
