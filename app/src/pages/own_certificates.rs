//! Sertifikalarım: the person's certificates with their state, and seed 004's İşlemler Menüsü on
//! each: "Askıya Al", "Askıdan İndir", "Sertifikamı İptal Et" (with its reason). A request is
//! confirmed with a code sent to the cep telefonu on record or with the e-imza; the certificate
//! authority carries it out at once. After a lost, stolen or broken card's revocation the page
//! offers the Kayıp/Çalıntı application for a new one.

use std::sync::LazyLock;

use leptos::prelude::*;
use nes_core::api::{CertificateRequestBody, CertificateRequestOpened, OwnCertificate};
use nes_core::certificate_action::{CertificateAction, CertificateState, RevocationReason};
use nes_core::codes::SMS_CODE_DIGITS;
use nes_core::date::turkish_date;
use nes_core::form::ApplicationReason;

use super::set_title;
use crate::action::action;
use crate::api::{self, CodeTarget, SigningTarget};
use crate::components::field::{RadioField, focus_when_drawn};
use crate::components::loaded::loaded;
use crate::components::notice::{ActionMessage, Notice, Tone};
use crate::components::table::DataTable;
use crate::router::use_navigate;
use crate::session::Session;
use crate::wizard::code_entry::CodeEntry;
use crate::wizard::code_state::CodeState;
use crate::wizard::progress::Progress;
use crate::wizard::signing::SigningWithCard;

const REQUEST_ID: &str = "certificate-request";

static CODE_HINT: LazyLock<String> =
    LazyLock::new(|| format!("Telefonunuza gelen {SMS_CODE_DIGITS} haneli kodu giriniz."));

/// What was asked of which certificate.
#[derive(Clone, PartialEq)]
struct Chosen {
    certificate: OwnCertificate,
    action: CertificateAction,
}

/// The outcome shown above the list once the CA carried a request out.
#[derive(Clone, PartialEq)]
struct Outcome {
    text: String,
    offer_replacement: bool,
}

#[component]
pub fn OwnCertificatesPage() -> impl IntoView {
    set_title("Sertifikalarım");
    let list = LocalResource::new(api::own_certificates);
    let chosen = RwSignal::new(None::<Chosen>);
    let outcome = RwSignal::new(None::<Outcome>);
    let choose = Callback::new(move |choice: Chosen| {
        outcome.set(None);
        chosen.set(Some(choice));
        focus_when_drawn(REQUEST_ID);
    });
    let done = Callback::new(move |result: Outcome| {
        chosen.set(None);
        outcome.set(Some(result));
        list.refetch();
    });
    view! {
        <h1>"Sertifikalarım"</h1>
        <p class="lead">
            "Portalın bildiği nitelikli elektronik sertifikalarınız. Kartınız kaybolduysa veya çalındıysa sertifikanızı hemen iptal ediniz; bir süre kullanmayacaksanız askıya alabilirsiniz."
        </p>
        {move || outcome.get().map(|outcome| view! { <OutcomeNotice outcome /> })}
        {loaded(list, move |certificates: Vec<OwnCertificate>| view! { <CertificateTable certificates choose /> })}
        {move || {
            chosen
                .get()
                .map(|choice| {
                    let cancel = Callback::new(move |()| chosen.set(None));
                    view! { <RequestPanel choice done cancel /> }
                })
        }}
    }
}

#[component]
fn CertificateTable(certificates: Vec<OwnCertificate>, choose: Callback<Chosen>) -> impl IntoView {
    if certificates.is_empty() {
        return view! {
            <p class="panel">
                "Henüz bilinen bir sertifikanız yok. Kartınızla e-imzalı giriş yaptığınızda veya imza attığınızda sertifikanız burada görünür."
            </p>
        }
        .into_any();
    }
    let rows = certificates
        .into_iter()
        .map(|certificate| {
            let buttons = certificate
                .actions
                .iter()
                .map(|action| {
                    let choice = Chosen { certificate: certificate.clone(), action: *action };
                    let class = if *action == CertificateAction::Revoke { "button-danger" } else { "button-secondary" };
                    view! {
                        <button type="button" class=class on:click=move |_| choose.run(choice.clone())>
                            {action.label()}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <td data-label="Sertifika Sahibi">{certificate.holder.clone()}</td>
                    <td data-label="Seri No"><code>{certificate.serial_number.clone()}</code></td>
                    <td data-label="Yayıncı">{certificate.issuer.clone()}</td>
                    <td data-label="Son Geçerlilik">{turkish_date(&certificate.not_after)}</td>
                    <td data-label="Durum">
                        <span class=format!("status status-{}", certificate.state.key())>{certificate.state.label()}</span>
                    </td>
                    <td data-label="İşlemler"><div class="row-actions">{buttons}</div></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable
            class="certificates-own"
            caption="Sertifikalarınız"
            headings=&["Sertifika Sahibi", "Seri No", "Yayıncı", "Son Geçerlilik", "Durum", "İşlemler"]
        >
            {rows}
        </DataTable>
    }
    .into_any()
}

/// The steps of one request: the reason (for a revocation), then the text to confirm and the two
/// ways to confirm it.
#[component]
fn RequestPanel(choice: Chosen, done: Callback<Outcome>, cancel: Callback<()>) -> impl IntoView {
    let session = Session::get();
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<(Tone, String)>);
    let opened = RwSignal::new(None::<CertificateRequestOpened>);
    let (id, asked) = (choice.certificate.id, choice.action);
    let open = action(move || {
        let reason = RevocationReason::from_key(&reason.get_untracked());
        async move {
            let body = CertificateRequestBody { action: asked, reason };
            match api::open_certificate_request(id, &body).await {
                Ok(request) => {
                    message.set(None);
                    opened.set(Some(request));
                }
                Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
            }
        }
    });
    let go_on = move |_| {
        if asked == CertificateAction::Revoke && RevocationReason::from_key(&reason.get_untracked()).is_none() {
            reason_error.set(Some("İptal sebebini seçiniz.".into()));
            return;
        }
        open.dispatch(());
    };
    let finish = Callback::new(move |()| {
        let revoked_for = RevocationReason::from_key(&reason.get_untracked());
        done.run(Outcome {
            text: outcome_text(asked),
            offer_replacement: asked == CertificateAction::Revoke
                && revoked_for.is_some_and(RevocationReason::offers_replacement),
        });
    });
    let reasons: Vec<(String, String)> =
        RevocationReason::ALL.iter().map(|reason| (reason.key().to_string(), reason.label().to_string())).collect();
    view! {
        <section class="panel" id=REQUEST_ID tabindex="-1" aria-labelledby="certificate-request-title">
            <h2 id="certificate-request-title">{asked.label()}</h2>
            <p>{format!("Seri No {} — {}", choice.certificate.serial_number, choice.certificate.holder)}</p>
            {warning(asked)}
            {move || match opened.get() {
                Some(request) => view! { <Confirmation request finish /> }.into_any(),
                None => {
                    let reasons = reasons.clone();
                    view! {
                        <Show when=move || asked == CertificateAction::Revoke>
                            <RadioField
                                key="revocation_reason"
                                label="İptal sebebi"
                                required=true
                                options=reasons.clone()
                                value=reason
                                error=reason_error
                                on_change=move |value| {
                                    reason.set(value);
                                    reason_error.set(None);
                                }
                            />
                        </Show>
                        <ActionMessage message />
                        <div class="row">
                            <button type="button" class="button-primary" on:click=go_on disabled=move || open.pending().get()>
                                "Devam"
                            </button>
                            <button type="button" class="button-secondary" on:click=move |_| cancel.run(())>
                                "Vazgeç"
                            </button>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

fn warning(action: CertificateAction) -> Option<impl IntoView> {
    let text = match action {
        CertificateAction::Revoke => {
            "İptal edilen sertifika bir daha kullanılamaz; bu işlem geri alınamaz. Kartınızla attığınız eski imzalar geçerli kalır."
        }
        CertificateAction::Suspend => {
            "Askıdaki sertifikayla imza atılamaz. Sertifikanızı daha sonra \"Askıdan İndir\" ile yeniden kullanıma açabilirsiniz."
        }
        CertificateAction::Resume => return None,
    };
    Some(view! { <Notice tone=Tone::Warning>{text}</Notice> })
}

fn outcome_text(action: CertificateAction) -> String {
    let state = match action {
        CertificateAction::Revoke => CertificateState::Revoked,
        CertificateAction::Suspend => CertificateState::Suspended,
        CertificateAction::Resume => CertificateState::Valid,
    };
    format!("Talebiniz Kamu SM tarafından yerine getirildi. Sertifikanızın durumu: {}.", state.label())
}

/// The request's text, and the two ways to confirm it: the code by SMS (when a cep telefonu is on
/// record) or the e-imza. If the CA could not be reached after the confirmation, "Tekrar Dene"
/// sends the same confirmed request again.
#[component]
fn Confirmation(request: CertificateRequestOpened, finish: Callback<()>) -> impl IntoView {
    let session = Session::get();
    let id = request.id;
    let code = CodeState::new(CodeTarget::certificate_request(id), finish);
    let signing = RwSignal::new(false);
    let signed_unavailable = RwSignal::new(false);
    let message = RwSignal::new(None::<(Tone, String)>);
    let retry = action(move || async move {
        match api::retry_certificate_request(id).await {
            Ok(_) => finish.run(()),
            Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
        }
    });
    let can_retry = move || code.unavailable.get() || signed_unavailable.get();
    view! {
        <p class="statement">{request.text.clone()}</p>
        {request
            .masked_phone
            .clone()
            .map(|phone| {
                view! {
                    <h3>"SMS ile Onayla"</h3>
                    <p>{format!("Onay kodu başvurunuzda doğruladığınız {phone} numaralı telefona gönderilir.")}</p>
                    <CodeEntry state=code send="Kod Gönder" label="SMS Onay Kodu" hint=CODE_HINT.as_str() submit="Onayla" />
                }
            })}
        <h3>"E-İmza ile Onayla"</h3>
        <Show
            when=move || signing.get()
            fallback=move || {
                view! {
                    <button type="button" class="button-secondary" on:click=move |_| signing.set(true)>
                        "Kartımla Onayla"
                    </button>
                }
            }
        >
            <SigningWithCard
                target=SigningTarget::CertificateRequest(id)
                on_done=finish
                on_unavailable=Callback::new(move |()| signed_unavailable.set(true))
            />
        </Show>
        <Show when=can_retry>
            <ActionMessage message />
            <button type="button" class="button-primary" on:click=move |_| {
                retry.dispatch(());
            } disabled=move || retry.pending().get()>"Tekrar Dene"</button>
        </Show>
    }
}

/// The result, and after a lost, stolen or broken card the way to a new one.
#[component]
fn OutcomeNotice(outcome: Outcome) -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let message = RwSignal::new(None::<(Tone, String)>);
    let replace = action(move || {
        let navigate = navigate.clone();
        async move {
            match api::start_application(ApplicationReason::LostStolen).await {
                Ok(detail) => navigate(&Progress::of_detail(&detail).path(&detail.summary.no)),
                Err(failure) => message.set(Some((Tone::Error, session.observe(failure).message()))),
            }
        }
    });
    view! {
        <Notice tone=Tone::Success>{outcome.text}</Notice>
        <Show when=move || outcome.offer_replacement>
            <section class="notice notice-warning" aria-labelledby="replacement-title">
                <h2 id="replacement-title">"Yeni kartınız için başvurunuz"</h2>
                <p>
                    "Kayıp, çalıntı veya arızalı kartınızın yerine yeni bir sertifika için Kayıp/Çalıntı başvurusu yapabilirsiniz. Formunuz son başvurunuzdaki bilgilerle doldurulur; sertifika onaydan sonra hemen üretilir."
                </p>
                <ActionMessage message />
                <button type="button" class="button-primary" on:click=move |_| {
                    replace.dispatch(());
                } disabled=move || replace.pending().get()>"Kayıp/Çalıntı Başvurusu Yap"</button>
            </section>
        </Show>
    }
}
