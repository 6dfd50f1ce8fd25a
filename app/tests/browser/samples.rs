//! Data the screens are mounted with: what the server would send for a fresh ön başvuru.

use nes_app::session::{Session, SessionState};
use nes_core::NationalId;
use nes_core::api::{ApplicationDetail, ApplicationStatus, ApplicationSummary, Me};
use nes_core::form::{ApplicationForm, ApplicationReason};

pub fn national_id() -> String {
    NationalId::from_first_nine([1, 2, 3, 4, 5, 6, 7, 8, 9]).as_str().to_string()
}

pub fn me() -> Me {
    Me {
        first_name: "AYŞE".into(),
        last_name: "IŞIK".into(),
        national_id_masked: "123******50".into(),
        institution: "ZONGULDAK İL MİLLİ EĞİTİM MÜDÜRLÜĞÜ".into(),
        e_onay: false,
        certificate: None,
        renewal_due: None,
        roles: Vec::new(),
    }
}

pub fn logged_in() {
    Session::provide_with(SessionState::LoggedIn(me()));
}

pub fn detail(no: &str) -> ApplicationDetail {
    ApplicationDetail {
        summary: ApplicationSummary {
            no: no.into(),
            created_on: "2026-11-20".into(),
            reason: ApplicationReason::First,
            status: ApplicationStatus::FormPending,
            correction_note: None,
            shipment: None,
            expected_production_on: None,
        },
        form: ApplicationForm {
            application_reason: Some(ApplicationReason::First),
            national_id: national_id(),
            first_name: "AYŞE".into(),
            last_name: "IŞIK".into(),
            institution_name: "ZONGULDAK İL MİLLİ EĞİTİM MÜDÜRLÜĞÜ".into(),
            mobile_phone: "+905321234567".into(),
            ..Default::default()
        },
        form_complete: false,
        sms_verified: false,
        approval: None,
        approved_at: None,
        security_word_set: false,
        wet_form: None,
    }
}

pub fn clear_storage() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
}
