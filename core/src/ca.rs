//! The certificate authority's side of an application (Kamu SM, or another ESHS): the order we send
//! it once an application is approved ([`CaOrder`]), what it reports back ([`CaDelivery`],
//! [`CaEvent`]) and the status each report moves an application to ([`next_status`]). The HTTP
//! contract around these (pushing orders, the signed webhook, polling) is in `docs/ca-contract.md`
//! and the OpenAPI document.

use serde::{Deserialize, Serialize};

use crate::api::{ApplicationStatus, ApprovalMethod};
use crate::certificate_action::{CertificateAction, RevocationReason};
use crate::date::utc_seconds;
use crate::form::{ApplicationForm, ApplicationReason};

/// Longest text field of a report (a reason, a note, a courier's name or tracking number).
pub const MAX_TEXT_CHARS: usize = 500;

/// An approved application, as pushed to the certificate authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaOrder {
    /// Sipariş no, e.g. `SD-13712`: the key of every report about it.
    pub order_no: String,
    pub reason: ApplicationReason,
    pub approval: ApprovalMethod,
    /// RFC 3339.
    pub approved_at: String,
    /// `institution` (kurum ödemeli) or `person` (kişi ödemeli: payment is reported by the CA).
    pub payer: String,
    /// The normalized form, güvenlik sözcüğü excluded (its hash is sent apart).
    pub form: ApplicationForm,
    /// Argon2 hash of the güvenlik sözcüğü, which the CA's call centre checks by phone.
    pub security_word_hash: Option<String>,
    /// Base64 DER of the approval's CAdES (e-imza), absent for e-onay and paper.
    pub signed_cms: Option<String>,
    /// For a renewal: when the certificate it renews ends (RFC 3339), so production waits until
    /// two months before it.
    pub renews_not_after: Option<String>,
}

/// A person's confirmed request about one of their certificates ("Sertifikamı İptal Et",
/// "Askıya Al", "Askıdan İndir"), as sent to the certificate authority, which carries it out at
/// once: `POST {base}/certificates/requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaCertificateRequest {
    /// nes-portal's id of the request: sent again (after a lost answer) it must be answered 2xx,
    /// not refused as already done.
    pub request_id: i64,
    /// Upper-case hex serial number of the certificate.
    pub serial_number: String,
    /// The issuer's common name, as in the certificate.
    pub issuer: String,
    /// The holder's T.C. Kimlik No (the certificate's subject serialNumber).
    pub national_id: String,
    pub action: CertificateAction,
    /// For a revocation: why, and its RFC 5280 reason code (`crl_reason`).
    pub reason: Option<RevocationReason>,
    pub crl_reason: Option<String>,
    /// `sms` (a code sent to the cep telefonu on record) or `e_imza`.
    pub confirmed_by: String,
    /// RFC 3339.
    pub confirmed_at: String,
    /// The text the person confirmed.
    pub text: String,
    /// Base64 DER of the CAdES over `text`, when confirmed with the e-imza.
    pub signed_cms: Option<String>,
}

/// One report of the certificate authority about an order. `event_id` is unique per report: a
/// report seen before is a replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaDelivery {
    pub event_id: String,
    pub order_no: String,
    /// RFC 3339: when it happened at the CA.
    pub occurred_at: String,
    pub event: CaEvent,
}

/// `GET {ca}/events?after=<cursor>`: the reports since `cursor`, oldest first, and where the next
/// poll starts (`None`: stay where we are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaFeed {
    pub events: Vec<CaDelivery>,
    pub cursor: Option<String>,
}

/// What happened to an order at the certificate authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaEvent {
    /// Kişi ödemeli: the payment arrived; production may start.
    PaymentReceived,
    /// The certificate was produced on the card.
    Produced {
        /// Hex serial number of the certificate.
        serial_number: String,
        /// RFC 3339.
        not_before: String,
        not_after: String,
        /// Base64 DER of the certificate, when the CA shares it.
        #[serde(default)]
        certificate: Option<String>,
    },
    /// Handed to the courier (seed 004's "Gönderi Sorgulama").
    Shipped {
        courier: String,
        tracking_no: String,
        /// The courier's tracking page (https only).
        #[serde(default)]
        tracking_url: Option<String>,
    },
    Delivered,
    /// The person activated the certificate: the application is complete.
    Activated,
    Cancelled {
        reason: String,
    },
    /// Sent back for correction, with what to correct.
    CorrectionRequested {
        note: String,
    },
}

impl CaEvent {
    /// The name on the wire (`type`), for logs and the audit trail.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::PaymentReceived => "payment_received",
            Self::Produced { .. } => "produced",
            Self::Shipped { .. } => "shipped",
            Self::Delivered => "delivered",
            Self::Activated => "activated",
            Self::Cancelled { .. } => "cancelled",
            Self::CorrectionRequested { .. } => "correction_requested",
        }
    }

    /// The report's own problem, in Turkish for the CA's integrators; `None` when it is well formed.
    pub fn problem(&self) -> Option<String> {
        let texts: Vec<(&str, &str)> = match self {
            Self::Produced { serial_number, not_before, not_after, .. } => {
                let (Some(from), Some(until)) = (utc_seconds(not_before), utc_seconds(not_after)) else {
                    return Some("not_before ve not_after RFC 3339 (UTC, Z) biçiminde olmalıdır.".into());
                };
                if until <= from {
                    return Some("not_after, not_before'dan sonra olmalıdır.".into());
                }
                if serial_number.is_empty() || !serial_number.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Some("serial_number onaltılık (hex) olmalıdır.".into());
                }
                vec![("serial_number", serial_number)]
            }
            Self::Shipped { courier, tracking_no, tracking_url } => {
                if tracking_url.as_deref().is_some_and(|url| !url.starts_with("https://")) {
                    return Some("tracking_url https:// ile başlamalıdır.".into());
                }
                vec![("courier", courier), ("tracking_no", tracking_no)]
            }
            Self::Cancelled { reason } => vec![("reason", reason)],
            Self::CorrectionRequested { note } => vec![("note", note)],
            Self::PaymentReceived | Self::Delivered | Self::Activated => vec![],
        };
        texts.into_iter().find_map(|(name, text)| {
            let bad = text.trim().is_empty()
                || text.chars().count() > MAX_TEXT_CHARS
                || crate::turkish::contains_hidden_chars(text);
            bad.then(|| format!("{name} boş olamaz, en fazla {MAX_TEXT_CHARS} görünür karakter olabilir."))
        })
    }
}

/// The status `event` moves an application in `current` to; `None` when it does not fit there (a
/// report out of order, or about an order already closed).
pub fn next_status(current: ApplicationStatus, event: &CaEvent) -> Option<ApplicationStatus> {
    use ApplicationStatus::*;
    match (event, current) {
        (CaEvent::PaymentReceived, PaymentPending) => Some(ProductionPending),
        (CaEvent::Produced { .. }, ProductionPending | WetFormSent) => Some(Produced),
        (CaEvent::Shipped { .. }, Produced) => Some(Shipped),
        (CaEvent::Delivered, Shipped) => Some(Delivered),
        // Activation proves delivery, whether or not the courier's report came first.
        (CaEvent::Activated, Shipped | Delivered) => Some(Completed),
        // Only an order the CA has: not a form still with its person, nor a paper still at BİDB.
        (CaEvent::Cancelled { .. }, current) if at_the_ca(current) => Some(Cancelled),
        (CaEvent::CorrectionRequested { .. }, current)
            if at_the_ca(current) && crate::correction::may_send_back(current) =>
        {
            Some(CorrectionRequested)
        }
        _ => None,
    }
}

/// Whether an application in `status` is the CA's to report on: approved and neither closed nor
/// back with its person.
/// Days before the certificate it renews ends from which the certificate authority produces a
/// renewal (seeds 001/002: "süresinin dolmasına 2 ay kala üretime alınır"); until then it waits.
pub const RENEWAL_PRODUCTION_DAYS: i64 = 60;

/// When a renewal not yet produced will be (Unix seconds): [`RENEWAL_PRODUCTION_DAYS`] before
/// `renews_not_after`, the end of the certificate it renews. `None` for other applications, and
/// once produced or cancelled.
pub fn expected_production(
    reason: ApplicationReason,
    status: ApplicationStatus,
    renews_not_after: Option<i64>,
) -> Option<i64> {
    use ApplicationStatus::*;
    let produced_or_ended = matches!(status, Produced | Shipped | Delivered | Completed | Cancelled);
    if reason != ApplicationReason::Renewal || produced_or_ended {
        return None;
    }
    renews_not_after.map(|end| end - RENEWAL_PRODUCTION_DAYS * 86_400)
}

pub fn at_the_ca(status: ApplicationStatus) -> bool {
    use ApplicationStatus::*;
    matches!(status, PaymentPending | ProductionPending | WetFormSent | Produced | Shipped | Delivered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApplicationStatus::*;

    #[test]
    fn a_renewal_is_expected_two_months_before_the_end_until_produced() {
        let end = 1_900_000_000;
        let from = Some(end - 60 * 86_400);
        assert_eq!(expected_production(ApplicationReason::Renewal, ProductionPending, Some(end)), from);
        assert_eq!(expected_production(ApplicationReason::Renewal, FormPending, Some(end)), from);
        assert_eq!(expected_production(ApplicationReason::Renewal, Produced, Some(end)), None);
        assert_eq!(expected_production(ApplicationReason::Renewal, Cancelled, Some(end)), None);
        assert_eq!(expected_production(ApplicationReason::First, ProductionPending, Some(end)), None);
        assert_eq!(expected_production(ApplicationReason::Renewal, ProductionPending, None), None);
    }

    fn produced() -> CaEvent {
        CaEvent::Produced {
            serial_number: "1A2B".into(),
            not_before: "2026-12-04T10:00:00Z".into(),
            not_after: "2029-12-04T10:00:00Z".into(),
            certificate: None,
        }
    }

    fn shipped(url: Option<&str>) -> CaEvent {
        CaEvent::Shipped { courier: "PTT Kargo".into(), tracking_no: "KP123".into(), tracking_url: url.map(Into::into) }
    }

    #[test]
    fn an_order_walks_from_payment_to_completion() {
        let mut status = PaymentPending;
        for event in [CaEvent::PaymentReceived, produced(), shipped(None), CaEvent::Delivered, CaEvent::Activated] {
            status = next_status(status, &event).unwrap_or_else(|| panic!("{event:?} after {status:?}"));
        }
        assert_eq!(status, Completed);
        assert_eq!(next_status(WetFormSent, &produced()), Some(Produced), "the paper reached the CA");
        assert_eq!(next_status(Shipped, &CaEvent::Activated), Some(Completed), "activation proves delivery");
    }

    #[test]
    fn reports_out_of_order_or_about_closed_orders_do_not_fit() {
        assert_eq!(next_status(PaymentPending, &produced()), None, "not paid yet");
        assert_eq!(next_status(ProductionPending, &shipped(None)), None);
        assert_eq!(next_status(Completed, &CaEvent::Cancelled { reason: "x".into() }), None);
        assert_eq!(next_status(Produced, &CaEvent::CorrectionRequested { note: "x".into() }), None, "already produced");
        assert_eq!(next_status(FormPending, &CaEvent::PaymentReceived), None);
        let every = [
            CaEvent::PaymentReceived,
            produced(),
            shipped(None),
            CaEvent::Delivered,
            CaEvent::Activated,
            CaEvent::Cancelled { reason: "x".into() },
            CaEvent::CorrectionRequested { note: "x".into() },
        ];
        for status in ApplicationStatus::ALL {
            for event in &every {
                if next_status(*status, event).is_some() {
                    assert!(at_the_ca(*status), "{event:?} moved {status:?}, which the CA does not have");
                }
            }
        }
        assert_eq!(next_status(FormPending, &CaEvent::Cancelled { reason: "x".into() }), None);
        assert_eq!(next_status(WetFormReceived, &CaEvent::CorrectionRequested { note: "x".into() }), None);
    }

    #[test]
    fn malformed_reports_are_named() {
        assert_eq!(produced().problem(), None);
        let backwards = CaEvent::Produced {
            serial_number: "01".into(),
            not_before: "2029-01-01T00:00:00Z".into(),
            not_after: "2028-01-01T00:00:00Z".into(),
            certificate: None,
        };
        assert!(backwards.problem().unwrap().contains("not_after"));
        assert!(shipped(Some("javascript:alert(1)")).problem().unwrap().contains("https://"));
        assert_eq!(shipped(Some("https://gonderitakip.ptt.gov.tr/")).problem(), None);
        assert!(CaEvent::Cancelled { reason: " ".into() }.problem().unwrap().starts_with("reason"));
        assert!(CaEvent::CorrectionRequested { note: "a\u{200b}".into() }.problem().is_some());
    }

    #[test]
    fn the_wire_names_the_event_by_type() {
        let delivery: CaDelivery = serde_json::from_value(serde_json::json!({
            "event_id": "e1", "order_no": "SD-1", "occurred_at": "2026-12-04T10:00:00Z",
            "event": {"type": "shipped", "courier": "PTT", "tracking_no": "KP1"}
        }))
        .unwrap();
        assert_eq!(delivery.event.kind(), "shipped");
        let unknown =
            serde_json::json!({"event_id": "e", "order_no": "SD-1", "occurred_at": "x", "event": {"type": "lost"}});
        assert!(serde_json::from_value::<CaDelivery>(unknown).is_err());
    }
}
