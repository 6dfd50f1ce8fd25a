//! Ön başvurular: who may apply, as an institution officer records them (a CSV file, the officer
//! API). The rules are those of the form and the login, so everyone imported can log in.

#[cfg(feature = "csv")]
pub mod csv_file;

use crate::date::CivilDate;
use crate::email::normalize_email;
use crate::form::{ApplicationReason, Field, person_name};
use crate::{NationalId, turkish};

/// The columns of the ön başvuru CSV, in order (the app shows them; `csv_file` reads them).
pub const CSV_HEADER: [&str; 8] =
    ["tc_kimlik_no", "ad", "soyad", "dogum_tarihi", "e_posta", "kurum", "birim", "basvuru_nedeni"];

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
        Self::check(raw, today).map_err(|mut problems| problems.swap_remove(0).1)
    }

    /// The same, with every field's problem in the fields' order, keyed as the API names them.
    /// No message repeats the input: it may be anything, of any length.
    pub fn check(raw: &RawPreApplication<'_>, today: CivilDate) -> Result<Self, Vec<(&'static str, String)>> {
        let mut problems = Vec::new();
        let birth_date = CivilDate::parse(raw.birth_date)
            .filter(|date| *date < today)
            .map(CivilDate::iso)
            .ok_or_else(|| "doğum tarihi geçersiz (GG.AA.YYYY veya YYYY-AA-GG, bugünden önce)".to_string());
        let reason = ApplicationReason::from_csv_code(raw.reason)
            .ok_or_else(|| "başvuru nedeni geçersiz (ilk|yenileme|kayip_calinti|diger)".to_string());
        let p = &mut problems;
        let checked = (
            kept(p, "national_id", NationalId::parse(raw.national_id).map_err(|e| e.to_string())),
            // The same name rule as the form and the login, so every imported person can log in.
            kept(p, "first_name", person_name(Field::FirstName, raw.first_name)),
            kept(p, "last_name", person_name(Field::LastName, raw.last_name)),
            kept(p, "birth_date", birth_date),
            kept(p, "email", normalize_email(raw.email).map_err(|e| e.to_string())),
            kept(p, "institution", required_text(raw.institution, "kurum")),
            kept(p, "department", required_text(raw.department, "birim")),
            kept(p, "reason", reason),
        );
        match checked {
            (
                Some(national_id),
                Some(first_name),
                Some(last_name),
                Some(birth_date),
                Some(email),
                Some(institution),
                Some(department),
                Some(reason),
            ) => Ok(Self { national_id, first_name, last_name, birth_date, email, institution, department, reason }),
            _ => Err(problems),
        }
    }
}

/// `checked`'s value, or `None` with its problem noted under `key`.
fn kept<T>(problems: &mut Vec<(&'static str, String)>, key: &'static str, checked: Result<T, String>) -> Option<T> {
    checked.map_err(|message| problems.push((key, message))).ok()
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
