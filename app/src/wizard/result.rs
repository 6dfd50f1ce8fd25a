//! Step 4, Sonuç: what happened ("İşlem Başarılı", "Ödeme Bekleniyor" with the ways to pay, or the
//! ıslak imzalı form to download and where the paper is), what to do next, and the submitted form
//! for reference.

use crate::router::{A, Step};
use leptos::prelude::*;
use nes_core::api::{ApplicationDetail, ApplicationStatus};
use nes_core::date::turkish_date;
use nes_core::form::Field;
use nes_core::{NationalId, Phone};

use super::progress::Progress;
use super::step::WizardStep;
use super::wet_form::WetFormSteps;
use crate::components::notice::{Notice, Tone};

#[component]
pub fn ResultPage() -> impl IntoView {
    view! {
        <WizardStep step=Step::Result content=move |(no, detail): (String, ApplicationDetail)| {
            let go_on = Progress::of_detail(&detail).path(&no);
            view! {
                {match (detail.wet_form.clone(), detail.approval, detail.summary.status) {
                    (Some(progress), ..) => view! { <WetFormSteps no=no.clone() progress /> }.into_any(),
                    (_, None, status) if status.form_open() => {
                        view! {
                            <Notice tone=Tone::Warning>
                                "Başvurunuz henüz onaylanmadı. "
                                <A href=go_on>"Başvuruyu Tamamla"</A>
                            </Notice>
                        }
                        .into_any()
                    }
                    (_, _, ApplicationStatus::PaymentPending | ApplicationStatus::FormAndPaymentPending) => {
                        view! { <PaymentPending /> }.into_any()
                    }
                    (_, _, status) => view! { <Success status /> }.into_any(),
                }}
                <FormSummary detail />
            }
            .into_any()
        } />
    }
}

#[component]
fn Success(status: ApplicationStatus) -> impl IntoView {
    view! {
        <section class="notice notice-success result" role="status">
            <h2>"İşlem Başarılı"</h2>
            <p>"Nitelikli Elektronik Sertifika başvuru formunuz tarafımıza iletilmiştir."</p>
            <p>
                <strong>{status.label()}</strong>
                ": "
                {status.explanation()}
            </p>
            <p>
                "Başvurunuzun son durumunu " <A href="/basvurularim">"Başvurularım"</A>
                " sayfasından takip edebilirsiniz."
            </p>
        </section>
    }
}

#[component]
fn PaymentPending() -> impl IntoView {
    view! {
        <section class="notice notice-warning result" role="status">
            <h2>"Ödeme Bekleniyor"</h2>
            <ol>
                <li>"Nitelikli Elektronik Sertifika başvuru formunuz tarafımıza iletilmiştir."</li>
                <li>
                    "Üretim sürecinin başlatılabilmesi için ödeme yapmanız gerekmektedir. Ödeme bilgilerinizin sisteme yansıması işlem yoğunluğuna göre değişkenlik gösterebilir. Ödemenizi aşağıda belirtilen yöntemlerden biri ile yapabilirsiniz."
                    <ol type="a">
                        <li>
                            "Sanal POS: Ödemenizi T.C. kimlik numaranızla Borç Sorgulama ve Ödeme sayfasından, ilgili siparişlerinize ait borçlarınızı sorgulayarak kredi/banka kartıyla yapabilirsiniz."
                        </li>
                        <li>"Kurumsal Ödeme: Aşağıdaki bankalardan ve ödeme kanallarından ödeme işlemini gerçekleştirebilirsiniz."</li>
                    </ol>
                </li>
                <li>
                    "Başvurunuzun son durumunu " <A href="/basvurularim">"Başvurularım"</A>
                    " sayfasından takip edebilirsiniz."
                </li>
            </ol>
            <div class="table-wrap">
                <table class="banks">
                    <caption>"Ödeme kanalları"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Banka"</th>
                            <th scope="col">"Banka Şubesi"</th>
                            <th scope="col">"İnternet Şubesi"</th>
                            <th scope="col">"Mobil Şube"</th>
                            <th scope="col">"ATM"</th>
                            <th scope="col">"Çağrı Merkezi"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <BankRow name="VAKIFBANK" channels=[true, true, true, true, true] />
                        <BankRow name="ZİRAAT BANKASI" channels=[true, true, true, false, false] />
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn BankRow(name: &'static str, channels: [bool; 5]) -> impl IntoView {
    let cells = channels.into_iter().map(|yes| view! { <td>{if yes { "✓ Var" } else { "– Yok" }}</td> }).collect_view();
    view! {
        <tr>
            <th scope="row">{name}</th>
            {cells}
        </tr>
    }
}

/// The form as submitted, read-only.
#[component]
fn FormSummary(detail: ApplicationDetail) -> impl IntoView {
    let rows = Field::ALL
        .iter()
        .filter_map(|&field| {
            let mut value = detail.form.display_value(field)?;
            // As people read them: the number masked, telephones as "0532 123 45 67".
            value = match field {
                Field::NationalId => NationalId::parse(&value).map(|id| id.masked()).unwrap_or(value),
                Field::MobilePhone | Field::HomePhone | Field::WorkPhone => {
                    Phone::parse(&value).map(|phone| phone.national()).unwrap_or(value)
                }
                _ => value,
            };
            (!value.is_empty()).then(|| view! { <div><dt>{field.label()}</dt><dd>{value}</dd></div> })
        })
        .collect_view();
    let approval = detail.approval.map(|method| {
        let when = detail.approved_at.as_deref().map(turkish_date).unwrap_or_default();
        view! { <p>{format!("Onay yöntemi: {} {when}", method.label())}</p> }
    });
    view! {
        <section class="panel" aria-labelledby="summary-title">
            <h2 id="summary-title">{format!("Başvuru {}", detail.summary.no)}</h2>
            {approval}
            <dl class="summary">{rows}</dl>
        </section>
    }
}
