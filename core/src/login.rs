//! The rules of "Kimlik bilgileriyle giriş": T.C. Kimlik No, ad, soyad and doğum tarihi, checked
//! field by field in the browser and all at once by the server, with the same functions.

use crate::api::LoginRequest;
use crate::date::CivilDate;
use crate::form::{Field, FieldErrors, person_name_rule};
use crate::national_id::NationalId;

/// A field of the login form: its JSON key and label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoginField {
    NationalId,
    FirstName,
    LastName,
    BirthDate,
}

impl LoginField {
    pub const ALL: [LoginField; 4] = [Self::NationalId, Self::FirstName, Self::LastName, Self::BirthDate];

    pub fn key(self) -> &'static str {
        match self {
            Self::NationalId => "national_id",
            Self::FirstName => "first_name",
            Self::LastName => "last_name",
            Self::BirthDate => "birth_date",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NationalId => Field::NationalId.label(),
            Self::FirstName => Field::FirstName.label(),
            Self::LastName => Field::LastName.label(),
            Self::BirthDate => "Doğum Tarihi",
        }
    }
}

/// A login whose fields are well formed: what the server compares with the ön başvuru.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLogin {
    pub national_id: NationalId,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: CivilDate,
}

impl LoginRequest {
    /// The first problem with `field`, as the Turkish sentence shown under it. `today` is the
    /// caller's date: a birth date must lie before it.
    pub fn check(&self, field: LoginField, today: CivilDate) -> Option<String> {
        match field {
            LoginField::NationalId => NationalId::parse(&self.national_id).err().map(|e| e.to_string()),
            LoginField::FirstName => person_name_rule(Field::FirstName, &self.first_name).err(),
            LoginField::LastName => person_name_rule(Field::LastName, &self.last_name).err(),
            LoginField::BirthDate => birth_date(&self.birth_date, today).err(),
        }
    }

    /// Every problem, keyed by field (the 422 body), or the parsed login.
    pub fn validate(&self, today: CivilDate) -> Result<ValidLogin, FieldErrors> {
        let mut errors = FieldErrors::new();
        for field in LoginField::ALL {
            if let Some(message) = self.check(field, today) {
                errors.add(field.key(), message);
            }
        }
        errors.into_result()?;
        Ok(ValidLogin {
            national_id: NationalId::parse(&self.national_id).expect("checked"),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            birth_date: CivilDate::parse(&self.birth_date).expect("checked"),
        })
    }
}

fn birth_date(text: &str, today: CivilDate) -> Result<CivilDate, String> {
    if text.trim().is_empty() {
        return Err("Doğum tarihi zorunludur.".into());
    }
    let date = CivilDate::parse(text).ok_or("Doğum tarihini GG.AA.YYYY biçiminde giriniz (ör. 23.04.1980).")?;
    if date >= today {
        return Err("Doğum tarihi bugünden önce olmalıdır.".into());
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> CivilDate {
        CivilDate::new(2026, 12, 1).unwrap()
    }

    fn request(birth_date: &str) -> LoginRequest {
        LoginRequest {
            national_id: NationalId::from_first_nine([1, 0, 0, 0, 0, 0, 0, 0, 1]).as_str().into(),
            first_name: "Ayşe".into(),
            last_name: "Yılmaz".into(),
            birth_date: birth_date.into(),
        }
    }

    #[test]
    fn a_good_login_in_either_date_spelling() {
        for typed in ["23.04.1980", "1980-04-23"] {
            let login = request(typed).validate(today()).unwrap();
            assert_eq!(login.birth_date.iso(), "1980-04-23");
        }
    }

    #[test]
    fn each_field_has_its_own_message() {
        let bad =
            LoginRequest { national_id: "12".into(), first_name: "A".into(), last_name: "".into(), ..request("") };
        let errors = bad.validate(today()).unwrap_err();
        assert_eq!(errors.get("national_id"), ["T.C. Kimlik No 11 haneli olmalıdır."]);
        assert_eq!(errors.get("first_name"), ["Ad en az 2 karakter olmalıdır."]);
        assert_eq!(errors.get("last_name"), ["Soyad zorunludur."]);
        assert_eq!(errors.get("birth_date"), ["Doğum tarihi zorunludur."]);
    }

    #[test]
    fn birth_dates_must_be_real_and_past() {
        assert!(request("31.02.1980").check(LoginField::BirthDate, today()).unwrap().contains("GG.AA.YYYY"));
        assert!(request("01.12.2026").check(LoginField::BirthDate, today()).unwrap().contains("önce"));
        assert_eq!(request("30.11.2026").check(LoginField::BirthDate, today()), None);
    }
}
