//! Signing sessions (doğrulama kodu): the server fixes the exact text to sign, hands out a 15-digit
//! single-use code valid `signing_ttl` seconds, and later accepts one CAdES signature of that text
//! made with the person's own NES. Shared by application approval, e-onay and the kurum
//! yetkilisi's manifest of taleps.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use nes_core::api::{ErrorCode, SignatureRequest, SigningSession};
use nes_core::cades::verify::{self, CertificateInfo};
use nes_core::codes::VERIFICATION_CODE_DIGITS;
use sqlx::{Any, Transaction};

use crate::auth::Session;
use crate::certificates::{self, Seen};
use crate::error::{Error, Result};
use crate::evidence::Sealed;
use crate::secrets::{random_digits, token_hash};
use crate::signatures::store::{self, Subject};
use crate::{AppState, audit, clock};

/// Clock difference tolerated between the signer's computer and the server.
const CLOCK_SKEW: i64 = 120;

/// What a signature is for; part of the session so a code for one purpose cannot serve another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Application(i64),
    EOnay,
    /// A kurum yetkilisi's approval of the taleps of one manifest.
    TalepManifest(i64),
    /// A person's request to revoke, suspend or resume one of their certificates.
    CertificateRequest(i64),
}

impl Purpose {
    fn key(self) -> &'static str {
        match self {
            Purpose::Application(_) => "application",
            Purpose::EOnay => "e_onay",
            Purpose::TalepManifest(_) => "talep_manifest",
            Purpose::CertificateRequest(_) => "certificate_request",
        }
    }

    fn application_id(self) -> Option<i64> {
        if let Purpose::Application(id) = self { Some(id) } else { None }
    }

    fn manifest_id(self) -> Option<i64> {
        if let Purpose::TalepManifest(id) = self { Some(id) } else { None }
    }

    fn certificate_request_id(self) -> Option<i64> {
        if let Purpose::CertificateRequest(id) = self { Some(id) } else { None }
    }
}

pub async fn open(state: &AppState, session: &Session, purpose: Purpose, content: String) -> Result<SigningSession> {
    let code = random_digits(VERIFICATION_CODE_DIGITS);
    let content = nes_core::texts::bound_to_session(&content, &state.config.public_origin, &code);
    let now = clock::now();
    let expires_at = now + state.config.windows.signing_ttl;
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO signing_sessions (code_hash, person_id, application_id, manifest_id, certificate_request_id, \
         purpose, content, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(state.keys.code_hash("signing", &code))
    .bind(session.person_id)
    .bind(purpose.application_id())
    .bind(purpose.manifest_id())
    .bind(purpose.certificate_request_id())
    .bind(purpose.key())
    .bind(&content)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    let masked = session.national_id.masked();
    audit::record(&mut tx, &masked, "signing_session_opened", purpose.key(), "").await?;
    tx.commit().await?;
    Ok(SigningSession { verification_code: code, content, expires_at: clock::rfc3339(expires_at) })
}

/// The manifest whose signing session `code` (a doğrulama kodu of `session`'s person) is, so the
/// signature can be sent with the code alone, like every other signature.
pub async fn manifest_of(state: &AppState, session: &Session, code: &str) -> Result<Option<i64>> {
    let code: String = code.chars().filter(char::is_ascii_digit).collect();
    let manifest: Option<Option<i64>> =
        sqlx::query_scalar("SELECT manifest_id FROM signing_sessions WHERE code_hash = $1 AND person_id = $2")
            .bind(state.keys.code_hash("signing", &code))
            .bind(session.person_id)
            .fetch_optional(&state.db)
            .await?;
    Ok(manifest.flatten())
}

/// An accepted signature inside the transaction that consumed its session: the caller applies
/// its effect (approval, e-onay) on `tx` and commits, so either all of it happens or none.
pub struct Accepted {
    pub tx: Transaction<'static, Any>,
    /// The CAdES-T as stored in `signatures` (CAdES-BES on a development server without a TSA).
    pub cms: Vec<u8>,
}

/// A signature that passed every check, with its evidence.
struct Checked {
    code_hash: String,
    content: String,
    signer: CertificateInfo,
    signature_value: Vec<u8>,
    sealed: Sealed,
}

/// Checks the session, the CAdES, its chain's revocation and timestamps it; then marks the session
/// used and the signature spent, and stores it with its evidence and report.
pub async fn accept(
    state: &AppState,
    session: &Session,
    purpose: Purpose,
    request: &SignatureRequest,
) -> Result<Accepted> {
    let masked = session.national_id.masked();
    let result = check(state, session, purpose, request).await;
    if let Err(error) = &result {
        let mut conn = state.db.acquire().await?;
        audit::record(&mut conn, &masked, "signature_rejected", purpose.key(), &error.to_string()).await?;
    }
    let Checked { code_hash, content, signer, signature_value, sealed } = result?;
    let now = clock::now();
    let mut tx = state.db.begin().await?;
    let claimed = sqlx::query("UPDATE signing_sessions SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL")
        .bind(now)
        .bind(&code_hash)
        .execute(&mut *tx)
        .await?;
    if claimed.rows_affected() != 1 {
        return Err(session_used());
    }
    let fresh =
        sqlx::query("INSERT INTO used_signatures (signature_hash, used_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(token_hash(&STANDARD.encode(&signature_value)))
            .bind(now)
            .execute(&mut *tx)
            .await?;
    if fresh.rows_affected() != 1 {
        return Err(Error::SignatureRejected("Bu imza daha önce kullanılmış.".into()));
    }
    certificates::observe(&mut tx, session.person_id, (&signer).into(), Seen::Signature).await?;
    // The certificate that signed: its issuer and serial number.
    let certificate = format!("{} / {}", signer.issuer_cn, signer.certificate_serial);
    audit::record(&mut tx, &masked, "signature_accepted", purpose.key(), &certificate).await?;
    let subject = Subject {
        person_id: session.person_id,
        purpose: purpose.key(),
        application_id: purpose.application_id(),
        manifest_id: purpose.manifest_id(),
    };
    store::insert(&mut tx, &subject, &content, &sealed).await?;
    Ok(Accepted { tx, cms: sealed.cms })
}

async fn check(state: &AppState, session: &Session, purpose: Purpose, request: &SignatureRequest) -> Result<Checked> {
    let code: String = request.verification_code.chars().filter(char::is_ascii_digit).collect();
    let code_hash = state.keys.code_hash("signing", &code);
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT purpose, application_id, manifest_id, certificate_request_id, content, created_at, expires_at, used_at \
         FROM signing_sessions WHERE code_hash = $1 AND person_id = $2",
    )
    .bind(&code_hash)
    .bind(session.person_id)
    .fetch_optional(&state.db)
    .await?;
    let Some(SessionRow {
        purpose: key,
        application_id,
        manifest_id,
        certificate_request_id,
        content,
        created_at,
        expires_at,
        used_at,
    }) = row
    else {
        return Err(Error::bad_request(ErrorCode::SessionUnknown, "Doğrulama kodu geçersiz."));
    };
    if key != purpose.key()
        || application_id != purpose.application_id()
        || manifest_id != purpose.manifest_id()
        || certificate_request_id != purpose.certificate_request_id()
    {
        return Err(Error::bad_request(ErrorCode::SessionUnknown, "Doğrulama kodu bu işlem için verilmemiş."));
    }
    if used_at.is_some() {
        return Err(session_used());
    }
    let now = clock::now();
    if expires_at <= now {
        return Err(Error::bad_request(
            ErrorCode::SessionExpired,
            "Doğrulama kodunun süresi doldu. Lütfen yeni kod alınız.",
        ));
    }
    let cms = STANDARD
        .decode(request.cms.trim())
        .map_err(|_| Error::SignatureRejected("İmza verisi base64 biçiminde değil.".into()))?;
    let verified =
        verify::verify(&cms, content.as_bytes(), &state.config.trust_anchors, session.national_id.as_str(), now)
            .map_err(|e| Error::SignatureRejected(e.to_string()))?;
    // CAdES baseline signatures carry signingTime; one made before this session was opened was
    // made for something else (a replay), since the text alone does not name the session.
    let Some(signed_at) = verified.signing_time else {
        return Err(Error::SignatureRejected("İmzada imza zamanı (signingTime) bulunmuyor.".into()));
    };
    if signed_at < created_at - CLOCK_SKEW || signed_at > now + CLOCK_SKEW {
        return Err(Error::SignatureRejected("İmza zamanı bu doğrulama kodunun geçerlilik süresi dışında.".into()));
    }
    let signer = verified.signer.clone();
    let signature_value = verified.signature.clone();
    certificates::ensure_usable(&mut *state.db.acquire().await?, &signer).await?;
    // Last: the network checks run only for a signature that is otherwise good.
    let sealed = state.evidence.seal(cms, verified, now).await?;
    Ok(Checked { code_hash, content, signer, signature_value, sealed })
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    purpose: String,
    application_id: Option<i64>,
    manifest_id: Option<i64>,
    certificate_request_id: Option<i64>,
    content: String,
    created_at: i64,
    expires_at: i64,
    used_at: Option<i64>,
}

fn session_used() -> Error {
    Error::bad_request(ErrorCode::SessionUsed, "Bu doğrulama kodu ile daha önce imza atılmış. Lütfen yeni kod alınız.")
}
