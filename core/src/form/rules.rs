//! Every rule of the form, one function per field. [`ApplicationForm::check`] answers for one field
//! (the browser calls it when a field changes or loses focus); [`ApplicationForm::validate`] runs all
//! of them (the server and the "Devam" button).

use super::{ApplicationForm, Field, FieldErrors};
use crate::email::normalize_email;
use crate::geo;
use crate::national_id::NationalId;
use crate::phone::{MobilePhone, Phone};
use crate::turkish;

pub const SECURITY_WORD_MIN: usize = 4;
pub const SECURITY_WORD_MAX: usize = 32;
const NAME_MAX: usize = 50;
const TEXT_MAX: usize = 100;
const INSTITUTION_MAX: usize = 200;
const ADDRESS_MIN: usize = 10;
const ADDRESS_MAX: usize = 300;
const EXTENSION_MAX: usize = 6;
/// How many valid posta kodları an error message suggests.
const SUGGESTED_CODES: usize = 5;

type Rule = Result<(), String>;

impl ApplicationForm {
    /// The first problem with `field`, as the Turkish sentence shown under it.
    pub fn check(&self, field: Field) -> Option<String> {
        let result = match field {
            Field::ApplicationReason => chosen(field, &self.application_reason),
            Field::Validity => chosen(field, &self.validity),
            Field::CardReader => chosen(field, &self.card_reader),
            Field::PublishCertificate => chosen(field, &self.publish_certificate),
            Field::NationalId => NationalId::parse(&self.national_id).map(drop).map_err(|e| e.to_string()),
            Field::FirstName | Field::LastName => person_name_rule(field, self.text(field)),
            Field::Email => normalize_email(&self.email).map(drop).map_err(|e| e.to_string()),
            Field::MobilePhone => MobilePhone::parse(&self.mobile_phone).map(drop).map_err(|e| e.to_string()),
            Field::Operator => chosen(field, &self.operator),
            Field::HomePhone => {
                optional(&self.home_phone, |text| Phone::parse(text).map(drop).map_err(|e| e.to_string()))
            }
            Field::NotificationChannel => chosen(field, &self.notification_channel),
            Field::InstitutionName => plain_text(field, &self.institution_name, 1, INSTITUTION_MAX),
            Field::Department | Field::Title => plain_text(field, self.text(field), 2, TEXT_MAX),
            Field::WorkPhone => Phone::parse(&self.work_phone).map(drop).map_err(|e| e.to_string()),
            Field::Extension => optional(&self.extension, extension),
            Field::Province => self.province_rule(),
            Field::District => self.district_rule(),
            Field::PostalCode => self.postal_code_rule(),
            Field::Address => plain_text(field, &self.address, ADDRESS_MIN, ADDRESS_MAX),
            Field::DeliveryMethod => chosen(field, &self.delivery_method),
            Field::SecurityWord => security_word(self.security_word.expose()),
            Field::SecurityWordRepeat => self.security_word_repeat_rule(),
        };
        result.err()
    }

    /// Every problem of the form, keyed by field.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        for &field in Field::ALL {
            if let Some(message) = self.check(field) {
                errors.add_field(field, message);
            }
        }
        errors.into_result()
    }

    /// The form as it is stored once valid: numbers in E.164, names in Turkish upper case, spaces
    /// squashed, the ilçe in its PTT spelling, the il as a two-digit plate code.
    pub fn normalized(&self) -> Result<ApplicationForm, FieldErrors> {
        self.validate()?;
        let squash = |text: &str| turkish::squash_spaces(text);
        let optional_phone = |text: &str| {
            if text.trim().is_empty() {
                String::new()
            } else {
                Phone::parse(text).expect("validated").e164().to_string()
            }
        };
        let province = geo::province_by_code(&self.province).expect("validated");
        let district = geo::district(province.plate, &self.district).expect("validated");
        Ok(ApplicationForm {
            national_id: NationalId::parse(&self.national_id).expect("validated").as_str().to_string(),
            first_name: turkish::upper(&squash(&self.first_name)),
            last_name: turkish::upper(&squash(&self.last_name)),
            email: normalize_email(&self.email).expect("validated"),
            mobile_phone: MobilePhone::parse(&self.mobile_phone).expect("validated").e164().to_string(),
            home_phone: optional_phone(&self.home_phone),
            institution_name: squash(&self.institution_name),
            department: squash(&self.department),
            title: squash(&self.title),
            work_phone: optional_phone(&self.work_phone),
            extension: self.extension.trim().to_string(),
            province: province.plate_code(),
            district: district.name.to_string(),
            postal_code: self.postal_code.trim().to_string(),
            address: squash(&self.address),
            ..self.clone()
        })
    }

    fn text(&self, field: Field) -> &str {
        match field {
            Field::FirstName => &self.first_name,
            Field::LastName => &self.last_name,
            Field::Department => &self.department,
            Field::Title => &self.title,
            _ => unreachable!("{field:?} is not a free-text field"),
        }
    }

    fn province_rule(&self) -> Rule {
        if self.province.trim().is_empty() {
            return Err("İl seçiniz.".into());
        }
        geo::province_by_code(&self.province).map(drop).ok_or_else(|| "Geçerli bir il seçiniz.".into())
    }

    fn district_rule(&self) -> Rule {
        if self.district.trim().is_empty() {
            return Err("İlçe seçiniz.".into());
        }
        // Without a valid il the ilçe cannot be checked; the il's own error says what to do.
        let Some(province) = geo::province_by_code(&self.province) else {
            return Ok(());
        };
        match geo::district(province.plate, &self.district) {
            Some(_) => Ok(()),
            None => Err(format!("Seçilen ilçe {} iline ait değil.", province.name)),
        }
    }

    fn postal_code_rule(&self) -> Rule {
        let code = self.postal_code.trim();
        if code.is_empty() {
            return Err("Posta kodu zorunludur.".into());
        }
        if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err("Posta kodu 5 haneli bir sayı olmalıdır.".into());
        }
        let province = geo::province_by_code(&self.province);
        if let Some(province) = province
            && code[..2] != province.plate_code()
        {
            return Err(format!(
                "Posta kodunun ilk iki hanesi {} ilinin plaka kodu ({}) olmalıdır.",
                province.name,
                province.plate_code()
            ));
        }
        if geo::lookup_postal_code(code).is_none() {
            return Err(format!("{code} PTT posta kodu listesinde bulunmuyor."));
        }
        let district = province.and_then(|p| geo::district(p.plate, &self.district));
        match district {
            Some(district) if !district.has_postal_code(code) => {
                let valid: Vec<String> = district.postal_codes().take(SUGGESTED_CODES).collect();
                Err(format!(
                    "{code} posta kodu {} ilçesine ait değil. {} için geçerli kodlar: {}.",
                    district.display_name(),
                    district.display_name(),
                    valid.join(", ")
                ))
            }
            _ => Ok(()),
        }
    }

    fn security_word_repeat_rule(&self) -> Rule {
        if self.security_word_repeat.is_empty() {
            return Err("Güvenlik sözcüğünü tekrar giriniz.".into());
        }
        if self.security_word_repeat != self.security_word {
            return Err("Güvenlik sözcükleri aynı değil.".into());
        }
        Ok(())
    }
}

fn chosen<T>(field: Field, value: &Option<T>) -> Rule {
    match value {
        Some(_) => Ok(()),
        None => Err(format!("{} seçiniz.", field.label())),
    }
}

fn optional(text: &str, rule: impl Fn(&str) -> Rule) -> Rule {
    if text.trim().is_empty() { Ok(()) } else { rule(text) }
}

fn char_count_rule(field: Field, text: &str, min: usize, max: usize) -> Rule {
    let count = text.chars().count();
    if count == 0 {
        return Err(format!("{} zorunludur.", field.label()));
    }
    if count < min {
        return Err(format!("{} en az {min} karakter olmalıdır.", field.label()));
    }
    if count > max {
        return Err(format!("{} en fazla {max} karakter olabilir.", field.label()));
    }
    Ok(())
}

fn plain_text(field: Field, text: &str, min: usize, max: usize) -> Rule {
    let text = turkish::squash_spaces(text);
    char_count_rule(field, &text, min, max)?;
    if turkish::contains_hidden_chars(&text) {
        return Err(format!("{} geçersiz karakter içeriyor.", field.label()));
    }
    Ok(())
}

/// Ad and soyad, on the form and at login: 2–50 characters, letters (and the few signs Turkish
/// names use), at least one letter.
pub fn person_name_rule(field: Field, text: &str) -> Rule {
    let text = turkish::squash_spaces(text);
    char_count_rule(field, &text, 2, NAME_MAX)?;
    if !text.chars().all(turkish::is_name_char) || !text.chars().any(char::is_alphabetic) {
        return Err(format!("{} yalnızca harf içerebilir.", field.label()));
    }
    Ok(())
}

/// A name as stored, once [`person_name_rule`] accepts it: spaces squashed, Turkish upper case (as
/// Kamu SM prints it).
pub fn person_name(field: Field, text: &str) -> Result<String, String> {
    person_name_rule(field, text).map(|()| turkish::upper(&turkish::squash_spaces(text)))
}

fn extension(text: &str) -> Rule {
    let text = text.trim();
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("Dahili yalnızca rakamlardan oluşmalıdır.".into());
    }
    if text.len() > EXTENSION_MAX {
        return Err(format!("Dahili en fazla {EXTENSION_MAX} haneli olabilir."));
    }
    Ok(())
}

fn security_word(word: &str) -> Rule {
    let count = word.chars().count();
    if count == 0 {
        return Err("Güvenlik sözcüğü zorunludur.".into());
    }
    if !(SECURITY_WORD_MIN..=SECURITY_WORD_MAX).contains(&count) {
        return Err(format!(
            "Güvenlik sözcüğü en az {SECURITY_WORD_MIN}, en fazla {SECURITY_WORD_MAX} karakter olmalıdır."
        ));
    }
    if word.trim() != word {
        return Err("Güvenlik sözcüğü boşlukla başlayamaz veya bitemez.".into());
    }
    if turkish::contains_hidden_chars(word) {
        return Err("Güvenlik sözcüğü görünmeyen veya kontrol karakteri içeremez.".into());
    }
    Ok(())
}
