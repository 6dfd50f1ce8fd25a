//! The form as the screen sees it: every field read and written as the string in its control
//! (choices by their wire key, yes/no as "true"/"false"), so one set of components serves them all.

use nes_core::form::{
    ApplicationForm, ApplicationReason, CardReader, CertificateValidity, DeliveryMethod, Field, NotificationChannel,
    Operator,
};
use nes_core::{Phone, Secret};

fn key_of<T: Copy>(choice: Option<T>, key: fn(T) -> &'static str) -> String {
    choice.map(key).unwrap_or_default().to_string()
}

fn yes_no(value: Option<bool>) -> String {
    value.map(|yes| yes.to_string()).unwrap_or_default()
}

/// The control's value for `field`.
pub fn get(form: &ApplicationForm, field: Field) -> String {
    match field {
        Field::ApplicationReason => key_of(form.application_reason, ApplicationReason::key),
        Field::Validity => key_of(form.validity, CertificateValidity::key),
        Field::CardReader => key_of(form.card_reader, CardReader::key),
        Field::PublishCertificate => yes_no(form.publish_certificate),
        Field::Operator => key_of(form.operator, Operator::key),
        Field::NotificationChannel => key_of(form.notification_channel, NotificationChannel::key),
        Field::DeliveryMethod => key_of(form.delivery_method, DeliveryMethod::key),
        Field::SecurityWord => form.security_word.expose().to_string(),
        Field::SecurityWordRepeat => form.security_word_repeat.expose().to_string(),
        _ => text(form, field).clone(),
    }
}

/// Stores what the control holds into the form.
pub fn set(form: &mut ApplicationForm, field: Field, value: String) {
    match field {
        Field::ApplicationReason => form.application_reason = ApplicationReason::from_key(&value),
        Field::Validity => form.validity = CertificateValidity::from_key(&value),
        Field::CardReader => form.card_reader = CardReader::from_key(&value),
        Field::PublishCertificate => form.publish_certificate = value.parse().ok(),
        Field::Operator => form.operator = Operator::from_key(&value),
        Field::NotificationChannel => form.notification_channel = NotificationChannel::from_key(&value),
        Field::DeliveryMethod => form.delivery_method = DeliveryMethod::from_key(&value),
        Field::SecurityWord => form.security_word = Secret::new(value),
        Field::SecurityWordRepeat => form.security_word_repeat = Secret::new(value),
        _ => *text_mut(form, field) = value,
    }
}

/// The free-text fields and the member each one is stored in.
macro_rules! text_fields {
    ($($variant:ident => $member:ident,)+) => {
        fn text(form: &ApplicationForm, field: Field) -> &String {
            match field {
                $(Field::$variant => &form.$member,)+
                _ => unreachable!("{field:?} is not a text field"),
            }
        }

        fn text_mut(form: &mut ApplicationForm, field: Field) -> &mut String {
            match field {
                $(Field::$variant => &mut form.$member,)+
                _ => unreachable!("{field:?} is not a text field"),
            }
        }
    };
}

text_fields! {
    NationalId => national_id,
    FirstName => first_name,
    LastName => last_name,
    Email => email,
    MobilePhone => mobile_phone,
    HomePhone => home_phone,
    InstitutionName => institution_name,
    Department => department,
    Title => title,
    WorkPhone => work_phone,
    Extension => extension,
    Province => province,
    District => district,
    PostalCode => postal_code,
    Address => address,
}

/// The options of a closed choice, as `(key, label)` pairs.
pub fn choice_options(field: Field) -> Vec<(String, String)> {
    fn pairs<T: Copy>(all: &[T], key: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Vec<(String, String)> {
        all.iter().map(|&c| (key(c).to_string(), label(c).to_string())).collect()
    }
    match field {
        Field::ApplicationReason => pairs(ApplicationReason::ALL, ApplicationReason::key, ApplicationReason::label),
        Field::Validity => pairs(CertificateValidity::ALL, CertificateValidity::key, CertificateValidity::label),
        Field::CardReader => pairs(CardReader::ALL, CardReader::key, CardReader::label),
        Field::Operator => pairs(Operator::ALL, Operator::key, Operator::label),
        Field::NotificationChannel => {
            pairs(NotificationChannel::ALL, NotificationChannel::key, NotificationChannel::label)
        }
        Field::DeliveryMethod => pairs(DeliveryMethod::ALL, DeliveryMethod::key, DeliveryMethod::label),
        Field::PublishCertificate => vec![("true".into(), "Evet".into()), ("false".into(), "Hayır".into())],
        _ => Vec::new(),
    }
}

/// The form as the controls show it: telephone numbers stored in E.164 ("+905321234567") are
/// written the way people type them ("0532 123 45 67"); the server normalizes them again.
pub fn for_display(mut form: ApplicationForm) -> ApplicationForm {
    for number in [&mut form.mobile_phone, &mut form.home_phone, &mut form.work_phone] {
        if let Ok(phone) = Phone::parse(number) {
            *number = phone.national();
        }
    }
    form
}

/// Groups the digits of a mobile number as Turkish users write it, "0532 123 45 67", while typing.
pub fn mask_mobile(input: &str) -> String {
    let mut digits: String = input.chars().filter(char::is_ascii_digit).collect();
    if digits.starts_with('5') {
        digits.insert(0, '0');
    }
    if !digits.starts_with('0') {
        // "+90 5…" and other shapes are left to the validator to explain.
        return input.to_string();
    }
    digits.truncate(11);
    let mut masked = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if matches!(index, 4 | 7 | 9) {
            masked.push(' ');
        }
        masked.push(digit);
    }
    masked
}

/// Puts the dots of `GG.AA.YYYY` in while a date is typed as digits only (a phone's numeric keypad
/// has no dot); what the person separated themselves (`1.4.1980`, `01/04/1980`) stays as typed.
pub fn mask_date(input: &str) -> String {
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    let parts: Vec<&str> = input.split('.').collect();
    let masked_so_far = input.chars().all(|c| c.is_ascii_digit() || c == '.')
        && parts.len() <= 3
        && parts.iter().rev().skip(1).all(|part| part.len() == 2);
    if !masked_so_far {
        return input.to_string();
    }
    let mut masked = String::new();
    for (index, digit) in digits.chars().take(8).enumerate() {
        if matches!(index, 2 | 4) {
            masked.push('.');
        }
        masked.push(digit);
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn every_field_round_trips_through_its_control_value() {
        let samples = [("application_reason", "renewal"), ("validity", "3"), ("publish_certificate", "false")];
        let mut form = ApplicationForm::default();
        for &field in Field::ALL {
            let value = samples
                .iter()
                .find(|(key, _)| *key == field.key())
                .map(|(_, v)| v.to_string())
                .or_else(|| choice_options(field).first().map(|(key, _)| key.clone()))
                .unwrap_or_else(|| format!("değer {}", field.key()));
            set(&mut form, field, value.clone());
            assert_eq!(get(&form, field), value, "{field:?}");
        }
        set(&mut form, Field::Operator, String::new());
        assert_eq!(form.operator, None);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn stored_numbers_are_shown_as_typed() {
        let form = ApplicationForm {
            mobile_phone: "+905321234567".into(),
            work_phone: "+903121234567".into(),
            home_phone: "0312 12".into(),
            ..Default::default()
        };
        let shown = for_display(form);
        assert_eq!((shown.mobile_phone.as_str(), shown.work_phone.as_str()), ("0532 123 45 67", "0312 123 45 67"));
        assert_eq!(shown.home_phone, "0312 12", "a mistake stays as typed");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn mobile_numbers_are_grouped_while_typing() {
        assert_eq!(mask_mobile("5321234567"), "0532 123 45 67");
        assert_eq!(mask_mobile("0532"), "0532");
        assert_eq!(mask_mobile("05321"), "0532 1");
        assert_eq!(mask_mobile("0532-123-45-6789"), "0532 123 45 67");
        assert_eq!(mask_mobile("+90 532"), "+90 532");
        assert_eq!(mask_mobile(""), "");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn dates_get_their_dots_while_typing() {
        assert_eq!(mask_date("23041980"), "23.04.1980");
        assert_eq!(mask_date("2304"), "23.04");
        assert_eq!(mask_date("23.041"), "23.04.1");
        assert_eq!(mask_date("23."), "23", "a dot is deleted with its digit");
        assert_eq!(mask_date("23.04.19801"), "23.04.1980");
        assert_eq!(mask_date("1.4.1980"), "1.4.1980");
        assert_eq!(mask_date("23/04/1980"), "23/04/1980");
        assert_eq!(mask_date("1980-04-23"), "1980-04-23");
        assert_eq!(mask_date(""), "");
    }
}
