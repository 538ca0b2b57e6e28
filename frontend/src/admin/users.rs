//! Users (admins only): the list, creating an account, changing a role, disabling and enabling, resetting a
//! password. Passwords follow the shared `check_password` rule before they are sent.

use aqiqat_shared::FieldError;
use aqiqat_shared::admin::{NewUser, Role, UpdateUser, User, check_password, normalize_email};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::api::ApiError;
use super::fields::{EnumSelect, FormErrors, TextField};
use super::i18n::{tr, ui};
use super::{Session, time_label};

#[component]
pub fn Users() -> impl IntoView {
    let client = expect_context::<Session>().client();
    let refresh = RwSignal::new(0u32);
    let users = LocalResource::new(move || {
        refresh.track();
        async move { client.users().await }
    });
    let notice = RwSignal::new(None::<Result<String, String>>);
    let changed = Callback::new(move |r: Result<String, String>| {
        notice.set(Some(r));
        refresh.update(|n| *n += 1);
    });
    view! {
        <section class="adm-page adm-users">
            <h1>{tr(|u| u.nav_users)}</h1>
            {move || notice.get().map(notice_view)}
            {move || match users.get() {
                None => view! { <p class="adm-loading">{tr(|u| u.loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="adm-error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="adm-table" id="users">
                        <thead>
                            <tr>
                                <th scope="col">{tr(|u| u.email)}</th>
                                <th scope="col">{tr(|u| u.name)}</th>
                                <th scope="col">{tr(|u| u.role)}</th>
                                <th scope="col">{tr(|u| u.state)}</th>
                                <th scope="col">{tr(|u| u.created)}</th>
                                <th scope="col">{tr(|u| u.password)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|user| view! { <UserRow user changed/> }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
            <NewUserForm changed/>
        </section>
    }
}

pub(crate) fn notice_view(r: Result<String, String>) -> impl IntoView {
    match r {
        Ok(t) => view! { <p class="adm-notice adm-ok" role="status">{t}</p> }.into_any(),
        Err(t) => view! { <p class="adm-notice adm-bad" role="alert">{t}</p> }.into_any(),
    }
}

#[component]
fn UserRow(user: User, changed: Callback<Result<String, String>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let client = session.client();
    let lang = session.lang;
    let id = user.id;
    let email = user.email.clone();
    let resetting = RwSignal::new(false);
    let new_password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let update = move |change: UpdateUser| {
        let email = email.clone();
        spawn_local(async move {
            let r = client.update_user(id, &change).await;
            changed.try_run(match r {
                Ok(u) => Ok(format!(
                    "{}: {}",
                    ui(lang.get_untracked()).user_updated,
                    u.email
                )),
                Err(e) => Err(format!("{email}: {e}")),
            });
        });
    };
    let update2 = update.clone();
    let update3 = update.clone();
    let disabled = user.disabled;
    let current_role = user.role;
    let save_password = move || {
        let p = new_password.get_untracked();
        if let Err(e) = check_password(&p) {
            problem.set(Some(super::i18n::error_text(ui(lang.get_untracked()), &e)));
            return;
        }
        problem.set(None);
        resetting.set(false);
        new_password.set(String::new());
        update3(UpdateUser {
            password: Some(p),
            ..UpdateUser::default()
        });
    };
    let role_id = format!("user-role-{id}");
    let pw_id = format!("reset-password-{id}");
    view! {
        <tr data-id=id class:adm-disabled=disabled>
            <td>{user.email.clone()}</td>
            <td>{user.name.clone()}</td>
            <td>
                <label for=role_id.clone() class="adm-sr">{tr(|u| u.role)}</label>
                <select
                    id=role_id
                    on:change=move |ev| {
                        if let Some(role) = Role::parse(&event_target_value(&ev)) {
                            update(UpdateUser {
                                role: Some(role),
                                ..UpdateUser::default()
                            });
                        }
                    }
                >
                    {move || {
                        Role::ALL
                            .iter()
                            .map(|r| {
                                view! {
                                    <option value=r.as_str() selected=*r == current_role>
                                        {r.label(lang.get())}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </td>
            <td>
                {move || if disabled { ui(lang.get()).disabled } else { ui(lang.get()).active }}
                " "
                <button
                    type="button"
                    data-action=if disabled { "enable" } else { "disable" }
                    on:click=move |_| {
                        update2(UpdateUser {
                            disabled: Some(!disabled),
                            ..UpdateUser::default()
                        })
                    }
                >
                    {move || if disabled { ui(lang.get()).enable } else { ui(lang.get()).disable }}
                </button>
            </td>
            <td class="adm-nowrap">{time_label(&user.created_at)}</td>
            <td>
                {move || {
                    if resetting.get() {
                        let pw_id = pw_id.clone();
                        view! {
                            <div class="adm-inline">
                                <label for=pw_id.clone() class="adm-sr">{tr(|u| u.new_password)}</label>
                                <input
                                    id=pw_id
                                    type="password"
                                    autocomplete="new-password"
                                    prop:value=move || new_password.get()
                                    on:input=move |ev| new_password.set(event_target_value(&ev))
                                />
                                <button type="button" data-action="save-password" on:click={
                                    let save_password = save_password.clone();
                                    move |_| save_password()
                                }>
                                    {tr(|u| u.save)}
                                </button>
                                <button type="button" data-action="cancel" on:click=move |_| resetting.set(false)>
                                    {tr(|u| u.cancel)}
                                </button>
                            </div>
                            {move || problem.get().map(|p| view! { <p class="adm-field-error">{p}</p> })}
                        }
                            .into_any()
                    } else {
                        view! {
                            <button type="button" data-action="reset-password" on:click=move |_| resetting.set(true)>
                                {tr(|u| u.reset_password)}
                            </button>
                        }
                            .into_any()
                    }
                }}
            </td>
        </tr>
    }
}

fn user_errors(e: &ApiError) -> Vec<FieldError> {
    let mut errs = e.details.clone();
    if errs.is_empty()
        && let Some(f) = &e.field
    {
        errs.push(FieldError::new(
            f.clone(),
            e.code.clone(),
            e.message.clone(),
        ));
    }
    errs
}

#[component]
fn NewUserForm(changed: Callback<Result<String, String>>) -> impl IntoView {
    let session = expect_context::<Session>();
    let client = session.client();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    provide_context(FormErrors(errors));
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Editor);
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errs = Vec::new();
        let normalized = normalize_email(&email.get_untracked()).map_err(|e| errs.push(e));
        let n = name.get_untracked().trim().to_owned();
        if n.is_empty() {
            errs.push(FieldError::new("name", "required", "a name is required"));
        }
        let p = password.get_untracked();
        if let Err(e) = check_password(&p) {
            errs.push(e);
        }
        let (Ok(e), true) = (normalized, errs.is_empty()) else {
            errors.set(errs);
            return;
        };
        errors.set(Vec::new());
        busy.set(true);
        let user = NewUser {
            email: e,
            name: n,
            role: role.get_untracked(),
            password: p,
        };
        spawn_local(async move {
            let r = client.create_user(&user).await;
            busy.set(false);
            match r {
                Ok(u) => {
                    email.set(String::new());
                    name.set(String::new());
                    password.set(String::new());
                    changed.try_run(Ok(format!(
                        "{}: {}",
                        ui(session.lang.get_untracked()).user_created,
                        u.email
                    )));
                }
                Err(e) => {
                    errors.set(user_errors(&e));
                    changed.try_run(Err(e.to_string()));
                }
            }
        });
    };
    view! {
        <form class="adm-section adm-new-user" novalidate=true on:submit=submit>
            <h2>{tr(|u| u.new_user)}</h2>
            <TextField id="user-email" path="email" label=|u| u.email value=email input_type="email"/>
            <TextField id="user-name" path="name" label=|u| u.name value=name/>
            <EnumSelect
                id="user-role"
                path="role"
                label=|u| u.role
                value=role
                options=Role::ALL
                key=Role::as_str
                name=Role::label
            />
            <TextField
                id="user-password"
                path="password"
                label=|u| u.password
                value=password
                input_type="password"
                hint=|u| u.password_rule
            />
            <button type="submit" class="adm-primary" data-action="create-user" disabled=move || busy.get()>
                {tr(|u| u.create)}
            </button>
        </form>
    }
}
