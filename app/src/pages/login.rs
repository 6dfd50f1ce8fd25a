//! Giriş: "Kimlik bilgileriyle giriş" (seed 004 ADIM 1: T.C. Kimlik No, ad, soyad, doğum tarihi)
//! and "E-İmzalı Giriş" through the extension.

use crate::router::Redirect;
use crate::router::use_navigate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use nes_core::NationalId;
use nes_core::api::LoginRequest;
use nes_core::form::{ApplicationForm, Field};

use super::login_eimza::EimzaLogin;
use super::set_title;
use crate::api;
use crate::components::field::{InputKind, TextField, focus_field};
use crate::components::notice::{ActionMessage, Tone};
use crate::session::Session;

const KEYS: [&str; 4] = ["national_id", "first_name", "last_name", "birth_date"];

/// The Turkish message for one login field, from the same rules as the form.
pub fn check_login(request: &LoginRequest, key: &str) -> Option<String> {
    let name_form = ApplicationForm {
        first_name: request.first_name.clone(),
        last_name: request.last_name.clone(),
        ..Default::default()
    };
    match key {
        "national_id" => NationalId::parse(&request.national_id).err().map(|e| e.to_string()),
        "first_name" => name_form.check(Field::FirstName),
        "last_name" => name_form.check(Field::LastName),
        "birth_date" => birth_date_problem(&request.birth_date),
        _ => None,
    }
}

fn birth_date_problem(date: &str) -> Option<String> {
    let parts: Vec<&str> = date.split('-').collect();
    let well_formed = parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(len, part)| part.len() == *len && part.bytes().all(|b| b.is_ascii_digit()));
    match () {
        _ if date.is_empty() => Some("Doğum tarihi zorunludur.".into()),
        _ if !well_formed => Some("Doğum tarihini GG.AA.YYYY biçiminde giriniz.".into()),
        _ => None,
    }
}

fn value(request: &LoginRequest, key: &str) -> String {
    match key {
        "national_id" => request.national_id.clone(),
        "first_name" => request.first_name.clone(),
        "last_name" => request.last_name.clone(),
        _ => request.birth_date.clone(),
    }
}

fn set_value(request: &mut LoginRequest, key: &str, text: String) {
    match key {
        "national_id" => request.national_id = text,
        "first_name" => request.first_name = text,
        "last_name" => request.last_name = text,
        _ => request.birth_date = text,
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    set_title("Giriş");
    let session = Session::get();
    view! {
        {move || session.me().map(|_| view! { <Redirect path="/basvurularim" /> })}
        <h1>"Nitelikli Elektronik Sertifika Başvurusu"</h1>
        <p class="lead">
            "Kurumunuzun e-imza sorumlusunun oluşturduğu ön başvurunuzu tamamlamak için giriş yapınız."
        </p>
        <div class="login-grid">
            <IdentityLogin />
            <EimzaLogin />
        </div>
    }
}

#[component]
fn IdentityLogin() -> impl IntoView {
    let request = RwSignal::new(LoginRequest::default());
    let touched = RwSignal::new(Vec::<&'static str>::new());
    let message = RwSignal::new(None::<(Tone, String)>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let session = Session::get();

    let error =
        move |key: &'static str| {
            Signal::derive(move || {
                if touched.with(|t| t.contains(&key)) { request.with(|r| check_login(r, key)) } else { None }
            })
        };
    let touch = move |key: &'static str| {
        if !touched.with_untracked(|t| t.contains(&key)) {
            touched.update(|t| t.push(key));
        }
    };
    let field = move |key: &'static str, label: &'static str, kind: InputKind, autocomplete: &'static str| {
        view! {
            <TextField
                key
                label
                required=true
                kind
                autocomplete=Some(autocomplete)
                value=Signal::derive(move || request.with(|r| value(r, key)))
                error=error(key)
                on_input=move |text: String| request.update(|r| set_value(r, key, text))
                on_blur=move |()| touch(key)
            />
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(KEYS.to_vec());
        let current = request.get_untracked();
        if let Some(first_bad) = KEYS.iter().find(|key| check_login(&current, key).is_some()) {
            focus_field(first_bad);
            return;
        }
        busy.set(true);
        message.set(Some((Tone::Info, "Giriş yapılıyor…".into())));
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::login(&current).await {
                Ok(()) => {
                    session.refresh().await;
                    message.set(None);
                    navigate("/basvurularim");
                }
                Err(failure) => message.set(Some((Tone::Error, failure.message()))),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="panel" aria-labelledby="identity-login-title">
            <h2 id="identity-login-title">"Kimlik bilgileriyle giriş"</h2>
            <p class="hint">
                "T.C. Kimlik No, ad, soyad ve doğum tarihi Nüfus kayıtlarınızdaki bilgilerle aynı olmalıdır. (*) ile belirtilen alanlar zorunludur."
            </p>
            <form novalidate on:submit=submit>
                {field("national_id", "T.C. Kimlik No", InputKind::Digits(11), "off")}
                {field("first_name", "Ad", InputKind::Text, "given-name")}
                {field("last_name", "Soyad", InputKind::Text, "family-name")}
                {field("birth_date", "Doğum Tarihi", InputKind::Date, "bday")}
                <ActionMessage message />
                <button type="submit" class="button-primary" disabled=move || busy.get()>"Giriş"</button>
            </form>
        </section>
    }
}
