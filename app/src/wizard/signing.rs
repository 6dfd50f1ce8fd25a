//! Signing with the card (replaces the Java "E-İmza Uygulaması" of seed 001 §4.5.2 and seed 002
//! §3.6–3.7): the server opens a session with a doğrulama kodu and the exact text; "Kartımla
//! İmzala" asks the extension, which shows the same code and text in its own window and takes the
//! PIN there; the signature goes back to the server.

use leptos::prelude::*;
use leptos::task::spawn_local;
use nes_core::api::{SignatureRequest, SigningSession};

use crate::api::{self, SigningTarget};
use crate::components::card_status::{CardState, CardStatus};
use crate::components::countdown::{epoch_millis, minutes_seconds, seconds_until};
use crate::components::notice::{ActionMessage, Tone};
use crate::extension;
use crate::session::Session;

/// "829994526184196" → "829 994 526 184 196", easier to compare with the extension's window.
pub fn group_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars.chunks(3).map(|chunk| chunk.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// The signing steps with the live state of the card (`card`, watched by the screen).
#[component]
pub fn SigningPanel(target: SigningTarget, card: RwSignal<CardState>, on_done: Callback<()>) -> impl IntoView {
    let session_data = RwSignal::new(None::<SigningSession>);
    let message = RwSignal::new(None::<(Tone, String)>);
    let busy = RwSignal::new(false);
    let session = Session::get();
    let deadline = Signal::derive(move || session_data.with(|s| s.as_ref().map(|s| epoch_millis(&s.expires_at))));
    let seconds_left = seconds_until(deadline);

    let open_target = target.clone();
    let open = move || {
        let target = open_target.clone();
        busy.set(true);
        spawn_local(async move {
            match api::open_signing_session(&target).await {
                Ok(opened) => {
                    session_data.set(Some(opened));
                    message.set(None);
                }
                Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
            }
            busy.set(false);
        });
    };
    open();

    let sign = move |_| {
        let Some(opened) = session_data.get_untracked() else { return };
        let target = target.clone();
        busy.set(true);
        message
            .set(Some((Tone::Info, "E-imza eklentisinin penceresinde sertifikanızı seçip PIN'inizi giriniz…".into())));
        spawn_local(async move {
            let outcome = match extension::sign(opened.content.clone(), opened.verification_code.clone()).await {
                Ok(signed) => {
                    let request = SignatureRequest { verification_code: opened.verification_code, cms: signed.cms };
                    api::submit_signature(&target, &request).await.map_err(|f| session.observe(f).message())
                }
                Err(error) => Err(extension::describe(&error)),
            };
            busy.set(false);
            match outcome {
                Ok(()) => {
                    message.set(Some((Tone::Success, "İmzanız doğrulandı. İşlem Başarılı.".into())));
                    // The server now knows the certificate that signed: `/me` may report a renewal
                    // window that Başvurularım must show without waiting for a page load.
                    session.reload();
                    on_done.run(());
                }
                Err(text) => message.set(Some((Tone::Error, text))),
            }
        });
    };

    let renew = open.clone();
    view! {
        <div class="signing">
            <ol class="steps">
                <li>"E-imza kartınızı kart okuyucuya takınız."</li>
                <li>"\"Kartımla İmzala\" düğmesine basınız; e-imza eklentisinin penceresi açılır."</li>
                <li>"Penceredeki doğrulama kodunun aşağıdaki kodla aynı olduğunu kontrol ediniz, sertifikanızı seçip PIN'inizi giriniz."</li>
                <li>"Uyarı: İmzalama işlemi sırasında bu sayfayı kapatmayınız."</li>
            </ol>
            {move || {
                session_data
                    .get()
                    .map(|opened| {
                        view! {
                            <div class="verification">
                                <p class="verification-label">"Doğrulama Kodu"</p>
                                <p class="verification-code" id="verification-code">{group_code(&opened.verification_code)}</p>
                                <p class="countdown">
                                    {move || match seconds_left.get() {
                                        0 => "Doğrulama kodunun süresi doldu.".to_string(),
                                        left => format!("Kalan süre: {}", minutes_seconds(left)),
                                    }}
                                </p>
                            </div>
                            <details class="sign-text">
                                <summary>"İmzalanacak metin"</summary>
                                <pre>{opened.content}</pre>
                            </details>
                        }
                    })
            }}
            <CardStatus state=card />
            <ActionMessage message />
            <div class="row">
                <button
                    type="button"
                    class="button-primary"
                    on:click=sign
                    disabled=move || {
                        busy.get() || session_data.with(Option::is_none) || seconds_left.get() == 0
                            || !card.with(|c| c.can_sign())
                    }
                >
                    "Kartımla İmzala"
                </button>
                <Show when=move || session_data.with(Option::is_some) && seconds_left.get() == 0>
                    {
                        let renew = renew.clone();
                        view! {
                            <button type="button" class="button-secondary" on:click=move |_| renew()>
                                "Yeni Kod Al"
                            </button>
                        }
                    }
                </Show>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_by_three() {
        assert_eq!(group_code("829994526184196"), "829 994 526 184 196");
        assert_eq!(group_code("1234"), "123 4");
    }
}
