//! The NES application form: Kamu SM's "Başvuru Formu", its sections and fields (docs/form.md).
//!
//! [`ApplicationForm`] holds what the person typed, as typed, so a draft with mistakes can be saved
//! and shown again without losing anything. [`ApplicationForm::validate`] (in `rules.rs`) is the one
//! place the rules live; the browser runs it as the person types, the server before it accepts.

mod canonical;
mod choices;
mod errors;
mod rules;
mod stored;

use serde::{Deserialize, Serialize};

pub use choices::{ApplicationReason, CardReader, CertificateValidity, DeliveryMethod, NotificationChannel, Operator};
pub use errors::FieldErrors;
pub use rules::{SECURITY_WORD_MAX, SECURITY_WORD_MIN, person_name, person_name_rule};

use crate::Secret;

/// One application form. Every field is the raw input; see the module docs. A body must carry
/// every key (`null` for an unanswered choice) and no other: `{}` is refused rather than taken as
/// a form with every field empty, which would overwrite a saved draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApplicationForm {
    // Ürün Bilgileri
    pub application_reason: Option<ApplicationReason>,
    pub validity: Option<CertificateValidity>,
    pub card_reader: Option<CardReader>,
    pub publish_certificate: Option<bool>,
    // Kimlik Bilgileri — read-only on the form, filled from the ön başvuru.
    pub national_id: String,
    pub first_name: String,
    pub last_name: String,
    // İletişim Bilgileri
    pub email: String,
    pub mobile_phone: String,
    pub operator: Option<Operator>,
    pub home_phone: String,
    pub notification_channel: Option<NotificationChannel>,
    // Kurum Bilgileri — the kurum adı comes from the institution and is not editable.
    pub institution_name: String,
    pub department: String,
    pub title: String,
    pub work_phone: String,
    pub extension: String,
    // Teslimat Bilgileri
    /// The il's plate code, "06".
    pub province: String,
    /// The ilçe's PTT name, "ÇANKAYA".
    pub district: String,
    pub postal_code: String,
    pub address: String,
    pub delivery_method: Option<DeliveryMethod>,
    // Güvenlik sözcüğü: used later to log in to Kamu SM's individual services.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub security_word: Secret,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub security_word_repeat: Secret,
}

/// The sections of the form, in screen order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Product,
    Identity,
    Contact,
    Institution,
    Delivery,
    Security,
}

impl Section {
    pub const ALL: &'static [Section] = &[
        Section::Product,
        Section::Identity,
        Section::Contact,
        Section::Institution,
        Section::Delivery,
        Section::Security,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Product => "Ürün Bilgileri",
            Section::Identity => "Kimlik Bilgileri",
            Section::Contact => "İletişim Bilgileri",
            Section::Institution => "Kurum Bilgileri",
            Section::Delivery => "Teslimat Bilgileri",
            Section::Security => "Güvenlik Sözcüğü",
        }
    }

    pub fn fields(self) -> impl Iterator<Item = Field> {
        Field::ALL.iter().copied().filter(move |field| field.section() == self)
    }
}

macro_rules! fields {
    ($($variant:ident = $key:literal, $label:literal, $section:ident, $required:literal;)+) => {
        /// A field of the form: its key in JSON and in error maps, its label and whether it is
        /// required (marked * on screen).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Field { $($variant,)+ }

        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $(Field::$variant => $key,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $(Field::$variant => $label,)+ }
            }

            pub fn section(self) -> Section {
                match self { $(Field::$variant => Section::$section,)+ }
            }

            pub fn is_required(self) -> bool {
                match self { $(Field::$variant => $required,)+ }
            }
        }
    };
}

fields! {
    ApplicationReason = "application_reason", "Başvuru Nedeni", Product, true;
    Validity = "validity", "Sertifika Süresi", Product, true;
    CardReader = "card_reader", "Kart Okuyucu", Product, true;
    PublishCertificate = "publish_certificate", "Sertifikanız İnternette Yayınlansın mı?", Product, true;
    NationalId = "national_id", "T.C. Kimlik No", Identity, true;
    FirstName = "first_name", "Ad", Identity, true;
    LastName = "last_name", "Soyad", Identity, true;
    Email = "email", "E-posta", Contact, true;
    MobilePhone = "mobile_phone", "Cep Telefonu", Contact, true;
    Operator = "operator", "Operatör", Contact, true;
    HomePhone = "home_phone", "Ev Telefonu", Contact, false;
    NotificationChannel = "notification_channel", "Bilgi Kanalı", Contact, true;
    InstitutionName = "institution_name", "Kurum Adı", Institution, true;
    Department = "department", "Çalıştığı Birim", Institution, true;
    Title = "title", "Unvan", Institution, true;
    WorkPhone = "work_phone", "İş Telefonu", Institution, true;
    Extension = "extension", "Dahili", Institution, false;
    Province = "province", "İl", Delivery, true;
    District = "district", "İlçe", Delivery, true;
    PostalCode = "postal_code", "Posta Kodu", Delivery, true;
    Address = "address", "Açık Adres", Delivery, true;
    DeliveryMethod = "delivery_method", "Teslimat Yöntemi", Delivery, true;
    SecurityWord = "security_word", "Güvenlik Sözcüğü", Security, true;
    SecurityWordRepeat = "security_word_repeat", "Güvenlik Sözcüğü (Tekrar)", Security, true;
}

impl Field {
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|field| field.key() == key)
    }
}

#[cfg(test)]
mod tests;
