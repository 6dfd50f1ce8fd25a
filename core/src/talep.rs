//! The e-imza talebi and its way through the institution (seed 000, docs/process.md): filed for a
//! staff member, approved by the birim amiri, checked by BİDB's e-imza yetkilisi (who may send it
//! back to the birim amiri with a note), approved by the kurum yetkilisi; then it becomes an ön
//! başvuru. The server and the console ask [`next`] which step is allowed, so both agree.

use crate::api::{StaffTalepRequest, TalepRequest};
use crate::date::CivilDate;
use crate::form::FieldErrors;
use crate::institution::Role;
use crate::pre_application::{PreApplication, RawPreApplication};

crate::choice! {
    /// Where a talep stands.
    pub enum TalepStatus {
        AwaitingUnitHead = "awaiting_unit_head" => "Birim Amiri Onayı Bekleniyor",
        AwaitingReview = "awaiting_review" => "BİDB İncelemesinde",
        AwaitingApproval = "awaiting_approval" => "Kurum Yetkilisi Onayı Bekleniyor",
        /// Approved by the kurum yetkilisi: the ön başvuru exists.
        Approved = "approved" => "Onaylandı",
        Rejected = "rejected" => "Reddedildi",
    }
}

crate::choice! {
    /// What an officer does with a talep. The kurum yetkilisi's approval is not among them: it is
    /// an e-imza over a manifest of taleps.
    pub enum TalepAction {
        /// Birim amiri: send it on to BİDB.
        Approve = "approve" => "Onayla",
        /// BİDB e-imza yetkilisi: pass it to the kurum yetkilisi.
        Forward = "forward" => "Kurum Yetkilisine Gönder",
        /// BİDB e-imza yetkilisi: back to the birim amiri, with a note.
        SendBack = "send_back" => "Birim Amirine Geri Gönder",
        /// Any of the three at their step, with the reason.
        Reject = "reject" => "Reddet",
    }
}

impl TalepStatus {
    /// The role whose turn it is; `None` once the talep is decided.
    pub fn waiting_for(self) -> Option<Role> {
        match self {
            Self::AwaitingUnitHead => Some(Role::UnitHead),
            Self::AwaitingReview => Some(Role::SignatureOfficer),
            Self::AwaitingApproval => Some(Role::Approver),
            Self::Approved | Self::Rejected => None,
        }
    }
}

impl TalepAction {
    /// Whether an officer in `role` ever takes this action (at the role's own step).
    pub fn performed_by(self, role: Role) -> bool {
        match self {
            Self::Approve => role == Role::UnitHead,
            Self::Forward | Self::SendBack => role == Role::SignatureOfficer,
            Self::Reject => true,
        }
    }

    /// Whether the officer must say why (the person and the birim amiri read it).
    pub fn needs_note(self) -> bool {
        matches!(self, Self::SendBack | Self::Reject)
    }
}

/// A talep's history names its first step `filed` and the kurum yetkilisi's approval `signed`
/// (a manifest's e-imza); every other step is a [`TalepAction`].
pub const FILED: &str = "filed";
pub const SIGNED: &str = "signed";

/// The Turkish text of a history step, by its wire name.
pub fn step_label(action: &str) -> Option<&'static str> {
    match action {
        FILED => Some("Talep oluşturuldu"),
        SIGNED => Some("Kurum yetkilisi e-imzayla onayladı"),
        _ => TalepAction::from_key(action).map(TalepAction::label),
    }
}

/// Why a step is not allowed; each message is shown as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// None of the officer's roles for this talep ever takes this action (403).
    #[error("\"{0}\" işlemi için bu talepte yetkiniz yok.")]
    NotYours(&'static str),
    /// The officer may take it, but the talep is at another role's step, e.g. it moved on while
    /// they looked at it (409).
    #[error("Talep şu an \"{0}\" adımında; bu işlem şimdi yapılamaz. Güncel hâlini görmek için sayfayı yenileyiniz.")]
    NotYourTurn(&'static str),
    #[error("Bu talep sonuçlanmış; üzerinde işlem yapılamaz.")]
    Decided,
    #[error("Bu adımda bu işlem yapılamaz.")]
    NotAtThisStep,
}

/// The status after an officer holding `held` (their roles for this talep's birim and
/// institution) takes `action` on a talep in `status`.
pub fn next(status: TalepStatus, held: &[Role], action: TalepAction) -> Result<TalepStatus, StepError> {
    if !held.iter().any(|role| action.performed_by(*role)) {
        return Err(StepError::NotYours(action.label()));
    }
    let waiting = status.waiting_for().ok_or(StepError::Decided)?;
    if !held.contains(&waiting) || !action.performed_by(waiting) {
        return Err(StepError::NotYourTurn(waiting.label()));
    }
    use TalepAction as A;
    use TalepStatus as S;
    match (status, action) {
        (_, A::Reject) => Ok(S::Rejected),
        (S::AwaitingUnitHead, A::Approve) => Ok(S::AwaitingReview),
        (S::AwaitingReview, A::Forward) => Ok(S::AwaitingApproval),
        (S::AwaitingReview, A::SendBack) => Ok(S::AwaitingUnitHead),
        _ => Err(StepError::NotAtThisStep),
    }
}

/// The longest note kept: it is shown to people and stored in the history.
pub const NOTE_MAX_CHARS: usize = 500;

/// A note as stored: spaces squashed; required where the action [needs one](TalepAction::needs_note).
pub fn note(action: TalepAction, text: &str) -> Result<String, String> {
    let text = crate::turkish::squash_spaces(text);
    if action.needs_note() && text.is_empty() {
        return Err(format!("\"{}\" için bir gerekçe yazınız.", action.label()));
    }
    if text.chars().count() > NOTE_MAX_CHARS {
        return Err(format!("Not en fazla {NOTE_MAX_CHARS} karakter olabilir."));
    }
    if crate::turkish::contains_hidden_chars(&text) {
        return Err("Not görünmeyen veya kontrol karakteri içeriyor.".into());
    }
    Ok(text)
}

impl TalepRequest {
    /// Every field's problem at once, keyed as the request's fields: the rules of the ön başvuru
    /// the talep becomes.
    pub fn validate(&self, today: CivilDate) -> Result<PreApplication, FieldErrors> {
        checked(
            &RawPreApplication {
                national_id: &self.national_id,
                first_name: &self.first_name,
                last_name: &self.last_name,
                birth_date: &self.birth_date,
                email: &self.email,
                institution: &self.institution,
                department: &self.department,
                reason: self.reason.csv_code(),
            },
            today,
        )
    }
}

/// Who files a talep for themselves, as their record has them.
pub struct Filer<'a> {
    pub national_id: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    /// `YYYY-MM-DD`; this and `email` are empty when the record has none (a person known from
    /// e-Devlet alone).
    pub birth_date: &'a str,
    pub email: &'a str,
}

impl StaffTalepRequest {
    /// The talep `filer` files for themselves, by the same rules as [`TalepRequest::validate`]:
    /// who they are comes from `filer`, and the request's doğum tarihi and e-posta count only where
    /// the record has none.
    pub fn validate(&self, filer: &Filer<'_>, today: CivilDate) -> Result<PreApplication, FieldErrors> {
        checked(
            &RawPreApplication {
                national_id: filer.national_id,
                first_name: filer.first_name,
                last_name: filer.last_name,
                birth_date: on_record(filer.birth_date, &self.birth_date),
                email: on_record(filer.email, &self.email),
                institution: &self.institution,
                department: &self.department,
                reason: self.reason.csv_code(),
            },
            today,
        )
    }
}

/// The value on record, or the one sent where the record has none.
fn on_record<'a>(kept: &'a str, sent: &'a str) -> &'a str {
    if kept.is_empty() { sent } else { kept }
}

/// `raw` as an ön başvuru, or every field's problem keyed as the API names the field.
fn checked(raw: &RawPreApplication<'_>, today: CivilDate) -> Result<PreApplication, FieldErrors> {
    PreApplication::check(raw, today).map_err(|problems| {
        let mut errors = FieldErrors::new();
        for (key, message) in problems {
            errors.add(key, message);
        }
        errors
    })
}

/// The most taleps one manifest approves: its text must fit one bridge message (64 KB) and be
/// read whole in the signing window.
pub const MANIFEST_MAX: usize = 100;

/// One talep as the kurum yetkilisi's manifest lists it.
pub struct ManifestLine<'a> {
    pub id: i64,
    /// In full: the signature must name each person without doubt.
    pub national_id: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub department: &'a str,
    pub reason: crate::form::ApplicationReason,
    /// `GG.AA.YYYY`, the day the talep was filed.
    pub filed_on: &'a str,
}

/// The text the kurum yetkilisi signs to approve `lines` of `institution` at once, dated `today`
/// (docs/texts.md): one PIN entry for the whole list, every line shown in the signing window.
pub fn manifest_text(institution: &str, today: CivilDate, lines: &[ManifestLine<'_>]) -> String {
    let mut text = format!(
        "{}\n\nKurum: {institution}\nTarih: {}\nTalep sayısı: {}\n",
        crate::texts::MANIFEST_DECLARATION,
        today.turkish(),
        lines.len()
    );
    for (n, line) in lines.iter().enumerate() {
        text.push_str(&format!(
            "\n{}. Talep No: {} | T.C. Kimlik No: {} | {} {} | Birim: {} | Neden: {} | Talep tarihi: {}",
            n + 1,
            line.id,
            line.national_id,
            line.first_name,
            line.last_name,
            line.department,
            line.reason.label(),
            line.filed_on
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_runs_forward_and_back() {
        let status = next(TalepStatus::AwaitingUnitHead, &[Role::UnitHead], TalepAction::Approve).unwrap();
        assert_eq!(status, TalepStatus::AwaitingReview);
        let back = next(status, &[Role::SignatureOfficer], TalepAction::SendBack).unwrap();
        assert_eq!(back, TalepStatus::AwaitingUnitHead);
        let forwarded = next(status, &[Role::SignatureOfficer], TalepAction::Forward).unwrap();
        assert_eq!(forwarded, TalepStatus::AwaitingApproval);
        assert_eq!(next(forwarded, &[Role::Approver], TalepAction::Reject), Ok(TalepStatus::Rejected));
        // One person holding every role still takes one step at a time.
        assert_eq!(
            next(TalepStatus::AwaitingUnitHead, Role::ALL, TalepAction::Approve),
            Ok(TalepStatus::AwaitingReview)
        );
    }

    #[test]
    fn only_the_role_whose_turn_it_is_acts() {
        for role in Role::ALL {
            for action in TalepAction::ALL {
                for status in TalepStatus::ALL {
                    let Ok(after) = next(*status, &[*role], *action) else { continue };
                    assert_eq!(status.waiting_for(), Some(*role), "{status:?} {role:?} {action:?}");
                    assert_ne!(after, *status, "every step moves");
                }
            }
        }
        assert_eq!(
            next(TalepStatus::AwaitingUnitHead, &[Role::Approver], TalepAction::Reject),
            Err(StepError::NotYourTurn("Birim Amiri"))
        );
        assert_eq!(next(TalepStatus::Approved, &[Role::Approver], TalepAction::Reject), Err(StepError::Decided));
        assert_eq!(
            next(TalepStatus::AwaitingUnitHead, &[Role::UnitHead, Role::SignatureOfficer], TalepAction::Forward),
            Err(StepError::NotYourTurn("Birim Amiri"))
        );
        assert_eq!(
            next(TalepStatus::AwaitingReview, &[Role::UnitHead], TalepAction::Forward),
            Err(StepError::NotYours("Kurum Yetkilisine Gönder"))
        );
        // Approval by the kurum yetkilisi is a signature, never a plain step.
        assert!(
            TalepAction::ALL
                .iter()
                .all(|a| next(TalepStatus::AwaitingApproval, &[Role::Approver], *a) != Ok(TalepStatus::Approved))
        );
    }

    #[test]
    fn a_talep_is_checked_field_by_field() {
        let request = TalepRequest {
            institution: "Örnek Üniversitesi".into(),
            department: "".into(),
            national_id: "10000000146".into(),
            first_name: "ayşe".into(),
            last_name: "Y".into(),
            birth_date: "31.02.1985".into(),
            email: "ayse@ornek.edu.tr".into(),
            reason: crate::form::ApplicationReason::First,
        };
        let today = CivilDate::new(2026, 12, 1).unwrap();
        let errors = request.validate(today).unwrap_err();
        let keys: Vec<&str> = errors.iter().map(|(key, _)| key).collect();
        assert_eq!(keys, ["birth_date", "department", "last_name"]);
        assert!(!errors.get("birth_date")[0].contains("31.02"), "no echo of the input");
        let fixed = TalepRequest {
            department: "Destek".into(),
            last_name: "yılmaz".into(),
            birth_date: "1985-02-28".into(),
            ..request
        };
        assert_eq!(fixed.validate(today).unwrap().last_name, "YILMAZ");
    }

    #[test]
    fn a_staff_talep_takes_who_files_it_from_the_record() {
        let request = StaffTalepRequest {
            institution: "Örnek Üniversitesi".into(),
            department: "Destek".into(),
            email: "ayse@ornek.edu.tr".into(),
            reason: crate::form::ApplicationReason::First,
            birth_date: "01.01.1990".into(),
        };
        let today = CivilDate::new(2026, 12, 1).unwrap();
        let filer = Filer {
            national_id: "10000000146",
            first_name: "AYŞE",
            last_name: "YILMAZ",
            birth_date: "1985-02-28",
            email: "ayse.yilmaz@ornek.edu.tr",
        };
        let talep = request.validate(&filer, today).unwrap();
        assert_eq!((talep.national_id.as_str(), talep.birth_date.as_str()), ("10000000146", "1985-02-28"));
        assert_eq!(talep.email, "ayse.yilmaz@ornek.edu.tr", "the e-posta on record is kept");
        // Known from e-Devlet alone: the request's doğum tarihi and e-posta are the ones, and required.
        let unknown = Filer { birth_date: "", email: "", ..filer };
        let talep = request.validate(&unknown, today).unwrap();
        assert_eq!((talep.birth_date.as_str(), talep.email.as_str()), ("1990-01-01", "ayse@ornek.edu.tr"));
        let without = StaffTalepRequest { birth_date: String::new(), email: String::new(), ..request };
        let errors = without.validate(&unknown, today).unwrap_err();
        let keys: Vec<&str> = errors.iter().map(|(key, _)| key).collect();
        assert_eq!(keys, ["birth_date", "email"]);
    }

    #[test]
    fn the_manifest_names_every_talep_in_full() {
        let line = |id, national_id| ManifestLine {
            id,
            national_id,
            first_name: "AYŞE",
            last_name: "YILMAZ",
            department: "Destek",
            reason: crate::form::ApplicationReason::First,
            filed_on: "01.12.2026",
        };
        let text = manifest_text(
            "Kurum A",
            CivilDate::new(2026, 12, 3).unwrap(),
            &[line(7, "10000000146"), line(9, "12345678950")],
        );
        assert!(text.starts_with(crate::texts::MANIFEST_DECLARATION));
        assert!(text.contains("Kurum: Kurum A\nTarih: 03.12.2026\nTalep sayısı: 2\n"), "{text}");
        assert!(text.ends_with(
            "2. Talep No: 9 | T.C. Kimlik No: 12345678950 | AYŞE YILMAZ | Birim: Destek | Neden: İlk Başvuru | Talep tarihi: 01.12.2026"
        ));
    }

    #[test]
    fn a_stored_status_reads_back_and_an_unknown_one_is_an_error() {
        assert_eq!(TalepStatus::try_from("awaiting_review".to_string()), Ok(TalepStatus::AwaitingReview));
        assert_eq!(TalepStatus::try_from("cancelled".to_string()), Err(crate::UnknownChoice("TalepStatus")));
    }

    #[test]
    fn a_rejection_and_a_send_back_say_why() {
        assert_eq!(note(TalepAction::Reject, "   "), Err("\"Reddet\" için bir gerekçe yazınız.".into()));
        assert_eq!(note(TalepAction::SendBack, " unvan  eksik ").as_deref(), Ok("unvan eksik"));
        assert_eq!(note(TalepAction::Approve, "").as_deref(), Ok(""));
        assert!(note(TalepAction::Approve, &"a".repeat(NOTE_MAX_CHARS + 1)).is_err());
        assert!(note(TalepAction::Reject, "gerekçe\u{202e}").is_err());
    }
}
