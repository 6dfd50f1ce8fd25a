//! E-İmzalı Giriş: the server's challenge is signed by the card through the extension (the Web eID
//! way, bound to this page's origin); the PIN is typed in the extension's window.

use crate::router::use_navigate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use nes_core::api::EimzaLoginRequest;
use nes_core::texts::LOGIN_DECLARATION;

use crate::api;
use crate::components::card_status::{CardStatus, watch_card};
use crate::components::notice::{ActionMessage, Tone};
use crate::components::reveal::Reveal;
use crate::extension;
use crate::session::Session;

#[component]
pub fn EimzaLogin() -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="eimza-login-title">
            <h2 id="eimza-login-title">"E-İmzalı Giriş"</h2>
            <p>
                "Geçerli bir nitelikli elektronik sertifikanız varsa kartınızla giriş yapabilirsiniz. PIN'inizi bu sayfaya değil, e-imza eklentisinin kendi penceresine girersiniz."
            </p>
            <Reveal label="E-İmzalı Giriş" class="button-secondary">
                <EimzaLoginSteps />
            </Reveal>
        </section>
    }
}

#[component]
fn EimzaLoginSteps() -> impl IntoView {
    let card = watch_card();
    let message = RwSignal::new(None::<(Tone, String)>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let session = Session::get();
    let sign_in = move |_| {
        busy.set(true);
        message.set(Some((Tone::Info, "Eklentinin penceresinde sertifikanızı seçip PIN'inizi giriniz…".into())));
        let navigate = navigate.clone();
        spawn_local(async move {
            let outcome = async {
                let challenge = api::challenge().await.map_err(|f| f.message())?;
                let token =
                    extension::authenticate(challenge.nonce.clone()).await.map_err(|e| extension::describe(&e))?;
                let request = EimzaLoginRequest {
                    nonce: challenge.nonce,
                    certificate: token.certificate,
                    algorithm: token.algorithm,
                    signature: token.signature,
                    format: token.format,
                };
                api::login_eimza(&request).await.map_err(|f| f.message())
            }
            .await;
            match outcome {
                Ok(()) => {
                    session.refresh().await;
                    message.set(None);
                    navigate("/basvurularim");
                }
                Err(text) => message.set(Some((Tone::Error, text))),
            }
            busy.set(false);
        });
    };
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
            disabled=move || busy.get() || !card.with(|c| c.can_sign())
            on:click=sign_in
        >
            "Kartımla Giriş Yap"
        </button>
    }
}
