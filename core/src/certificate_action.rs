//! What a person may do with one of their certificates, as seed 004's İşlemler Menüsü offers it
//! ("Sertifikamı İptal Et", "Askıya Al", "Askıdan İndir"): the actions, the reasons a revocation
//! gives, the state each action leaves the certificate in ([`after`]) and the text the person
//! confirms ([`request_text`]). The certificate authority carries the action out
//! ([`crate::ca::CaCertificateRequest`]); the person confirms it with a code sent to the cep
//! telefonu on record or with their e-imza.

use crate::choice;

choice! {
    /// A certificate's state, as the person sees it in "Sertifikalarım".
    pub enum CertificateState {
        Valid = "valid" => "Geçerli",
        /// Suspended (askıda): the CA answers "revoked, certificateHold" until it is resumed.
        Suspended = "suspended" => "Askıda",
        Revoked = "revoked" => "İptal Edildi",
        Expired = "expired" => "Süresi Doldu",
    }
}

choice! {
    /// What the person asks of the certificate authority.
    pub enum CertificateAction {
        Revoke = "revoke" => "Sertifikamı İptal Et",
        Suspend = "suspend" => "Askıya Al",
        Resume = "resume" => "Askıdan İndir",
    }
}

choice! {
    /// Why a certificate is revoked.
    pub enum RevocationReason {
        Lost = "lost" => "Kartım kayboldu",
        Stolen = "stolen" => "Kartım çalındı",
        Damaged = "damaged" => "Kartım kırıldı veya çalışmıyor",
        NotNeeded = "not_needed" => "Sertifikaya artık ihtiyacım yok",
    }
}

impl RevocationReason {
    /// The CRL reason code (RFC 5280 §5.3.1) the certificate authority records.
    pub fn crl_reason(self) -> &'static str {
        match self {
            // Whoever holds a lost or stolen card may try its PIN: the key counts as compromised.
            Self::Lost | Self::Stolen => "keyCompromise",
            Self::Damaged | Self::NotNeeded => "cessationOfOperation",
        }
    }

    /// Whether the person will want a new certificate at once: a lost, stolen or broken card is
    /// replaced by a Kayıp/Çalıntı application (seed 001: produced at once).
    pub fn offers_replacement(self) -> bool {
        !matches!(self, Self::NotNeeded)
    }
}

impl CertificateState {
    /// The state a certificate ending at `not_after` is in `now` (both Unix seconds), given the
    /// state the CA last left it in.
    pub fn at(self, not_after: i64, now: i64) -> CertificateState {
        if self != Self::Revoked && not_after <= now { Self::Expired } else { self }
    }

    /// The actions the person may take on a certificate in this state.
    pub fn actions(self) -> &'static [CertificateAction] {
        match self {
            Self::Valid => &[CertificateAction::Suspend, CertificateAction::Revoke],
            Self::Suspended => &[CertificateAction::Resume, CertificateAction::Revoke],
            Self::Revoked | Self::Expired => &[],
        }
    }
}

/// The state `action` leaves a certificate in `state` in, or why it cannot be taken.
pub fn after(state: CertificateState, action: CertificateAction) -> Result<CertificateState, &'static str> {
    use CertificateAction::*;
    use CertificateState::*;
    match (state, action) {
        (Revoked, _) => Err("Bu sertifika iptal edilmiştir; iptal geri alınamaz."),
        (Expired, _) => Err("Bu sertifikanın süresi dolmuştur; üzerinde işlem yapılamaz."),
        (Valid | Suspended, Revoke) => Ok(Revoked),
        (Valid, Suspend) => Ok(Suspended),
        (Suspended, Suspend) => Err("Bu sertifika zaten askıdadır."),
        (Suspended, Resume) => Ok(Valid),
        (Valid, Resume) => Err("Bu sertifika askıda değildir."),
    }
}

/// Checks that a revocation names its reason and nothing else does.
pub fn check_reason(action: CertificateAction, reason: Option<RevocationReason>) -> Result<(), &'static str> {
    match (action, reason) {
        (CertificateAction::Revoke, None) => Err("İptal sebebini seçiniz."),
        (CertificateAction::Revoke, Some(_)) | (_, None) => Ok(()),
        (_, Some(_)) => Err("İptal sebebi yalnızca iptal talebinde verilir."),
    }
}

/// The request as the person confirms it, by code or signed with the card: it names the
/// certificate by holder and serial number, so a confirmation cannot be moved to another one.
pub fn request_text(
    action: CertificateAction,
    reason: Option<RevocationReason>,
    holder: &str,
    serial_hex: &str,
) -> String {
    let what = match action {
        CertificateAction::Revoke => "iptal edilmesini",
        CertificateAction::Suspend => "askıya alınmasını",
        CertificateAction::Resume => "askıdan indirilmesini",
    };
    let because = reason.map(|reason| format!(" İptal sebebi: {}.", reason.label())).unwrap_or_default();
    format!(
        "{holder} adına düzenlenmiş {serial_hex} seri numaralı nitelikli elektronik sertifikamın {what} talep ediyorum.{because}"
    )
}

#[cfg(test)]
mod tests {
    use super::CertificateAction::*;
    use super::CertificateState::*;
    use super::*;

    #[test]
    fn each_action_leads_from_the_states_that_allow_it() {
        assert_eq!(after(Valid, Revoke), Ok(Revoked));
        assert_eq!(after(Suspended, Revoke), Ok(Revoked));
        assert_eq!(after(Valid, Suspend), Ok(Suspended));
        assert_eq!(after(Suspended, Resume), Ok(Valid));
        for action in CertificateAction::ALL {
            assert!(after(Revoked, *action).is_err(), "a revocation is final");
            assert!(after(Expired, *action).is_err());
        }
        assert!(after(Suspended, Suspend).is_err());
        assert!(after(Valid, Resume).is_err());
    }

    #[test]
    fn the_offered_actions_are_the_allowed_ones() {
        for state in CertificateState::ALL {
            for action in CertificateAction::ALL {
                assert_eq!(state.actions().contains(action), after(*state, *action).is_ok(), "{state:?} {action:?}");
            }
        }
    }

    #[test]
    fn an_ended_certificate_is_expired_unless_revoked() {
        assert_eq!(Valid.at(100, 100), Expired);
        assert_eq!(Suspended.at(100, 101), Expired);
        assert_eq!(Revoked.at(100, 101), Revoked);
        assert_eq!(Valid.at(100, 99), Valid);
    }

    #[test]
    fn only_a_revocation_has_a_reason() {
        assert!(check_reason(Revoke, None).is_err());
        assert!(check_reason(Revoke, Some(RevocationReason::Lost)).is_ok());
        assert!(check_reason(Suspend, None).is_ok());
        assert!(check_reason(Resume, Some(RevocationReason::Lost)).is_err());
    }

    #[test]
    fn the_text_names_the_certificate_and_the_reason() {
        let text = request_text(Revoke, Some(RevocationReason::Stolen), "AYŞE YILMAZ", "1A2B");
        assert_eq!(
            text,
            "AYŞE YILMAZ adına düzenlenmiş 1A2B seri numaralı nitelikli elektronik sertifikamın iptal edilmesini \
             talep ediyorum. İptal sebebi: Kartım çalındı."
        );
        assert!(request_text(Resume, None, "A", "1").contains("askıdan indirilmesini talep ediyorum."));
    }

    #[test]
    fn lost_and_stolen_cards_count_as_key_compromise() {
        assert_eq!(RevocationReason::Lost.crl_reason(), "keyCompromise");
        assert_eq!(RevocationReason::NotNeeded.crl_reason(), "cessationOfOperation");
        assert!(RevocationReason::Stolen.offers_replacement());
        assert!(!RevocationReason::NotNeeded.offers_replacement());
    }
}
