//! The `Officer` extractor: a session opened with the card whose holder has at least one role.
//! Roles are read on every request, so a revoked role stops working at once, also in sessions
//! that are already open.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use nes_core::api::ErrorCode;
use nes_core::institution::Role;

use super::grants::{self, Held};
use crate::AppState;
use crate::auth::Session;
use crate::error::{Error, Result};

/// An officer in a card session, with the roles held now.
pub struct Officer {
    pub session: Session,
    pub roles: Vec<Held>,
}

impl Officer {
    /// The ids of the institutions where the officer holds `role`.
    pub fn institutions_as(&self, role: Role) -> Vec<i64> {
        let mut ids: Vec<i64> =
            self.roles.iter().filter(|held| held.role == role).map(|held| held.institution_id).collect();
        ids.dedup();
        ids
    }

    /// Whether the officer holds `role` in the institution named `institution`.
    pub fn holds(&self, role: Role, institution: &str) -> bool {
        self.roles.iter().any(|held| held.role == role && held.institution == institution)
    }

    /// The masked T.C. Kimlik No, as the audit log names the officer.
    pub fn actor(&self) -> String {
        self.session.national_id.masked()
    }

    /// 403 when the record (`what`: "talebiniz", "başvurunuz") is the officer's own: an approval
    /// must come from someone else, and a kurum yetkilisi's signature would otherwise approve its signer.
    pub fn ensure_not_own(&self, national_id: &str, what: &str) -> Result<()> {
        if self.session.national_id.as_str() == national_id {
            return Err(Error::forbidden(
                ErrorCode::Forbidden,
                format!(
                    "Kendi {what} üzerinde işlem yapamazsınız; bu adımı aynı roldeki başka bir yetkili yapmalıdır."
                ),
            ));
        }
        Ok(())
    }

    /// 403 unless the officer holds `role` somewhere.
    pub fn require(&self, role: Role) -> Result<()> {
        if self.roles.iter().any(|held| held.role == role) {
            Ok(())
        } else {
            Err(Error::forbidden(ErrorCode::Forbidden, format!("Bu işlem için {} rolü gerekir.", role.label())))
        }
    }
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let session = Session::from_request_parts(parts, state).await?;
        // T.C. Kimlik No, ad, soyad and doğum tarihi are known to many: they never open a role.
        if !session.is_eimza() {
            return Err(Error::forbidden(
                ErrorCode::EimzaLoginRequired,
                "Kurum işlemleri için e-imzalı giriş yapınız; rolleriniz yalnızca kartınızla açılan oturumda geçerlidir.",
            ));
        }
        let roles = grants::held_by(&state.db, &session.national_id).await?;
        if roles.is_empty() {
            return Err(Error::forbidden(ErrorCode::Forbidden, "Kurum işlemleri için bir rolünüz yok."));
        }
        Ok(Officer { session, roles })
    }
}
