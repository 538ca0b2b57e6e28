//! One incident, claim or story: its workflow facts, the edit form, saving (refused stale versions, the public
//! correction note of published items), the workflow buttons, the reader preview and the history.

use aqiqat_shared::admin::{
    Action, ItemKind, ItemMeta, RestoreRequest, SaveClaim, SaveIncident, SaveStory, StaleVersion,
    WorkflowRequest,
};
use aqiqat_shared::api::ErrorCode;
use aqiqat_shared::{
    ClaimInput, FieldError, IncidentInput, LocalizedText, Slug, Status, StoryInput,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::api::{ApiError, Client};
use super::claim_form::{ClaimFields, ClaimForm};
use super::draft::{ClaimRaw, IncidentRaw, StoryRaw};
use super::fields::{FieldErrors, FormErrors, LocalizedField};
use super::history::{ChangesTable, History};
use super::i18n::{Ui, tr, ui};
use super::incident_form::{IncidentFields, IncidentForm};
use super::preview::Preview;
use super::route::{self, Route};
use super::story_form::{StoryFields, StoryForm};
use super::{Session, scroll_to_first_error, time_label};

#[derive(Clone, Copy)]
enum Editor {
    Incident(IncidentForm),
    Claim(ClaimForm),
    Story(StoryForm),
}

#[derive(Debug, Clone, PartialEq)]
enum Snapshot {
    Incident(IncidentRaw),
    Claim(ClaimRaw),
    Story(StoryRaw),
}

enum Payload {
    Incident(IncidentInput),
    Claim(ClaimInput),
    Story(StoryInput),
}

impl Editor {
    fn new(kind: ItemKind) -> Editor {
        match kind {
            ItemKind::Incident => Editor::Incident(IncidentForm::new(&IncidentRaw::blank())),
            ItemKind::Claim => Editor::Claim(ClaimForm::new(&ClaimRaw::blank())),
            ItemKind::Story => Editor::Story(StoryForm::new(&StoryRaw::blank())),
        }
    }

    /// What the form holds now (tracked), for "unsaved changes".
    fn snapshot(self) -> Snapshot {
        match self {
            Editor::Incident(f) => Snapshot::Incident(f.raw()),
            Editor::Claim(f) => Snapshot::Claim(f.raw()),
            Editor::Story(f) => Snapshot::Story(f.raw()),
        }
    }

    fn load(self, snap: &Snapshot) {
        match (self, snap) {
            (Editor::Incident(f), Snapshot::Incident(r)) => f.load(r),
            (Editor::Claim(f), Snapshot::Claim(r)) => f.load(r),
            (Editor::Story(f), Snapshot::Story(r)) => f.load(r),
            _ => {}
        }
    }

    /// A new item without an id gets one made from its Russian title (or quote), as "make from title" does.
    fn fill_empty_id(self) {
        let (id, text) = match self {
            Editor::Incident(f) => (f.id, f.title.with_untracked(|t| t.ru.clone())),
            Editor::Claim(f) => (f.id, f.quote.with_untracked(|t| t.ru.clone())),
            Editor::Story(f) => (f.id, f.title.with_untracked(|t| t.ru.clone())),
        };
        if id.with_untracked(|i| i.trim().is_empty()) && !text.trim().is_empty() {
            id.set(Slug::from_text(&text).to_string());
        }
    }

    /// The shared crate's validation of what was typed, before anything is sent.
    fn check(self) -> Result<Payload, Vec<FieldError>> {
        match untrack(|| self.snapshot()) {
            Snapshot::Incident(r) => r.check().map(Payload::Incident),
            Snapshot::Claim(r) => r.check().map(Payload::Claim),
            Snapshot::Story(r) => r.check().map(Payload::Story),
        }
    }
}

async fn fetch(client: Client, kind: ItemKind, id: &str) -> Result<(Snapshot, ItemMeta), ApiError> {
    match kind {
        ItemKind::Incident => client
            .incident(id)
            .await
            .map(|a| (Snapshot::Incident(IncidentRaw::of(&a.incident)), a.meta)),
        ItemKind::Claim => client
            .claim(id)
            .await
            .map(|a| (Snapshot::Claim(ClaimRaw::of(&a.claim)), a.meta)),
        ItemKind::Story => client
            .story(id)
            .await
            .map(|a| (Snapshot::Story(StoryRaw::of(&a.story)), a.meta)),
    }
}

#[derive(Clone)]
struct Notice {
    ok: bool,
    text: fn(&Ui) -> &'static str,
    detail: String,
}

impl Notice {
    fn ok(text: fn(&Ui) -> &'static str, detail: impl Into<String>) -> Option<Notice> {
        Some(Notice {
            ok: true,
            text,
            detail: detail.into(),
        })
    }

    fn bad(text: fn(&Ui) -> &'static str, detail: impl Into<String>) -> Option<Notice> {
        Some(Notice {
            ok: false,
            text,
            detail: detail.into(),
        })
    }
}

/// A correction note as sent: Russian required, blank translations dropped.
fn correction_note(t: &LocalizedText) -> Option<LocalizedText> {
    let keep = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let ru = t.ru.trim();
    (!ru.is_empty()).then(|| LocalizedText {
        ru: ru.to_owned(),
        kk: keep(&t.kk),
        en: keep(&t.en),
    })
}

/// The server names fields as the shared validation does; a wrapper prefix (`incident.`) is tolerated.
fn local_path(mut e: FieldError) -> FieldError {
    for prefix in ["incident.", "claim.", "story."] {
        if let Some(rest) = e.field.strip_prefix(prefix) {
            e.field = rest.to_owned();
        }
    }
    e
}

fn confirm(text: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(text).ok())
        .unwrap_or(false)
}

#[component]
pub fn ItemPage(kind: ItemKind, id: Option<String>) -> impl IntoView {
    let session = expect_context::<Session>();
    let lang = session.lang;
    let client = session.client();
    let editor = Editor::new(kind);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    provide_context(FormErrors(errors));
    let meta = RwSignal::new(None::<ItemMeta>);
    // The version this edit started from: what a save names, so a newer save by someone else is detected.
    let base = RwSignal::new(None::<i64>);
    let baseline = RwSignal::new(untrack(|| editor.snapshot()));
    let notice = RwSignal::new(None::<Notice>);
    let stale = RwSignal::new(None::<StaleVersion>);
    let correction = RwSignal::new(LocalizedText::default());
    let busy = RwSignal::new(false);
    let load_error = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(id.is_none());
    let retracting = RwSignal::new(false);
    let retract_note = RwSignal::new(String::new());
    let show_preview = RwSignal::new(false);
    let show_history = RwSignal::new(false);
    let is_new = id.is_none();
    let item_id = StoredValue::new(id);

    // Requests outlive the page when the editor navigates away; their answers are then dropped.
    let gone = move || busy.is_disposed();
    let reload = move || {
        let Some(id) = item_id.get_value() else {
            return;
        };
        spawn_local(async move {
            let r = fetch(client, kind, &id).await;
            if gone() {
                return;
            }
            match r {
                Ok((snap, m)) => {
                    editor.load(&snap);
                    baseline.set(untrack(|| editor.snapshot()));
                    base.set(Some(m.version));
                    meta.set(Some(m));
                    stale.set(None);
                    errors.set(Vec::new());
                    load_error.set(None);
                    // Set once: setting a signal notifies even when the value is the same, and the form
                    // must not be rebuilt after every save.
                    if !loaded.get_untracked() {
                        loaded.set(true);
                    }
                }
                Err(e) => load_error.set(Some(e.to_string())),
            }
        });
    };
    reload();
    let dirty = Memo::new(move |_| editor.snapshot() != baseline.get());
    let status = Memo::new(move |_| meta.with(|m| m.as_ref().map(|m| m.status)));
    let published = move || status.get() == Some(Status::Published);
    // A published item with a change waiting for a second person: the form holds that change.
    let pending = move || meta.with(|m| m.as_ref().is_some_and(|m| m.pending.is_some()));

    let refuse = move |errs: Vec<FieldError>, text: fn(&Ui) -> &'static str| {
        errors.set(errs);
        notice.set(Notice::bad(text, ""));
        scroll_to_first_error();
    };
    let fail = move |e: ApiError| {
        if let Some(s) = e.stale.clone() {
            stale.set(Some(*s));
            notice.set(Notice::bad(|u| u.stale_notice, ""));
            return;
        }
        let mut errs: Vec<FieldError> = e.details.iter().cloned().map(local_path).collect();
        match e.known() {
            Some(ErrorCode::CorrectionRequired) => errs.push(FieldError::new(
                "correction.ru",
                e.code.clone(),
                e.message.clone(),
            )),
            Some(ErrorCode::IdTaken) => {
                errs.push(FieldError::new("id", e.code.clone(), e.message.clone()))
            }
            Some(ErrorCode::NoteRequired) => errs.push(FieldError::new(
                "retract_note",
                e.code.clone(),
                e.message.clone(),
            )),
            _ => {
                if let (true, Some(f)) = (errs.is_empty(), &e.field) {
                    errs.push(local_path(FieldError::new(
                        f.clone(),
                        e.code.clone(),
                        e.message.clone(),
                    )));
                }
            }
        }
        let text: fn(&Ui) -> &'static str = match e.known() {
            Some(ErrorCode::OwnSubmission) => |u| u.own_submission,
            Some(ErrorCode::CorrectionRequired) => |u| u.correction_required,
            _ if !errs.is_empty() => |u| u.server_refused_fields,
            _ => |u| u.server_error,
        };
        notice.set(Notice::bad(text, e.to_string()));
        if !errs.is_empty() {
            errors.set(errs);
            scroll_to_first_error();
        }
    };
    // A published item changes only with a public correction note (a pending change has one already).
    let note_if_published = move || -> Result<Option<LocalizedText>, ()> {
        if !untrack(published) {
            return Ok(None);
        }
        match correction_note(&correction.get_untracked()) {
            Some(n) => Ok(Some(n)),
            None if untrack(pending) => Ok(None),
            None => {
                refuse(
                    vec![FieldError::new(
                        "correction.ru",
                        "required",
                        "a published item changes only with a public correction note",
                    )],
                    |u| u.correction_required,
                );
                Err(())
            }
        }
    };

    let save = move |overwrite: Option<i64>| {
        if busy.get_untracked() {
            return;
        }
        if is_new {
            editor.fill_empty_id();
        }
        let payload = match editor.check() {
            Ok(p) => p,
            Err(errs) => return refuse(errs, |u| u.fix_errors),
        };
        let Ok(note) = note_if_published() else {
            return;
        };
        let id = item_id.get_value();
        let version = id.as_ref().and(overwrite.or_else(|| base.get_untracked()));
        errors.set(Vec::new());
        notice.set(None);
        busy.set(true);
        spawn_local(async move {
            let r = match payload {
                Payload::Incident(incident) => {
                    let body = SaveIncident {
                        version,
                        incident,
                        correction: note,
                    };
                    client.save_incident(id.as_deref(), &body).await
                }
                Payload::Claim(claim) => {
                    let body = SaveClaim {
                        version,
                        claim,
                        correction: note,
                    };
                    client.save_claim(id.as_deref(), &body).await
                }
                Payload::Story(story) => {
                    let body = SaveStory {
                        version,
                        story,
                        correction: note,
                    };
                    client.save_story(id.as_deref(), &body).await
                }
            };
            if gone() {
                return;
            }
            busy.set(false);
            match r {
                Ok(saved) => {
                    stale.set(None);
                    correction.set(LocalizedText::default());
                    let text: fn(&Ui) -> &'static str = if saved.status == Status::Published {
                        |u| u.pending_saved
                    } else {
                        |u| u.saved_version
                    };
                    notice.set(Notice::ok(text, saved.version.to_string()));
                    if id.as_deref() == Some(saved.id.as_str()) {
                        reload();
                    } else {
                        route::go(&Route::Item(kind, saved.id));
                    }
                }
                Err(e) => fail(e),
            }
        });
    };

    let act = move |action: Action, note: Option<String>| {
        let Some(id) = item_id.get_value() else {
            return;
        };
        let Some(version) = meta.with_untracked(|m| m.as_ref().map(|m| m.version)) else {
            return;
        };
        errors.set(Vec::new());
        notice.set(None);
        busy.set(true);
        spawn_local(async move {
            let r = client
                .workflow(
                    kind,
                    &id,
                    &WorkflowRequest {
                        action,
                        version,
                        note,
                    },
                )
                .await;
            if gone() {
                return;
            }
            busy.set(false);
            match r {
                Ok(s) => {
                    retracting.set(false);
                    retract_note.set(String::new());
                    notice.set(Notice::ok(
                        |u| u.status_now,
                        s.status.label(lang.get_untracked()),
                    ));
                    reload();
                }
                Err(e) => fail(e),
            }
        });
    };

    let restore = move |version: i64| {
        let Some(id) = item_id.get_value() else {
            return;
        };
        if dirty.get_untracked() && !confirm(ui(lang.get_untracked()).discard_changes) {
            return;
        }
        let Ok(note) = note_if_published() else {
            return;
        };
        errors.set(Vec::new());
        notice.set(None);
        busy.set(true);
        spawn_local(async move {
            let r = client
                .restore(
                    kind,
                    &id,
                    &RestoreRequest {
                        version,
                        based_on: meta.with_untracked(|m| m.as_ref().map(|m| m.version)),
                        correction: note,
                    },
                )
                .await;
            if gone() {
                return;
            }
            busy.set(false);
            match r {
                Ok(s) => {
                    correction.set(LocalizedText::default());
                    notice.set(Notice::ok(|u| u.restored_as, s.version.to_string()));
                    reload();
                }
                Err(e) => fail(e),
            }
        });
    };

    let heading = move || {
        let u = ui(lang.get());
        match (kind, is_new) {
            (ItemKind::Incident, true) => u.new_incident.to_owned(),
            (ItemKind::Claim, true) => u.new_claim.to_owned(),
            (ItemKind::Story, true) => u.new_story.to_owned(),
            (k, false) => format!(
                "{}: {}",
                k.label(lang.get()),
                item_id.get_value().unwrap_or_default()
            ),
        }
    };

    let form = move || {
        if !loaded.get() {
            return match load_error.get() {
                Some(e) => {
                    view! { <p class="adm-error" role="alert">{tr(|u| u.load_failed)} ": " {e}</p> }
                        .into_any()
                }
                None => view! { <p class="adm-loading">{tr(|u| u.loading)}</p> }.into_any(),
            };
        }
        let fields = match editor {
            Editor::Incident(f) => view! { <IncidentFields form=f locked_id=!is_new/> }.into_any(),
            Editor::Claim(f) => view! { <ClaimFields form=f locked_id=!is_new/> }.into_any(),
            Editor::Story(f) => view! { <StoryFields form=f locked_id=!is_new/> }.into_any(),
        };
        view! {
            <form
                class="adm-form"
                novalidate=true
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    save(None);
                }
            >
                {fields}
                {move || {
                    published()
                        .then(|| {
                            view! {
                                <section class="adm-section adm-correction">
                                    <h2>{tr(|u| u.correction_title)}</h2>
                                    <p class="adm-hint">{tr(|u| u.correction_hint)}</p>
                                    <p class="adm-hint">{tr(|u| u.pending_hint)}</p>
                                    <LocalizedField
                                        path="correction"
                                        label=|u| u.correction_note
                                        value=correction
                                        multiline=true
                                        required=!pending()
                                    />
                                </section>
                            }
                        })
                }}
                <div class="adm-savebar">
                    <button
                        type="submit"
                        class="adm-primary"
                        data-action="save"
                        disabled=move || busy.get() || status.get() == Some(Status::Retracted)
                    >
                        {tr(|u| u.save)}
                    </button>
                    {move || {
                        (status.get() == Some(Status::Retracted))
                            .then(|| view! { <small class="adm-hint">{tr(|u| u.retracted_readonly)}</small> })
                    }}
                    <span class="adm-dirty" id="item-dirty" role="status">
                        {move || dirty.get().then(|| tr(|u| u.unsaved)())}
                    </span>
                </div>
            </form>
        }
        .into_any()
    };

    view! {
        <article class="adm-item" data-kind=kind.as_str()>
            <header class="adm-item-head">
                <h1>{heading}</h1>
                {move || meta.get().map(|m| view! { <MetaList meta=m/> })}
                {move || {
                    status
                        .get()
                        .map(|_| {
                            view! {
                                <WorkflowBar
                                    status
                                    meta
                                    dirty
                                    busy
                                    retracting
                                    retract_note
                                    act=Callback::new(move |(a, n): (Action, Option<String>)| act(a, n))
                                    refuse=Callback::new(move |errs: Vec<FieldError>| refuse(errs, |u| u.fix_errors))
                                />
                                <div class="adm-toolbar">
                                    // The reader widget shows incidents and claims; a story shows in theirs.
                                    {(kind != ItemKind::Story)
                                        .then(|| {
                                            view! {
                                                <button
                                                    type="button"
                                                    data-action="preview"
                                                    aria-pressed=move || show_preview.get().to_string()
                                                    on:click=move |_| show_preview.update(|v| *v = !*v)
                                                >
                                                    {tr(|u| u.preview)}
                                                </button>
                                            }
                                        })}
                                    <button
                                        type="button"
                                        data-action="history"
                                        aria-pressed=move || show_history.get().to_string()
                                        on:click=move |_| show_history.update(|v| *v = !*v)
                                    >
                                        {tr(|u| u.history)}
                                    </button>
                                </div>
                            }
                        })
                }}
            </header>
            {move || {
                notice
                    .get()
                    .map(|n| {
                        let u = ui(lang.get());
                        view! {
                            <p
                                id="item-notice"
                                class=if n.ok { "adm-notice adm-ok" } else { "adm-notice adm-bad" }
                                role=if n.ok { "status" } else { "alert" }
                            >
                                {(n.text)(u)}
                                {(!n.detail.is_empty()).then(|| format!(" {}", n.detail))}
                            </p>
                        }
                    })
            }}
            {move || {
                stale
                    .get()
                    .map(|s| {
                        let theirs = s.current_version;
                        view! {
                            <section class="adm-stale" id="stale-panel" role="alert">
                                <h2>
                                    {tr(|u| u.stale_title)} " "
                                    <span id="stale-version">{theirs}</span>
                                </h2>
                                <p class="adm-muted">{s.error.message.clone()}</p>
                                <p>{tr(|u| u.stale_explain)}</p>
                                <ChangesTable changes=s.changes/>
                                <div class="adm-toolbar">
                                    <button
                                        type="button"
                                        data-action="reload-theirs"
                                        on:click=move |_| {
                                            notice.set(None);
                                            reload();
                                        }
                                    >
                                        {tr(|u| u.reload_theirs)}
                                    </button>
                                    // Only edits of one's own can be kept; after a refused workflow step there
                                    // are none, and "keep mine" would just undo the other person's save.
                                    {move || {
                                        dirty
                                            .get()
                                            .then(|| {
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="adm-danger"
                                                        data-action="overwrite"
                                                        on:click=move |_| save(Some(theirs))
                                                    >
                                                        {tr(|u| u.keep_mine)}
                                                    </button>
                                                }
                                            })
                                    }}
                                </div>
                            </section>
                        }
                    })
            }}
            {move || {
                match (show_preview.get(), item_id.get_value()) {
                    (true, Some(id)) => {
                        let version = Signal::derive(move || meta.with(|m| m.as_ref().map_or(0, |m| m.version)));
                        Some(view! { <Preview kind id version dirty/> })
                    }
                    _ => None,
                }
            }}
            {form}
            {move || {
                match (show_history.get(), item_id.get_value()) {
                    (true, Some(id)) => {
                        let version = Signal::derive(move || meta.with(|m| m.as_ref().map_or(0, |m| m.version)));
                        Some(
                            view! {
                                <History kind id version busy restore=Callback::new(restore)/>
                            },
                        )
                    }
                    _ => None,
                }
            }}
        </article>
    }
}

#[component]
fn MetaList(meta: ItemMeta) -> impl IntoView {
    let lang = expect_context::<Session>().lang;
    let status = meta.status;
    let user = |u: &Option<aqiqat_shared::admin::UserRef>| {
        u.as_ref()
            .map(|u| u.name.clone())
            .unwrap_or_else(|| "—".to_owned())
    };
    view! {
        <dl class="adm-meta">
            <dt>{tr(|u| u.status)}</dt>
            <dd>
                <span
                    id="item-status"
                    data-status=status.as_str()
                    class=format!("adm-status adm-status-{}", status.as_str())
                >
                    {move || status.label(lang.get())}
                </span>
            </dd>
            <dt>{tr(|u| u.version)}</dt>
            <dd id="item-version">{meta.version}</dd>
            <dt>{tr(|u| u.author)}</dt>
            <dd id="item-author">{user(&meta.author)}</dd>
            <dt>{tr(|u| u.submitted_by)}</dt>
            <dd id="item-submitted-by">{user(&meta.submitted_by)}</dd>
            <dt>{tr(|u| u.created)}</dt>
            <dd>{time_label(&meta.created_at)}</dd>
            <dt>{tr(|u| u.updated)}</dt>
            <dd>{time_label(&meta.updated_at)}</dd>
            {meta
                .published_at
                .map(|p| view! { <dt>{tr(|u| u.published_at)}</dt> <dd>{time_label(&p)}</dd> })}
            {meta.origin.map(|o| view! { <dt>{tr(|u| u.origin)}</dt> <dd>{o}</dd> })}
            {meta
                .pending
                .map(|p| {
                    view! {
                        <dt>{tr(|u| u.pending_change)}</dt>
                        <dd id="item-pending">{user(&p.by)} ", " {time_label(&p.at)}</dd>
                    }
                })}
        </dl>
    }
}

/// The workflow steps the item's status allows: Submit (draft); Publish / Return to draft (in review);
/// Retract with a note (published); Publish / Discard a pending change to a published item. Steps apply to the saved version, so unsaved edits must be saved first.
#[component]
fn WorkflowBar(
    status: Memo<Option<Status>>,
    meta: RwSignal<Option<ItemMeta>>,
    dirty: Memo<bool>,
    busy: RwSignal<bool>,
    retracting: RwSignal<bool>,
    retract_note: RwSignal<String>,
    act: Callback<(Action, Option<String>)>,
    refuse: Callback<Vec<FieldError>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let pending_by = move || {
        meta.with(|m| {
            m.as_ref()
                .and_then(|m| m.pending.as_ref())
                .map(|p| p.by.as_ref().map(|u| u.id))
        })
    };
    let actions = move || match status.get() {
        Some(Status::Draft) => vec![Action::Submit],
        Some(Status::InReview) => vec![Action::Publish, Action::ReturnToDraft],
        Some(Status::Published) if pending_by().is_some() => {
            vec![Action::Publish, Action::DiscardChange, Action::Retract]
        }
        Some(Status::Published) => vec![Action::Retract],
        // Only an administrator may take a retracted item back to draft.
        Some(Status::Retracted) if session.is_admin() => vec![Action::ReturnToDraft],
        _ => Vec::new(),
    };
    let own_submission = move || {
        status.get() == Some(Status::InReview)
            && meta.with(|m| {
                m.as_ref()
                    .and_then(|m| m.submitted_by.as_ref())
                    .is_some_and(|s| Some(s.id) == session.my_id())
            })
    };
    let confirm_retract = move || {
        let note = retract_note.get_untracked();
        if note.trim().is_empty() {
            refuse.run(vec![FieldError::new(
                "retract_note",
                "required",
                "say why the item is retracted",
            )]);
        } else {
            act.run((Action::Retract, Some(note.trim().to_owned())));
        }
    };
    view! {
        <div class="adm-workflow" role="group" aria-label=tr(|u| u.workflow)>
            {move || {
                actions()
                    .into_iter()
                    .map(|a| {
                        view! {
                            <button
                                type="button"
                                data-action=a.as_str()
                                class=if a == Action::Publish { "adm-primary" } else { "" }
                                disabled=move || busy.get() || dirty.get()
                                on:click=move |_| {
                                    if a == Action::Retract {
                                        retracting.set(true);
                                    } else {
                                        act.run((a, None));
                                    }
                                }
                            >
                                {move || a.label(session.lang.get())}
                            </button>
                        }
                    })
                    .collect_view()
            }}
            {move || dirty.get().then(|| view! { <small class="adm-hint">{tr(|u| u.save_first)}</small> })}
            {move || own_submission().then(|| view! { <small class="adm-hint">{tr(|u| u.own_submission_hint)}</small> })}
            {move || {
                (pending_by() == Some(session.my_id()))
                    .then(|| view! { <small class="adm-hint" id="own-change-hint">{tr(|u| u.own_change_hint)}</small> })
            }}
            {move || {
                retracting
                    .get()
                    .then(|| {
                        view! {
                            <div class="adm-retract">
                                <label for="retract-note">{tr(|u| u.retract_note)}</label>
                                <textarea
                                    id="retract-note"
                                    name="retract-note"
                                    rows="3"
                                    prop:value=move || retract_note.get()
                                    on:input=move |ev| retract_note.set(event_target_value(&ev))
                                ></textarea>
                                <FieldErrors path="retract_note"/>
                                <button
                                    type="button"
                                    class="adm-danger"
                                    data-action="confirm-retract"
                                    disabled=move || busy.get()
                                    on:click=move |_| confirm_retract()
                                >
                                    {tr(|u| u.confirm_retract)}
                                </button>
                                <button type="button" data-action="cancel" on:click=move |_| retracting.set(false)>
                                    {tr(|u| u.cancel)}
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
