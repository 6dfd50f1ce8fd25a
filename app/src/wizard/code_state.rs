//! The state of SMS Onayı: the code sent (and when it may be sent again), the code typed, and what
//! the server said about either. The view is `sms.rs`.

use leptos::prelude::*;
use nes_core::api::{ApiError, ErrorCode, SmsSent};
use nes_core::codes::parse_sms_code;

use crate::action::action;
use crate::api::{self, ApiFailure};
use crate::components::countdown::epoch_millis;
use crate::components::field::focus_field;
use crate::components::notice::Tone;
use crate::router::use_navigate;
use crate::session::Session;

/// The code field's key (`field-sms_code`).
pub const CODE_KEY: &str = "sms_code";

#[derive(Clone, Copy)]
pub struct SmsState {
    /// The last code sent in this visit.
    pub sent: RwSignal<Option<SmsSent>>,
    pub code: RwSignal<String>,
    code_touched: RwSignal<bool>,
    /// The server's word on the typed code (wrong, expired, not requested), until it is retyped.
    code_rejected: RwSignal<Option<String>>,
    /// What happened to the last "Gönder", and failures that are not about the code.
    pub message: RwSignal<Option<(Tone, String)>>,
    /// When "Tekrar Gönder" is allowed, in epoch milliseconds.
    pub resend_at: RwSignal<Option<f64>>,
    pub send: Action<(), ()>,
    /// Checks the typed code; an accepted one leads to Onay.
    pub verify: Action<(), ()>,
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

impl SmsState {
    pub fn new(no: String) -> SmsState {
        let session = Session::get();
        let sent = RwSignal::new(None::<SmsSent>);
        let code = RwSignal::new(String::new());
        let code_touched = RwSignal::new(false);
        let code_rejected = RwSignal::new(None::<String>);
        let message = RwSignal::new(None::<(Tone, String)>);
        let resend_at = RwSignal::new(None::<f64>);

        let send_no = no.clone();
        let send = action(move || {
            let no = send_no.clone();
            async move {
                match api::send_sms(&no).await {
                    Ok(reply) => {
                        resend_at.set(Some(millis_from_now(reply.resend_after_seconds)));
                        message.set(Some((
                            Tone::Success,
                            format!("Onay kodu {} numaralı telefonunuza gönderildi.", reply.masked_phone),
                        )));
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
                focus_field(CODE_KEY);
            }
        });

        let navigate = use_navigate();
        let verify = action(move || {
            let (no, navigate) = (no.clone(), navigate.clone());
            let typed = parse_sms_code(&code.get_untracked()).unwrap_or_default();
            async move {
                let failure = match api::verify_sms(&no, &typed).await {
                    Ok(()) => return navigate(&format!("/basvuru/{no}/onay")),
                    Err(failure) => session.observe(failure),
                };
                if matches!(failure.code(), Some(ErrorCode::CodeExpired | ErrorCode::CodeLocked)) {
                    sent.set(None);
                }
                if about_the_code(&failure) {
                    code_rejected.set(Some(failure_text(&failure)));
                    focus_field(CODE_KEY);
                } else {
                    message.set(Some((Tone::Error, failure_text(&failure))));
                }
            }
        });

        SmsState { sent, code, code_touched, code_rejected, message, resend_at, send, verify }
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
        self.code_rejected
            .get()
            .or_else(|| if self.code_touched.get() { self.code.with(|c| parse_sms_code(c).err()) } else { None })
    }

    pub fn type_code(self, text: String) {
        self.code_rejected.set(None);
        self.code.set(text);
    }

    pub fn leave_code(self) {
        self.code_touched.set(true);
    }

    /// "Devam": the code goes to the server when it is well formed.
    pub fn submit(self) {
        self.code_touched.set(true);
        self.code_rejected.set(None);
        match parse_sms_code(&self.code.get_untracked()) {
            Ok(_) => {
                self.verify.dispatch(());
            }
            Err(_) => focus_field(CODE_KEY),
        }
    }
}
