//! The state of a one-time code (SMS Onayı's code, or the e-posta code an e-onay approval may ask
//! for): the code sent (and when it may be sent again), the code typed, and what the server said
//! about either. The view is `code_entry.rs`.

use leptos::prelude::*;
use nes_core::api::{ApiError, ErrorCode};
use nes_core::codes::parse_sms_code;

use crate::action::action;
use crate::api::{self, ApiFailure, CodeChannel, CodeSent, CodeTarget};
use crate::components::countdown::epoch_millis;
use crate::components::field::focus_field;
use crate::components::notice::Tone;
use crate::session::Session;

/// The code field's key: `field-sms_code` or `field-email_code`.
pub fn code_key(channel: CodeChannel) -> &'static str {
    match channel {
        CodeChannel::Sms => "sms_code",
        CodeChannel::Email => "email_code",
    }
}

/// Core's rule for the code, its messages naming the code the person is typing.
pub fn check_code(channel: CodeChannel, typed: &str) -> Result<String, String> {
    parse_sms_code(typed).map_err(|message| match channel {
        CodeChannel::Sms => message,
        CodeChannel::Email => message.replacen("SMS onay kodu", "E-posta onay kodu", 1),
    })
}

fn sent_text(channel: CodeChannel, masked_to: &str) -> String {
    match channel {
        CodeChannel::Sms => format!("Onay kodu {masked_to} numaralı telefonunuza gönderildi."),
        CodeChannel::Email => format!("Kod {masked_to} adresine gönderildi."),
    }
}

#[derive(Clone, Copy)]
pub struct CodeState {
    pub channel: CodeChannel,
    /// The last code sent in this visit.
    pub sent: RwSignal<Option<CodeSent>>,
    pub code: RwSignal<String>,
    code_touched: RwSignal<bool>,
    /// The server's word on the typed code (wrong, expired, not requested), until it is retyped.
    code_rejected: RwSignal<Option<String>>,
    /// What happened to the last send, and failures that are not about the code.
    pub message: RwSignal<Option<(Tone, String)>>,
    /// When "Tekrar Gönder" is allowed, in epoch milliseconds.
    pub resend_at: RwSignal<Option<f64>>,
    pub send: Action<(), ()>,
    /// Checks the typed code; an accepted one runs `on_verified`.
    pub verify: Action<(), ()>,
    /// The code was accepted but what it confirms could not be done yet (`UNAVAILABLE`): the
    /// screen may offer to try again without a new code.
    pub unavailable: RwSignal<bool>,
}

/// What to tell the person about a failed call, built from the error's code.
pub fn failure_text(failure: &ApiFailure) -> String {
    match failure {
        ApiFailure::Server(ApiError { code: ErrorCode::CodeInvalid, attempts_left: Some(left), .. }) => {
            format!("Onay kodu hatalı. Kalan deneme hakkı: {left}.")
        }
        other => other.message(),
    }
}

/// Whether the failure is about the typed code (shown under the field) rather than the request.
fn about_the_code(failure: &ApiFailure) -> bool {
    matches!(
        failure.code(),
        Some(ErrorCode::CodeInvalid | ErrorCode::CodeExpired | ErrorCode::CodeLocked | ErrorCode::CodeNotRequested)
    )
}

fn millis_from_now(seconds: u32) -> f64 {
    js_sys::Date::now() + f64::from(seconds) * 1000.0
}

impl CodeState {
    pub fn new(target: CodeTarget, on_verified: Callback<()>) -> CodeState {
        let channel = target.channel;
        let session = Session::get();
        let key = code_key(channel);
        let sent = RwSignal::new(None::<CodeSent>);
        let code = RwSignal::new(String::new());
        let code_touched = RwSignal::new(false);
        let code_rejected = RwSignal::new(None::<String>);
        let message = RwSignal::new(None::<(Tone, String)>);
        let resend_at = RwSignal::new(None::<f64>);
        let unavailable = RwSignal::new(false);

        let send_target = target.clone();
        let send = action(move || {
            let target = send_target.clone();
            async move {
                match api::send_code(&target).await {
                    Ok(reply) => {
                        resend_at.set(Some(millis_from_now(reply.resend_after_seconds)));
                        message.set(Some((Tone::Success, sent_text(channel, &reply.masked_to))));
                        sent.set(Some(reply));
                        code.set(String::new());
                        code_touched.set(false);
                        code_rejected.set(None);
                    }
                    Err(failure) => {
                        if let ApiFailure::Server(ApiError { retry_after_seconds: Some(wait), .. }) = &failure {
                            resend_at.set(Some(millis_from_now(*wait)));
                        }
                        message.set(Some((Tone::Error, failure_text(&session.observe(failure)))));
                    }
                }
                // The button may now wait for its cooldown: the person goes on at the code.
                focus_field(key);
            }
        });

        let verify = action(move || {
            let target = target.clone();
            let typed = parse_sms_code(&code.get_untracked()).unwrap_or_default();
            async move {
                let failure = match api::verify_code(&target, &typed).await {
                    Ok(()) => return on_verified.run(()),
                    Err(failure) => session.observe(failure),
                };
                unavailable.set(failure.code() == Some(ErrorCode::Unavailable));
                if matches!(failure.code(), Some(ErrorCode::CodeExpired | ErrorCode::CodeLocked)) {
                    sent.set(None);
                }
                if about_the_code(&failure) {
                    code_rejected.set(Some(failure_text(&failure)));
                    focus_field(key);
                } else {
                    message.set(Some((Tone::Error, failure_text(&failure))));
                }
            }
        });

        CodeState { channel, sent, code, code_touched, code_rejected, message, resend_at, send, verify, unavailable }
    }

    pub fn key(self) -> &'static str {
        code_key(self.channel)
    }

    pub fn expires_at(self) -> Signal<Option<f64>> {
        let sent = self.sent;
        Signal::derive(move || sent.with(|s| s.as_ref().map(|s| epoch_millis(&s.expires_at))))
    }

    pub fn busy(self) -> bool {
        self.send.pending().get() || self.verify.pending().get()
    }

    /// The message under the code field: the server's, else core's rule once the field was left.
    pub fn code_error(self) -> Option<String> {
        self.code_rejected.get().or_else(|| {
            if self.code_touched.get() { self.code.with(|c| check_code(self.channel, c).err()) } else { None }
        })
    }

    pub fn type_code(self, text: String) {
        self.code_rejected.set(None);
        self.code.set(text);
    }

    pub fn leave_code(self) {
        self.code_touched.set(true);
    }

    /// The form's submit: the code goes to the server when it is well formed.
    pub fn submit(self) {
        self.code_touched.set(true);
        self.code_rejected.set(None);
        match parse_sms_code(&self.code.get_untracked()) {
            Ok(_) => {
                self.verify.dispatch(());
            }
            Err(_) => focus_field(self.key()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn the_e_posta_code_is_named_in_core_s_messages() {
        assert_eq!(check_code(CodeChannel::Email, "12a").unwrap_err(), "E-posta onay kodu 6 haneli bir sayıdır.");
        assert_eq!(check_code(CodeChannel::Email, "").unwrap_err(), "E-posta onay kodunu giriniz.");
        assert_eq!(check_code(CodeChannel::Sms, "").unwrap_err(), "SMS onay kodunu giriniz.");
        assert_eq!(check_code(CodeChannel::Email, " 123 456").as_deref(), Ok("123456"));
    }
}
