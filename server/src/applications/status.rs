//! Status transitions (the statuses and their texts: docs/statuses.md). Who pays decides whether a payment status appears: kurum
//! ödemeli applications skip "Ödeme Bekleniyor".

use nes_core::api::{ApplicationStatus, ApprovalMethod};

/// `payer` is the institution's `payer` column: `institution` or `person`.
pub fn initial_status(payer: &str) -> ApplicationStatus {
    if payer == "person" { ApplicationStatus::FormAndPaymentPending } else { ApplicationStatus::FormPending }
}

/// After approval: production waits for payment when the person pays; an application approved on
/// paper first waits for the signed form to reach BİDB (`wet_forms`).
pub fn status_after_approval(current: ApplicationStatus, method: ApprovalMethod) -> ApplicationStatus {
    match (method, current) {
        (ApprovalMethod::WetSignature, _) => ApplicationStatus::WetFormPending,
        (_, ApplicationStatus::FormAndPaymentPending) => ApplicationStatus::PaymentPending,
        _ => ApplicationStatus::ProductionPending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_statuses_only_when_the_person_pays() {
        assert_eq!(initial_status("institution"), ApplicationStatus::FormPending);
        assert_eq!(initial_status("person"), ApplicationStatus::FormAndPaymentPending);
        for method in [ApprovalMethod::EOnay, ApprovalMethod::EImza] {
            assert_eq!(
                status_after_approval(ApplicationStatus::FormPending, method),
                ApplicationStatus::ProductionPending
            );
            assert_eq!(
                status_after_approval(ApplicationStatus::FormAndPaymentPending, method),
                ApplicationStatus::PaymentPending
            );
        }
    }

    #[test]
    fn a_form_approved_on_paper_waits_for_the_paper() {
        for current in [ApplicationStatus::FormPending, ApplicationStatus::FormAndPaymentPending] {
            assert_eq!(status_after_approval(current, ApprovalMethod::WetSignature), ApplicationStatus::WetFormPending);
        }
    }
}
