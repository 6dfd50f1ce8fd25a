//! The canonical text of a submitted form: what the person signs with e-imza and what the
//! extension shows in its signing window. One line per field, `Label: value`, in screen order, with
//! the choices as their Turkish labels. The güvenlik sözcüğü is never part of it.

use super::{ApplicationForm, Field};
use crate::{geo, turkish};

impl ApplicationForm {
    /// The canonical text of this form. Call it on a [normalized](ApplicationForm::normalized) form
    /// so that two spellings of the same data sign the same text.
    pub fn canonical_text(&self) -> String {
        let mut lines = Vec::new();
        for &field in Field::ALL {
            if let Some(value) = self.display_value(field) {
                lines.push(format!("{}: {}", field.label(), value));
            }
        }
        lines.join("\n")
    }

    /// The value of a field as a person reads it; `None` for the güvenlik sözcüğü fields.
    pub fn display_value(&self, field: Field) -> Option<String> {
        let label = |option: Option<&'static str>| option.unwrap_or("").to_string();
        let value = match field {
            Field::ApplicationReason => label(self.application_reason.map(|c| c.label())),
            Field::Validity => label(self.validity.map(|c| c.label())),
            Field::CardReader => label(self.card_reader.map(|c| c.label())),
            Field::PublishCertificate => label(self.publish_certificate.map(|yes| if yes { "Evet" } else { "Hayır" })),
            Field::NationalId => self.national_id.clone(),
            Field::FirstName => self.first_name.clone(),
            Field::LastName => self.last_name.clone(),
            Field::Email => self.email.clone(),
            Field::MobilePhone => self.mobile_phone.clone(),
            Field::Operator => label(self.operator.map(|c| c.label())),
            Field::HomePhone => self.home_phone.clone(),
            Field::NotificationChannel => label(self.notification_channel.map(|c| c.label())),
            Field::InstitutionName => self.institution_name.clone(),
            Field::Department => self.department.clone(),
            Field::Title => self.title.clone(),
            Field::WorkPhone => self.work_phone.clone(),
            Field::Extension => self.extension.clone(),
            Field::Province => {
                geo::province_by_code(&self.province).map_or_else(|| self.province.clone(), |p| p.name.to_string())
            }
            Field::District => turkish::title(&self.district),
            Field::PostalCode => self.postal_code.clone(),
            Field::Address => self.address.clone(),
            Field::DeliveryMethod => label(self.delivery_method.map(|c| c.label())),
            Field::SecurityWord | Field::SecurityWordRepeat => return None,
        };
        Some(value)
    }
}
