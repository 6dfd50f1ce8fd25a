//! The state of a signing with the card: the session the server opened (doğrulama kodu, text,
//! deadline), and the two actions, opening a session and signing it. The view is `signing.rs`.

use leptos::prelude::*;
use nes_core::api::{ErrorCode, SignatureRequest, SigningSession};

use crate::action::action;
use crate::api::{self, SigningTarget};
use crate::components::countdown::epoch_millis;
use crate::components::notice::Tone;
use crate::extension;
use crate::session::Session;

#[derive(Clone, Copy)]
pub struct SigningState {
    /// The open signing session, once the server answered.
    pub opened: RwSignal<Option<SigningSession>>,
    pub message: RwSignal<Option<(Tone, String)>>,
    /// Asks the server for a session (and a new doğrulama kodu).
    pub open: Action<(), ()>,
    /// Signs the open session with the card and hands the signature to the server.
    pub sign: Action<(), ()>,
}

impl SigningState {
    /// Opens the first session at once; `on_done` runs once the server accepted the signature,
    /// `on_unavailable` when it accepted it but could not yet do what it confirms (`UNAVAILABLE`).
    pub fn new(target: SigningTarget, on_done: Callback<()>, on_unavailable: Option<Callback<()>>) -> SigningState {
        let opened = RwSignal::new(None::<SigningSession>);
        let message = RwSignal::new(None::<(Tone, String)>);
        let session = Session::get();

        let session_target = target.clone();
        let open = action(move || {
            let target = session_target.clone();
            async move {
                let reply = api::open_signing_session(&target).await.map_err(|f| session.observe(f).message());
                message.set(reply.as_ref().err().map(|text| (Tone::Error, text.clone())));
                if let Ok(reply) = reply {
                    opened.set(Some(reply));
                }
            }
        });

        let sign = action(move || {
            let (target, signing) = (target.clone(), opened.get_untracked());
            async move {
                let Some(signing) = signing else { return };
                message.set(Some((
                    Tone::Info,
                    "E-İmza eklentisinin penceresinde sertifikanızı seçip PIN'inizi giriniz…".into(),
                )));
                let outcome = match extension::sign(signing.content, signing.verification_code.clone()).await {
                    Ok(signed) => {
                        let request =
                            SignatureRequest { verification_code: signing.verification_code, cms: signed.cms };
                        api::submit_signature(&target, &request).await.map_err(|failure| {
                            let failure = session.observe(failure);
                            if failure.code() == Some(ErrorCode::Unavailable)
                                && let Some(on_unavailable) = on_unavailable
                            {
                                on_unavailable.run(());
                            }
                            failure.message()
                        })
                    }
                    Err(error) => Err(extension::describe(&error)),
                };
                match outcome {
                    Ok(()) => {
                        message.set(Some((Tone::Success, "İmzanız doğrulandı. İşlem Başarılı.".into())));
                        // The server now knows the certificate that signed: `/me` may report a
                        // renewal window that Başvurularım must show without waiting for a page load.
                        session.reload();
                        on_done.run(());
                    }
                    Err(text) => message.set(Some((Tone::Error, text))),
                }
            }
        });

        open.dispatch(());
        SigningState { opened, message, open, sign }
    }

    pub fn deadline(self) -> Signal<Option<f64>> {
        let opened = self.opened;
        Signal::derive(move || opened.with(|s| s.as_ref().map(|s| epoch_millis(&s.expires_at))))
    }

    pub fn busy(self) -> bool {
        self.open.pending().get() || self.sign.pending().get()
    }

    /// "Kartımla İmzala": signs the open session.
    pub fn start_signing(self) {
        self.sign.dispatch(());
    }
}
