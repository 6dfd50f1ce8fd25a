//! Status transitions (the statuses and their texts: docs/statuses.md). Who pays decides whether a payment status appears: kurum
//! ödemeli applications skip "Ödeme Bekleniyor".

use nes_core::api::ApplicationStatus;

/// `payer` is the institution's `payer` column: `institution` or `person`.
pub fn initial_status(payer: &str) -> ApplicationStatus {
    if payer == "person" { ApplicationStatus::FormAndPaymentPending } else { ApplicationStatus::FormPending }
}

/// After e-onay or e-imza approval: production waits for payment when the person pays.
pub fn status_after_approval(current: ApplicationStatus) -> ApplicationStatus {
    match current {
        ApplicationStatus::FormAndPaymentPending => ApplicationStatus::PaymentPending,
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
        assert_eq!(status_after_approval(ApplicationStatus::FormPending), ApplicationStatus::ProductionPending);
        assert_eq!(status_after_approval(ApplicationStatus::FormAndPaymentPending), ApplicationStatus::PaymentPending);
    }
}
