//! Giriş: "Kimlik bilgileriyle giriş" (T.C. Kimlik No, ad, soyad and doğum tarihi, compared with the
//! ön başvuru) and "E-İmzalı Giriş" through the extension. After either, the person goes back to the
//! screen they were sent away from (an expired session), or to Başvurularım.

use crate::action::action;
use crate::router::Redirect;
use leptos::prelude::*;
use nes_core::api::LoginRequest;
use nes_core::date::CivilDate;
use nes_core::login::LoginField;

use super::login_edevlet::{EdevletFailure, EdevletLogin};
use super::login_eimza::EimzaLogin;
use super::set_title;
use crate::api;
use crate::clock::today;
use crate::components::field::{InputKind, TextField, focus_field};
use crate::components::notice::{ActionMessage, Notice, Tone};
use crate::form::values::mask_date;
use crate::screens;
use crate::session::Session;

fn value(request: &LoginRequest, field: LoginField) -> String {
    match field {
        LoginField::NationalId => request.national_id.clone(),
        LoginField::FirstName => request.first_name.clone(),
        LoginField::LastName => request.last_name.clone(),
        LoginField::BirthDate => request.birth_date.clone(),
    }
}

fn set_value(request: &mut LoginRequest, field: LoginField, text: String) {
    match field {
        LoginField::NationalId => request.national_id = text,
        LoginField::FirstName => request.first_name = text,
        LoginField::LastName => request.last_name = text,
        LoginField::BirthDate => request.birth_date = mask_date(&text),
    }
}

/// The request as sent: the birth date in the API's `YYYY-MM-DD`.
fn to_send(mut request: LoginRequest) -> LoginRequest {
    if let Some(date) = CivilDate::parse(&request.birth_date) {
        request.birth_date = date.iso();
    }
    request
}

#[component]
pub fn LoginPage() -> impl IntoView {
    set_title("Giriş");
    let session = Session::get();
    view! {
        {move || session.me().map(|_| view! { <Redirect path=session.take_return_path() /> })}
        <h1>"Nitelikli Elektronik Sertifika Başvurusu"</h1>
        // Set before the redirect here, and Giriş is left once logged in: no need to follow it.
        {session
            .expired
            .get_untracked()
            .then(|| {
                view! {
                    <Notice tone=Tone::Warning>
                        "Oturumunuzun süresi doldu. Lütfen tekrar giriş yapınız; girdiğiniz bilgiler bu tarayıcıda saklandı ve kaldığınız sayfaya döneceksiniz."
                    </Notice>
                }
            })}
        <p class="lead">
            "Kurumunuzun e-imza sorumlusunun oluşturduğu ön başvurunuzu tamamlamak için giriş yapınız."
        </p>
        <EdevletFailure />
        <div class="login-grid">
            <IdentityLogin />
            <EimzaLogin />
            <EdevletLogin />
        </div>
    }
}

#[component]
fn IdentityLogin() -> impl IntoView {
    let request = RwSignal::new(LoginRequest::default());
    let touched = RwSignal::new(Vec::<LoginField>::new());
    let message = RwSignal::new(None::<(Tone, String)>);
    let session = Session::get();
    // Success needs nothing here: the refreshed session makes the page redirect.
    let login = action(move || {
        let request = to_send(request.get_untracked());
        async move {
            screens::prefetch_applications();
            message.set(Some((Tone::Info, "Giriş yapılıyor…".into())));
            match api::login(&request).await {
                Ok(()) => {
                    message.set(None);
                    session.refresh().await;
                }
                Err(failure) => message.set(Some((Tone::Error, failure.message()))),
            }
        }
    });

    let error = move |field: LoginField| {
        Signal::derive(move || {
            if touched.with(|t| t.contains(&field)) { request.with(|r| r.check(field, today())) } else { None }
        })
    };
    let touch = move |field: LoginField| {
        if !touched.with_untracked(|t| t.contains(&field)) {
            touched.update(|t| t.push(field));
        }
    };
    let text_field =
        move |field: LoginField, kind: InputKind, autocomplete: &'static str, hint: Option<&'static str>| {
            view! {
                <TextField
                    key=field.key()
                    label=field.label()
                    required=true
                    kind
                    autocomplete=Some(autocomplete)
                    hint
                    value=Signal::derive(move || request.with(|r| value(r, field)))
                    error=error(field)
                    on_input=move |text: String| request.update(|r| set_value(r, field, text))
                    on_blur=move |()| touch(field)
                />
            }
        };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(LoginField::ALL.to_vec());
        let current = request.get_untracked();
        match LoginField::ALL.iter().find(|&&field| current.check(field, today()).is_some()) {
            Some(first_bad) => focus_field(first_bad.key()),
            None => {
                login.dispatch(());
            }
        }
    };

    view! {
        <section class="panel" aria-labelledby="identity-login-title">
            <h2 id="identity-login-title">"Kimlik bilgileriyle giriş"</h2>
            <p class="hint">
                "T.C. Kimlik No, ad, soyad ve doğum tarihi Nüfus kayıtlarınızdaki bilgilerle aynı olmalıdır. (*) ile belirtilen alanlar zorunludur."
            </p>
            <form novalidate on:submit=submit>
                {text_field(LoginField::NationalId, InputKind::Digits(11), "off", None)}
                {text_field(LoginField::FirstName, InputKind::Text, "given-name", None)}
                {text_field(LoginField::LastName, InputKind::Text, "family-name", None)}
                {text_field(LoginField::BirthDate, InputKind::Date, "bday", Some("GG.AA.YYYY, ör. 23.04.1980"))}
                <ActionMessage message />
                <button type="submit" class="button-primary" disabled=move || login.pending().get()>"Giriş"</button>
            </form>
        </section>
    }
}
