//! Ön başvurular: who may apply, as an institution officer records them (a CSV file, the officer
//! API). The rules are those of the form and the login, so everyone imported can log in.

#[cfg(feature = "csv")]
pub mod csv_file;

use crate::date::CivilDate;
use crate::email::normalize_email;
use crate::form::{ApplicationReason, Field, person_name_rule};
use crate::{NationalId, turkish};

/// One validated ön başvuru.
#[derive(Debug, Clone)]
pub struct PreApplication {
    pub national_id: NationalId,
    pub first_name: String,
    pub last_name: String,
    /// `YYYY-MM-DD`
    pub birth_date: String,
    pub email: String,
    pub institution: String,
    pub department: String,
    pub reason: ApplicationReason,
}

/// The raw fields, in the CSV's column order.
pub struct RawPreApplication<'a> {
    pub national_id: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub birth_date: &'a str,
    pub email: &'a str,
    pub institution: &'a str,
    pub department: &'a str,
    pub reason: &'a str,
}

impl PreApplication {
    /// Validates every field; the error is the first problem, in Turkish. `today` is the
    /// caller's date: a birth date must lie before it.
    pub fn parse(raw: &RawPreApplication<'_>, today: CivilDate) -> Result<Self, String> {
        let national_id = NationalId::parse(raw.national_id).map_err(|e| e.to_string())?;
        // The same name rule as the form and the login, so every imported person can log in.
        let name = |value: &str, field: Field| {
            person_name_rule(field, value).map(|()| turkish::upper(&turkish::squash_spaces(value)))
        };
        Ok(Self {
            national_id,
            first_name: name(raw.first_name, Field::FirstName)?,
            last_name: name(raw.last_name, Field::LastName)?,
            birth_date: CivilDate::parse(raw.birth_date).filter(|date| *date < today).map(CivilDate::iso).ok_or_else(
                || format!("doğum tarihi geçersiz: '{}' (GG.AA.YYYY veya YYYY-AA-GG)", raw.birth_date.trim()),
            )?,
            email: normalize_email(raw.email).map_err(|e| e.to_string())?,
            institution: required_text(raw.institution, "kurum")?,
            department: required_text(raw.department, "birim")?,
            reason: ApplicationReason::from_csv_code(raw.reason).ok_or_else(|| {
                format!("başvuru nedeni geçersiz: '{}' (ilk|yenileme|kayip_calinti|diger)", raw.reason.trim())
            })?,
        })
    }
}

/// A name such as kurum or birim: spaces squashed, not empty, nothing invisible.
pub(crate) fn required_text(value: &str, label: &str) -> Result<String, String> {
    let value = turkish::squash_spaces(value);
    if value.is_empty() {
        Err(format!("{label} boş olamaz"))
    } else if turkish::contains_hidden_chars(&value) {
        Err(format!("{label} görünmeyen veya kontrol karakteri içeriyor"))
    } else {
        Ok(value)
    }
}
