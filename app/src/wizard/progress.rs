//! Where an application is: the wizard step the person goes on at, what Başvurularım calls that
//! stage, and the address of that step.

use nes_core::api::{ApplicationDetail, ApplicationStatus, ApplicationSummary};

use crate::router::{Route, Step};

/// An application's place in the wizard, as Başvurularım shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub step: Step,
    pub label: &'static str,
    pub explanation: &'static str,
}

impl Progress {
    /// From the list row alone: an open form starts at step 1, anything else shows its result.
    pub fn of_summary(summary: &ApplicationSummary) -> Progress {
        let step = if summary.status.form_open() { Step::Form } else { Step::Result };
        Progress::at(step, summary.status)
    }

    /// From the application itself: a saved form goes on at the SMS step, a verified telephone
    /// at Onay.
    pub fn of_detail(detail: &ApplicationDetail) -> Progress {
        let status = detail.summary.status;
        let step = match () {
            _ if !status.form_open() || detail.approval.is_some() => Step::Result,
            _ if detail.sms_verified => Step::Approval,
            _ if detail.form_complete => Step::Sms,
            _ => Step::Form,
        };
        Progress::at(step, status)
    }

    fn at(step: Step, status: ApplicationStatus) -> Progress {
        let (label, explanation) = match step {
            Step::Sms => (
                "SMS Onayı Bekleniyor",
                "Başvuru formunuz kaydedildi; cep telefonunuzu SMS onay koduyla doğrulamanız bekleniyor.",
            ),
            Step::Approval => (
                "Onay Bekleniyor",
                "Cep telefonunuz doğrulandı; başvuru formunuzu E-Onay, e-imza veya ıslak imzalı form ile onaylamanız bekleniyor.",
            ),
            Step::Form | Step::Result => (status.label(), status.explanation()),
        };
        Progress { step, label, explanation }
    }

    /// The action column's link text.
    pub fn action(&self) -> &'static str {
        if self.step == Step::Result { "Detaylar" } else { "Başvuruyu Tamamla" }
    }

    pub fn path(&self, no: &str) -> String {
        Route::application_path(no, self.step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nes_core::form::{ApplicationForm, ApplicationReason};

    fn detail(status: ApplicationStatus) -> ApplicationDetail {
        ApplicationDetail {
            summary: ApplicationSummary {
                no: "SD-13712".into(),
                created_on: "2026-12-01".into(),
                reason: ApplicationReason::First,
                status,
                correction_note: None,
                shipment: None,
                expected_production_on: None,
            },
            form: ApplicationForm::default(),
            form_complete: false,
            sms_verified: false,
            approval: None,
            approved_at: None,
            security_word_set: false,
            wet_form: None,
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn an_open_application_goes_on_where_it_stopped() {
        let mut open = detail(ApplicationStatus::FormPending);
        assert_eq!(Progress::of_detail(&open).path("SD-13712"), "/basvuru/SD-13712");
        assert_eq!(Progress::of_detail(&open).label, "Başvuru Formu Bekleniyor");
        open.form_complete = true;
        assert_eq!(Progress::of_detail(&open).path("SD-13712"), "/basvuru/SD-13712/sms");
        open.sms_verified = true;
        let progress = Progress::of_detail(&open);
        assert_eq!((progress.label, progress.action()), ("Onay Bekleniyor", "Başvuruyu Tamamla"));
        assert_eq!(progress.path("SD-13712"), "/basvuru/SD-13712/onay");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn closed_applications_lead_to_their_result() {
        let closed = detail(ApplicationStatus::ProductionPending);
        let progress = Progress::of_detail(&closed);
        assert_eq!((progress.label, progress.action()), ("Üretim Bekleniyor", "Detaylar"));
        assert_eq!(progress.path("SD-13712"), "/basvuru/SD-13712/sonuc");
        assert_eq!(Progress::of_summary(&closed.summary), progress);
    }
}
