//! E-İmzalı Giriş: the server's challenge is signed by the card through the extension (the Web eID
//! way, bound to this page's origin); the PIN is typed in the extension's window.

use leptos::prelude::*;
use nes_core::api::EimzaLoginRequest;
use nes_core::texts::LOGIN_DECLARATION;

use crate::action::action;
use crate::api;
use crate::components::card_status::{CardStatus, watch_card};
use crate::components::notice::{ActionMessage, Tone};
use crate::components::reveal::Reveal;
use crate::extension;
use crate::screens;
use crate::session::Session;

#[component]
pub fn EimzaLogin() -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="eimza-login-title">
            <h2 id="eimza-login-title">"E-İmzalı Giriş"</h2>
            <p>
                "Geçerli bir nitelikli elektronik sertifikanız varsa kartınızla giriş yapabilirsiniz. PIN'inizi bu sayfaya değil, e-imza eklentisinin kendi penceresine girersiniz."
            </p>
            <Reveal label="E-İmzalı Giriş" id="eimza-login-steps" class="button-secondary">
                <EimzaLoginSteps />
            </Reveal>
        </section>
    }
}

/// The server's challenge, signed by the card through the extension, handed back to the server.
async fn signed_login() -> Result<(), String> {
    let challenge = api::challenge().await.map_err(|f| f.message())?;
    let token = extension::authenticate(challenge.nonce.clone()).await.map_err(|e| extension::describe(&e))?;
    let request = EimzaLoginRequest {
        nonce: challenge.nonce,
        certificate: token.certificate,
        algorithm: token.algorithm,
        signature: token.signature,
        format: token.format,
    };
    api::login_eimza(&request).await.map_err(|f| f.message())
}

#[component]
fn EimzaLoginSteps() -> impl IntoView {
    let card = watch_card();
    let session = Session::get();
    let message = RwSignal::new(None::<(Tone, String)>);
    // Success needs nothing here: the refreshed session makes the login page redirect.
    let sign_in = action(move || async move {
        screens::prefetch_applications();
        message.set(Some((Tone::Info, "Eklentinin penceresinde sertifikanızı seçip PIN'inizi giriniz…".into())));
        match signed_login().await {
            Ok(()) => {
                message.set(None);
                session.refresh().await;
            }
            Err(text) => message.set(Some((Tone::Error, text))),
        }
    });
    view! {
        <blockquote class="sign-text">
            <p class="sign-text-label">"İmzalanacak metin:"</p>
            <p>{LOGIN_DECLARATION}</p>
        </blockquote>
        <CardStatus state=card />
        <ActionMessage message />
        <button
            type="button"
            class="button-primary"
            disabled=move || sign_in.pending().get() || !card.with(|c| c.can_sign())
            on:click=move |_| {
                sign_in.dispatch(());
            }
        >
            "Kartımla Giriş Yap"
        </button>
    }
}
