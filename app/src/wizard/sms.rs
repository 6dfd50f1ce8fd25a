//! SMS Onayı (seed 001 Şekil 4, seed 004 ADIM 3–4): the code goes to the form's cep telefonu; the
//! person types the 6 digits. The countdown shows how long the code lives and when "Tekrar Gönder"
//! is allowed; the server's messages explain wrong, expired and locked codes.

use crate::router::A;
use crate::router::use_navigate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use nes_core::MobilePhone;
use nes_core::api::{ApplicationDetail, SmsSent};

use super::load_application;
use crate::api::{self, ApiFailure};
use crate::components::countdown::{epoch_millis, minutes_seconds, seconds_until};
use crate::components::field::{InputKind, TextField};
use crate::components::loaded::loaded;
use crate::components::notice::{ActionMessage, Notice, Tone};
use crate::components::stepper::{Step, Stepper};
use crate::pages::set_title;
use crate::session::Session;

pub const CODE_LENGTH: usize = 6;

/// The problem with a typed code, if any.
pub fn code_problem(code: &str) -> Option<String> {
    let code = code.trim();
    if code.is_empty() {
        Some("SMS onay kodunu giriniz.".into())
    } else if code.len() != CODE_LENGTH || !code.bytes().all(|b| b.is_ascii_digit()) {
        Some(format!("SMS onay kodu {CODE_LENGTH} haneli bir sayıdır."))
    } else {
        None
    }
}

/// The server's message, with the tries left when it tells them.
fn failure_text(failure: &ApiFailure) -> String {
    match failure {
        ApiFailure::Server(error) => match error.attempts_left {
            Some(left) if !error.message.contains("deneme") => format!("{} Kalan deneme hakkı: {left}.", error.message),
            _ => error.message.clone(),
        },
        other => other.message(),
    }
}

#[component]
pub fn SmsPage() -> impl IntoView {
    set_title("SMS Onayı");
    let (no, detail) = load_application();
    view! {
        <Stepper current=Step::Approval />
        <h1>"SMS Onayı"</h1>
        {loaded(detail, move |detail: ApplicationDetail| {
            if detail.sms_verified {
                view! {
                    <Notice tone=Tone::Success>"Cep telefonunuz doğrulandı."</Notice>
                    <A href=format!("/basvuru/{}/onay", no) attr:class="button-link">"Devam"</A>
                }
                .into_any()
            } else {
                view! { <SmsVerification no=no.clone() detail /> }.into_any()
            }
        })}
    }
}

#[component]
pub fn SmsVerification(no: String, detail: ApplicationDetail) -> impl IntoView {
    let masked = MobilePhone::parse(&detail.form.mobile_phone).map(|phone| phone.masked()).unwrap_or_default();
    let sent = RwSignal::new(None::<SmsSent>);
    let code = RwSignal::new(String::new());
    let code_touched = RwSignal::new(false);
    let message = RwSignal::new(None::<(Tone, String)>);
    let busy = RwSignal::new(false);
    let resend_at = RwSignal::new(None::<f64>);
    let expires_at = Signal::derive(move || sent.with(|s| s.as_ref().map(|s| epoch_millis(&s.expires_at))));
    let expires_in = seconds_until(expires_at);
    let resend_in = seconds_until(resend_at.into());
    let session = Session::get();
    let navigate = use_navigate();

    let send_no = no.clone();
    let send = move |_| {
        let no = send_no.clone();
        busy.set(true);
        spawn_local(async move {
            match api::send_sms(&no).await {
                Ok(reply) => {
                    resend_at.set(Some(js_sys::Date::now() + f64::from(reply.resend_after_seconds) * 1000.0));
                    message.set(Some((
                        Tone::Success,
                        format!("Onay kodu {} numaralı telefonunuza gönderildi.", reply.masked_phone),
                    )));
                    sent.set(Some(reply));
                    code.set(String::new());
                    code_touched.set(false);
                }
                Err(failure) => {
                    if let ApiFailure::Server(error) = &failure
                        && let Some(wait) = error.retry_after_seconds
                    {
                        resend_at.set(Some(js_sys::Date::now() + f64::from(wait) * 1000.0));
                    }
                    message.set(Some((Tone::Error, failure_text(&session.observe(failure)))));
                }
            }
            busy.set(false);
        });
    };

    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        code_touched.set(true);
        let typed = code.get_untracked().trim().to_string();
        if code_problem(&typed).is_some() {
            return;
        }
        let no = no.clone();
        let navigate = navigate.clone();
        busy.set(true);
        spawn_local(async move {
            match api::verify_sms(&no, &typed).await {
                Ok(()) => {
                    message.set(None);
                    navigate(&format!("/basvuru/{no}/onay"));
                }
                Err(failure) => {
                    if matches!(failure.code(), Some("CODE_EXPIRED" | "CODE_LOCKED")) {
                        sent.set(None);
                    }
                    message.set(Some((Tone::Error, failure_text(&session.observe(failure)))));
                }
            }
            busy.set(false);
        });
    };

    let send_label = move || if sent.with(Option::is_some) { "Tekrar Gönder" } else { "Gönder" };
    view! {
        <section class="panel">
            <p>
                "Başvuru formunuzu onaylamak için "
                <strong>{masked}</strong>
                " numaralı cep telefonunuza SMS ile bir onay kodu gönderilecektir."
            </p>
            <div class="row">
                <button
                    type="button"
                    class="button-secondary"
                    on:click=send
                    disabled=move || { busy.get() || resend_in.get() > 0 }
                >
                    {send_label}
                </button>
                <p class="countdown" aria-live="off">
                    {move || {
                        let wait = resend_in.get();
                        (wait > 0).then(|| format!("Yeni kod {} sonra istenebilir.", minutes_seconds(wait)))
                    }}
                </p>
            </div>
            <ActionMessage message />
            <form novalidate on:submit=verify>
                <TextField
                    key="sms_code"
                    label="SMS Onay Kodu"
                    required=true
                    kind=InputKind::Digits(CODE_LENGTH as u32)
                    autocomplete=Some("one-time-code")
                    hint=Some("Cep telefonunuza gelen 6 haneli kodu giriniz.")
                    value=code
                    error=Signal::derive(move || if code_touched.get() { code.with(|c| code_problem(c)) } else { None })
                    on_input=move |text: String| code.set(text)
                    on_blur=move |()| code_touched.set(true)
                />
                <p class="countdown">
                    {move || {
                        sent.with(Option::is_some)
                            .then(|| match expires_in.get() {
                                0 => "Kodun süresi doldu; yeni kod isteyiniz.".to_string(),
                                left => format!("Kodun kalan süresi: {}", minutes_seconds(left)),
                            })
                    }}
                </p>
                <button
                    type="submit"
                    class="button-primary"
                    disabled=move || busy.get() || (sent.with(Option::is_some) && expires_in.get() == 0)
                >
                    "Devam"
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(code_problem("123456"), None);
        assert_eq!(code_problem(" 123456 "), None);
        assert!(code_problem("").unwrap().contains("giriniz"));
        assert!(code_problem("12345").unwrap().contains("6 haneli"));
        assert!(code_problem("12345a").is_some());
    }
}
