//! The sections of the Başvuru Bilgileri form, in the order of the paper form: ürün, kimlik,
//! iletişim, kurum, teslimat, güvenlik sözcüğü.

use std::sync::LazyLock;

use leptos::prelude::*;
use nes_core::NationalId;
use nes_core::form::{Field, SECURITY_WORD_MAX, SECURITY_WORD_MIN, Section};

use crate::components::field::InputKind;
use crate::form::controls::{
    DistrictSelect, FormRadio, FormSelect, FormText, PostalCodeChoices, ProvinceSelect, ReasonExplanation,
};
use crate::form::state::FormState;

/// The güvenlik sözcüğü's hint, with the lengths core's rule allows.
static SECURITY_WORD_HINT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "Sertifikanız üretildikten sonra bireysel işlemlere girerken kullanılır. {SECURITY_WORD_MIN}–{SECURITY_WORD_MAX} karakter."
    )
});

#[component]
fn FormSection(section: Section, children: Children) -> impl IntoView {
    let id = format!("section-{section:?}").to_lowercase();
    let labelled_by = id.clone();
    view! {
        <section class="form-section" aria-labelledby=labelled_by>
            <h2 id=id>{section.title()}</h2>
            <div class="form-grid">{children()}</div>
        </section>
    }
}

#[component]
pub fn FormSections(state: FormState) -> impl IntoView {
    view! {
        <FormSection section=Section::Product>
            <div>
                <FormSelect state field=Field::ApplicationReason />
                <ReasonExplanation state />
            </div>
            <FormSelect state field=Field::Validity />
            <FormSelect state field=Field::CardReader />
            <FormRadio state field=Field::PublishCertificate />
        </FormSection>
        <FormSection section=Section::Identity>
            <IdentitySummary state />
        </FormSection>
        <FormSection section=Section::Contact>
            <FormText state field=Field::Email kind=InputKind::Email autocomplete=Some("email") />
            <FormText
                state
                field=Field::MobilePhone
                kind=InputKind::Tel
                autocomplete=Some("tel-national")
                hint=Some("SMS onay kodu bu numaraya gönderilir. Örnek: 0532 123 45 67")
            />
            <FormSelect state field=Field::Operator hint="Aktif olarak kullandığınız operatörü seçiniz." />
            <FormText state field=Field::HomePhone kind=InputKind::Tel autocomplete=Some("tel") />
            <FormRadio state field=Field::NotificationChannel />
        </FormSection>
        <FormSection section=Section::Institution>
            <InstitutionName state />
            <FormText state field=Field::Department autocomplete=Some("organization-title") />
            <FormText state field=Field::Title />
            <FormText state field=Field::WorkPhone kind=InputKind::Tel hint=Some("Örnek: 0312 123 45 67") />
            <FormText state field=Field::Extension kind=InputKind::Digits(6) />
        </FormSection>
        <FormSection section=Section::Delivery>
            <FormRadio state field=Field::DeliveryMethod />
            <div>
                <FormText
                    state
                    field=Field::PostalCode
                    kind=InputKind::Digits(5)
                    autocomplete=Some("postal-code")
                    hint=Some("Posta kodunu yazdığınızda il ve ilçe kendiliğinden seçilir.")
                />
                <PostalCodeChoices state />
            </div>
            <ProvinceSelect state />
            <DistrictSelect state />
            <div class="wide">
                <FormText
                    state
                    field=Field::Address
                    kind=InputKind::TextArea
                    autocomplete=Some("street-address")
                    hint=Some("Kurumunuzun açık adresi; teslimat bu adrese yapılır.")
                />
            </div>
        </FormSection>
        <FormSection section=Section::Security>
            {state
                .security_word_kept()
                .then(|| {
                    view! {
                        <p class="hint wide">
                            "Güvenlik sözcüğünüz kayıtlı. Değiştirmek istemiyorsanız bu alanları boş bırakınız."
                        </p>
                    }
                })}
            <FormText
                state
                field=Field::SecurityWord
                kind=InputKind::Password
                autocomplete=Some("new-password")
                hint=Some(SECURITY_WORD_HINT.as_str())
            />
            <FormText state field=Field::SecurityWordRepeat kind=InputKind::Password autocomplete=Some("new-password") />
        </FormSection>
    }
}

/// Kimlik Bilgileri come from the ön başvuru and cannot be changed here
/// (`ApplicationForm::FIXED_FIELDS`); the number is shown masked.
#[component]
fn IdentitySummary(state: FormState) -> impl IntoView {
    let form = state.form.get_untracked();
    let masked = NationalId::parse(&form.national_id).map(|id| id.masked()).unwrap_or(form.national_id.clone());
    view! {
        <dl class="read-only wide">
            <div>
                <dt>"Kimlik Numarası"</dt>
                <dd id="field-national_id">{masked}</dd>
            </div>
            <div>
                <dt>"Ad Soyad"</dt>
                <dd id="field-full_name">{format!("{} {}", form.first_name, form.last_name)}</dd>
            </div>
        </dl>
        <p class="hint wide">
            "Yukarıdaki bilgiler güncel değil ise kurumunuzun e-imza sorumlusuyla iletişime geçiniz; bilgiler Nüfus ve Vatandaşlık İşleri Genel Müdürlüğü kayıtlarıyla aynı olmalıdır."
        </p>
    }
}

/// Kurum Adı comes from the ön başvuru the institution made and is read-only.
#[component]
fn InstitutionName(state: FormState) -> impl IntoView {
    let name = state.form.with_untracked(|form| form.institution_name.clone());
    view! {
        <dl class="read-only wide">
            <div>
                <dt>{Field::InstitutionName.label()}</dt>
                <dd id="field-institution_name">{name}</dd>
            </div>
        </dl>
        <p class="hint wide">"Kurum adı hatalı ise lütfen kurumunuzla iletişime geçiniz."</p>
    }
}
