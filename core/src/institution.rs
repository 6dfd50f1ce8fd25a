//! The institution's roles in the request and approval chain (docs/process.md): the birim amiri
//! approves the taleps of their birim, BİDB's e-imza yetkilisi checks them and manages the roles,
//! the kurum yetkilisi (Genel Sekreter or deputy) gives the institution's approval. A role counts
//! only in a session opened with the officer's own card (e-imzalı giriş).

use crate::NationalId;
use crate::api::RoleGrantRequest;
use crate::email::normalize_email;
use crate::form::{Field, FieldErrors, person_name};
use crate::pre_application::required_text;

crate::choice! {
    /// A role in one institution; one person may hold several.
    pub enum Role {
        /// Birim amiri: the taleps of one birim (granted once per birim).
        UnitHead = "birim_amiri" => "Birim Amiri",
        /// BİDB e-imza yetkilisi: every talep of the institution, the ön başvurular, the roles.
        SignatureOfficer = "eimza_yetkilisi" => "BİDB E-İmza Yetkilisi",
        /// Kurum yetkilisi (Genel Sekreter or deputy): the institution's approval, e-signed.
        Approver = "kurum_yetkilisi" => "Kurum Yetkilisi",
    }
}

impl Role {
    /// Whether the role is held for one birim rather than for the whole institution.
    pub fn per_department(self) -> bool {
        matches!(self, Role::UnitHead)
    }
}

/// A validated grant: names in Turkish upper case, e-posta normalized, the birim kept only for the
/// role that is held per birim (empty otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGrant {
    pub institution: String,
    pub national_id: NationalId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub role: Role,
    pub department: String,
}

impl RoleGrantRequest {
    /// Every field's problem at once, keyed as the request's fields; the rules of the ön başvuru,
    /// so whoever is granted a role can log in.
    pub fn validate(&self) -> Result<RoleGrant, FieldErrors> {
        let mut errors = FieldErrors::new();
        let national_id = NationalId::parse(&self.national_id);
        if let Err(error) = &national_id {
            errors.add("national_id", error.to_string());
        }
        let mut keep = |key: &str, checked: Result<String, String>| {
            checked.unwrap_or_else(|message| {
                errors.add(key, message);
                String::new()
            })
        };
        let institution = keep("institution", required_text(&self.institution, "Kurum"));
        let first_name = keep("first_name", person_name(Field::FirstName, &self.first_name));
        let last_name = keep("last_name", person_name(Field::LastName, &self.last_name));
        let email = keep("email", normalize_email(&self.email).map_err(|e| e.to_string()));
        let department = if self.role.per_department() {
            keep("department", required_text(&self.department, "Birim"))
        } else {
            String::new()
        };
        match national_id {
            Ok(national_id) if errors.is_empty() => {
                Ok(RoleGrant { institution, national_id, first_name, last_name, email, role: self.role, department })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(role: Role, department: &str) -> RoleGrantRequest {
        RoleGrantRequest {
            institution: "  Örnek   Üniversitesi ".into(),
            national_id: "10000000146".into(),
            first_name: "ayşe".into(),
            last_name: "yılmaz".into(),
            email: "Ayse@Ornek.edu.tr".into(),
            role,
            department: department.into(),
        }
    }

    #[test]
    fn a_grant_is_normalized_like_an_on_basvuru() {
        let grant = request(Role::SignatureOfficer, "Bilgi İşlem").validate().unwrap();
        assert_eq!(grant.institution, "Örnek Üniversitesi");
        assert_eq!((grant.first_name.as_str(), grant.last_name.as_str()), ("AYŞE", "YILMAZ"));
        assert_eq!(grant.email, "Ayse@ornek.edu.tr", "the domain in lower case, the local part as typed");
        assert_eq!(grant.department, "", "the institution-wide roles carry no birim");
    }

    #[test]
    fn a_birim_amiri_needs_a_birim() {
        let errors = request(Role::UnitHead, "  ").validate().unwrap_err();
        assert_eq!(errors.get("department"), ["Birim boş olamaz"]);
        assert_eq!(request(Role::UnitHead, "Destek Birimi").validate().unwrap().department, "Destek Birimi");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut bad = request(Role::Approver, "");
        bad.national_id = "10000000147".into();
        bad.first_name = "A1".into();
        bad.email = "ayse@".into();
        bad.institution = String::new();
        let errors = bad.validate().unwrap_err();
        let keys: Vec<&str> = errors.iter().map(|(key, _)| key).collect();
        assert_eq!(keys, ["email", "first_name", "institution", "national_id"]);
    }

    #[test]
    fn roles_have_their_wire_names() {
        assert_eq!(Role::from_key("eimza_yetkilisi"), Some(Role::SignatureOfficer));
        assert_eq!(serde_json::to_string(&Role::UnitHead).unwrap(), "\"birim_amiri\"");
        assert!(Role::ALL.iter().filter(|role| role.per_department()).eq([&Role::UnitHead]));
    }
}
