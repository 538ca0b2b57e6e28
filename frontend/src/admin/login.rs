//! The sign-in form. A successful login answers the signed-in person with the session's CSRF token.

use aqiqat_shared::admin::LoginRequest;
use aqiqat_shared::api::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::i18n::{Ui, tr, ui};
use super::{LangSwitch, Session, api};

#[component]
pub fn Login() -> impl IntoView {
    let session = expect_context::<Session>();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(fn(&Ui) -> &'static str, String)>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let req = LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            let r = api::login(&req).await;
            busy.set(false);
            match r {
                Ok(me) => {
                    password.set(String::new());
                    session.me.set(Some(me));
                }
                Err(e) => {
                    let text: fn(&Ui) -> &'static str = match e.known() {
                        Some(ErrorCode::InvalidCredentials) => |u| u.bad_credentials,
                        Some(ErrorCode::RateLimited) => |u| u.rate_limited,
                        _ => |u| u.login_failed,
                    };
                    // A rate-limit message says when to try again: always show the server's words.
                    let detail = if e.known() == Some(ErrorCode::InvalidCredentials) {
                        String::new()
                    } else {
                        e.to_string()
                    };
                    error.set(Some((text, detail)));
                }
            }
        });
    };
    view! {
        <main class="adm-login">
            <div class="adm-login-head">
                <h1>"Aqiqat · " {tr(|u| u.panel)}</h1>
                <LangSwitch/>
            </div>
            <form class="adm-login-form" on:submit=submit>
                <h2>{tr(|u| u.login_title)}</h2>
                <div class="adm-field">
                    <label for="login-email">{tr(|u| u.email)}</label>
                    <input
                        id="login-email"
                        name="email"
                        type="email"
                        autocomplete="username"
                        required=true
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                </div>
                <div class="adm-field">
                    <label for="login-password">{tr(|u| u.password)}</label>
                    <input
                        id="login-password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required=true
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </div>
                {move || {
                    error
                        .get()
                        .map(|(text, detail)| {
                            let lang = session.lang;
                            view! {
                                <p class="adm-error" id="login-error" role="alert">
                                    {move || text(ui(lang.get()))}
                                    {(!detail.is_empty()).then(|| format!(": {detail}"))}
                                </p>
                            }
                        })
                }}
                <button type="submit" class="adm-primary" data-action="login" disabled=move || busy.get()>
                    {tr(|u| u.sign_in)}
                </button>
            </form>
        </main>
    }
}
