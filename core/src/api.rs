//! The JSON of the HTTP API under `/api/v1`, shared by the server (which produces it) and the app
//! (which reads it). Times are RFC 3339 strings in UTC; dates are `YYYY-MM-DD`.
//!
//! Errors: 422 carries [`ValidationErrorBody`]; every other error status carries [`ErrorBody`].

use serde::{Deserialize, Serialize};

use crate::certificate_action::{CertificateAction, CertificateState, RevocationReason};
use crate::choice;
use crate::form::{ApplicationForm, ApplicationReason, FieldErrors};
use crate::institution::Role;
use crate::talep::{TalepAction, TalepStatus};

/// `POST /auth/login`: identity login against an ön başvuru. Rules: [`crate::login`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub national_id: String,
    pub first_name: String,
    pub last_name: String,
    /// `GG.AA.YYYY` or `YYYY-MM-DD`.
    pub birth_date: String,
}

/// `GET /auth/methods`: the ways of logging in this server offers besides identity data and the
/// card, so Giriş shows only buttons that work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginMethods {
    /// "e-Devlet ile Giriş" (`GET /auth/edevlet`) is configured.
    pub edevlet: bool,
}

/// `POST /auth/challenge` → a nonce for e-imzalı giriş.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChallengeResponse {
    /// Base64 of at least 32 random bytes; single use.
    pub nonce: String,
    pub expires_at: String,
}

/// `POST /auth/eimza`: the bridge's `authenticate` result plus the nonce it signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EimzaLoginRequest {
    pub nonce: String,
    /// Base64 DER of the signing certificate.
    pub certificate: String,
    /// e.g. `RS256`, `ES256`.
    pub algorithm: String,
    /// Base64 signature over hash(hash(origin) ‖ hash(nonce)).
    pub signature: String,
    pub format: String,
}

/// `GET /me`: who is logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub first_name: String,
    pub last_name: String,
    /// `123******50`; the full number never travels back to the page.
    pub national_id_masked: String,
    pub institution: String,
    /// Whether the person has given e-onay (and not revoked it).
    pub e_onay: bool,
    /// The person's current certificate, when known (from e-imzalı giriş or records).
    pub certificate: Option<CertificateSummary>,
    /// Set when the certificate expires within the renewal window: the app shows the banner.
    pub renewal_due: Option<RenewalDue>,
    /// The institution roles this session may use: only in a session opened with the card
    /// (e-imzalı giriş), empty otherwise.
    pub roles: Vec<MyRole>,
}

/// A role the person in session holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyRole {
    pub institution: String,
    pub role: Role,
    /// The birim of a `birim_amiri`; empty for the other roles.
    pub department: String,
}

/// `POST /officer/roles` (and `nes-server officer grant`): a role for a person. Rules:
/// `RoleGrantRequest::validate` in [`crate::institution`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleGrantRequest {
    pub institution: String,
    pub national_id: String,
    /// Used for the person's record only if they have none yet.
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub role: Role,
    /// Required for `birim_amiri`; ignored for the other roles.
    #[serde(default)]
    pub department: String,
}

/// `POST /officer/taleps`: an e-imza talebi for a staff member, filed by their birim amiri or by
/// BİDB's e-imza yetkilisi. The fields (and rules) of an ön başvuru, which it becomes once approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TalepRequest {
    pub institution: String,
    pub department: String,
    pub national_id: String,
    pub first_name: String,
    pub last_name: String,
    /// `GG.AA.YYYY` or `YYYY-MM-DD`.
    pub birth_date: String,
    pub email: String,
    pub reason: ApplicationReason,
}

/// `POST /taleps`: a staff member files their own e-imza talebi. Who they are (T.C. Kimlik No, ad,
/// soyad, doğum tarihi) comes from their record, never from the body; the rules are those of
/// [`TalepRequest`]'s (`StaffTalepRequest::validate` in [`crate::talep`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffTalepRequest {
    pub institution: String,
    pub department: String,
    pub reason: ApplicationReason,
    /// Used only when the record has none (a person known from e-Devlet alone): an e-posta on record
    /// came from the institution, and the e-posta code of e-onay approval goes there, so a session
    /// opened with identity data must not replace it.
    #[serde(default)]
    pub email: String,
    /// `GG.AA.YYYY` or `YYYY-MM-DD`; used only when the record has no doğum tarihi.
    #[serde(default)]
    pub birth_date: String,
}

/// A talep as the console shows it, with its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Talep {
    pub id: i64,
    pub institution: String,
    pub department: String,
    pub national_id_masked: String,
    pub first_name: String,
    pub last_name: String,
    pub reason: ApplicationReason,
    pub status: TalepStatus,
    /// Turkish text of `status`.
    pub status_label: String,
    /// The note of the last send-back or rejection, shown to whoever acts next.
    pub note: String,
    pub filed_at: String,
    /// Every step, oldest first; empty in the list (`GET /officer/taleps/{id}` has it).
    pub history: Vec<TalepEvent>,
}

/// One step of a talep: who did what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TalepEvent {
    pub at: String,
    /// The officer's masked T.C. Kimlik No.
    pub actor: String,
    /// `filed`, or a `TalepAction` wire name.
    pub action: String,
    /// Turkish text of `action`.
    pub action_label: String,
    pub note: String,
    /// The status the step left the talep in.
    pub status: TalepStatus,
}

/// `POST /officer/taleps/{id}/decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TalepDecision {
    pub action: TalepAction,
    /// Required for `send_back` and `reject`.
    #[serde(default)]
    pub note: String,
}

/// `POST /officer/manifests`: the taleps the kurum yetkilisi approves with one e-imza.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ManifestRequest {
    /// 1 to `nes_core::talep::MANIFEST_MAX` ids, each awaiting the kurum yetkilisi.
    pub talep_ids: Vec<i64>,
}

/// A role held now, as the console lists it (`GET /officer/roles`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantedRole {
    pub id: i64,
    pub institution: String,
    pub role: Role,
    /// The birim of a `birim_amiri`; empty for the other roles.
    pub department: String,
    pub national_id_masked: String,
    pub first_name: String,
    pub last_name: String,
    /// The masked T.C. Kimlik No of the officer who granted it, or `cli`.
    pub granted_by: String,
    pub granted_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateSummary {
    pub subject_cn: String,
    pub issuer_cn: String,
    pub not_after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenewalDue {
    pub days_left: i64,
    pub not_after: String,
}

choice! {
    /// Başvuru durumu, with the texts Kamu SM shows (docs/statuses.md).
    pub enum ApplicationStatus {
        FormPending = "form_pending" => "Başvuru Formu Bekleniyor",
        FormAndPaymentPending = "form_and_payment_pending" => "Başvuru Formu ve Ödeme Bekleniyor",
        PaymentPending = "payment_pending" => "Ödeme Bekleniyor",
        CorrectionRequested = "correction_requested" => "Düzeltme Bekleniyor",
        WetFormPending = "wet_form_pending" => "Islak İmzalı Form Bekleniyor",
        WetFormReceived = "wet_form_received" => "Islak İmzalı Form Kurumda",
        WetFormSent = "wet_form_sent" => "Islak İmzalı Form Kamu SM'ye Gönderildi",
        ProductionPending = "production_pending" => "Üretim Bekleniyor",
        Produced = "produced" => "Üretildi",
        Shipped = "shipped" => "Kargoda",
        Delivered = "delivered" => "Teslim Edildi",
        Completed = "completed" => "Tamamlandı",
        Cancelled = "cancelled" => "İptal Edildi",
    }
}

impl ApplicationStatus {
    /// The explanation shown with the status (docs/statuses.md, shortened where it quotes bank lists).
    pub fn explanation(self) -> &'static str {
        match self {
            Self::FormPending => "Başvuru formunuzu doldurup onaylamanız bekleniyor.",
            Self::FormAndPaymentPending => {
                "Form doldurma/onaylama işlemi tamamlanmamıştır ve ödemeniz tarafımıza ulaşmamıştır."
            }
            Self::PaymentPending => {
                "Başvuru formunuz tarafımıza iletilmiştir. Üretim sürecinin başlatılabilmesi için ödeme yapmanız gerekmektedir."
            }
            Self::CorrectionRequested => {
                "Başvurunuz, formunuzdaki bilgilerin düzeltilmesi için size geri gönderildi. Nottaki bilgileri düzeltip formu kaydediniz; ardından SMS onayı ve onay yeniden gerekir."
            }
            Self::WetFormPending => {
                "Başvuru formunuzu ve taahhütnameyi indirip yazdırınız, imzalayarak kurumunuzun e-imza yetkilisine (Bilgi İşlem) teslim ediniz."
            }
            Self::WetFormReceived => {
                "Islak imzalı başvuru formunuz kurumunuzun e-imza yetkilisi tarafından teslim alınmıştır; Kamu SM'ye posta ile gönderilecektir."
            }
            Self::WetFormSent => {
                "Islak imzalı başvuru formunuz posta/kargo ile Kamu SM'ye gönderilmiştir. Form Kamu SM'ye ulaştığında (kişi ödemeli başvurularda ödemeniz de tamamlandığında) siparişiniz üretime alınacaktır."
            }
            Self::ProductionPending => {
                "Geçerli durumdaki başvurunuz için gerekli belgeleriniz tamamlanmış olup siparişiniz üretime hazırlanmaktadır. Yenileme başvurularında sertifika, mevcut sertifikanızın süresinin dolmasına belirli bir süre kala üretime alınır."
            }
            Self::Produced => "Sertifikanız üretilmiştir; kartınız kargoya verilmek üzere hazırlanıyor.",
            Self::Shipped => {
                "Sertifikanız üretilmiş ve kargoya verilmiştir. Gönderinizi takip numarasıyla \"Gönderi Sorgulama\" bağlantısından izleyebilirsiniz."
            }
            Self::Delivered => {
                "Kartınız size teslim edilmiştir. Sertifikanızı kullanmaya başlamak için kartınızla birlikte gelen bilgilerle etkinleştiriniz."
            }
            Self::Completed => "Başvurunuz tamamlanmıştır; sertifikanız kullanıma hazırdır.",
            Self::Cancelled => "Ön başvurunuz iptal edilmiştir (kurum/kişi talebi ya da zaman aşımı).",
        }
    }

    /// Whether the form can still be filled in or changed.
    pub fn form_open(self) -> bool {
        matches!(self, Self::FormPending | Self::FormAndPaymentPending | Self::CorrectionRequested)
    }

    /// Whether the order is still under way (neither completed nor cancelled).
    pub fn in_progress(self) -> bool {
        !matches!(self, Self::Completed | Self::Cancelled)
    }
}

choice! {
    /// Onay yöntemi: how the form was approved.
    pub enum ApprovalMethod {
        EOnay = "e_onay" => "E-Onay",
        EImza = "e_imza" => "E-İmza",
        /// The printed form, signed by hand and handed to the institution's e-imza yetkilisi.
        WetSignature = "islak_imza" => "Islak İmzalı Form",
    }
}

/// `POST /applications`: the person starts an application themselves: a renewal ("Yenile") while
/// the certificate expires within the renewal window, or a Kayıp/Çalıntı application after
/// revoking the certificate of a lost, stolen or broken card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewApplicationRequest {
    /// `renewal` or `lost_stolen`; any other reason is answered 422.
    pub reason: ApplicationReason,
}

/// One row of Başvurularım.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationSummary {
    /// Sipariş no, e.g. `SD-13712`.
    pub no: String,
    /// `YYYY-MM-DD`
    pub created_on: String,
    pub reason: ApplicationReason,
    pub status: ApplicationStatus,
    /// What to correct, while the application is sent back for correction.
    #[serde(default)]
    pub correction_note: Option<String>,
    /// The courier's shipment, once the certificate authority reported it (Kargoda and after).
    #[serde(default)]
    pub shipment: Option<Shipment>,
    /// For a renewal not produced yet: from when the certificate authority produces it
    /// (`YYYY-MM-DD` in Türkiye, two months before the current certificate ends, or today when
    /// that has passed; `nes_core::ca::expected_production`).
    #[serde(default)]
    pub expected_production_on: Option<String>,
}

/// The card's way to the person, as the certificate authority reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shipment {
    pub courier: String,
    pub tracking_no: String,
    /// The courier's tracking page ("Gönderi Sorgulama"), https only.
    pub tracking_url: Option<String>,
}

/// `GET /applications/{no}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationDetail {
    #[serde(flatten)]
    pub summary: ApplicationSummary,
    /// The saved draft or the submitted form (güvenlik sözcüğü fields are never sent back).
    pub form: ApplicationForm,
    /// Whether the form passed validation and the SMS step may start.
    pub form_complete: bool,
    pub sms_verified: bool,
    pub approval: Option<ApprovalMethod>,
    pub approved_at: Option<String>,
    /// A güvenlik sözcüğü is stored (as a hash). A form saved with both güvenlik sözcüğü fields
    /// empty keeps it, so the app need not ask for it again after a reload.
    #[serde(default)]
    pub security_word_set: bool,
    /// Where the ıslak imzalı form is, when the person chose to approve on paper.
    #[serde(default)]
    pub wet_form: Option<WetFormProgress>,
}

/// The ıslak imzalı form's way from the person to Kamu SM, as the person follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WetFormProgress {
    /// The form kodu printed on every page (`ABCD-EFGH-JK`).
    pub form_code: String,
    /// When BİDB's e-imza yetkilisi took the signed paper in.
    pub received_at: Option<String>,
    /// When it was posted to Kamu SM, and under which tracking number.
    pub sent_at: Option<String>,
    pub tracking_no: Option<String>,
}

/// `POST /applications/{no}/sms` → the code went out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsSent {
    /// `0532 *** ** 67`
    pub masked_phone: String,
    pub expires_at: String,
    /// Seconds until "Tekrar Gönder" is allowed.
    pub resend_after_seconds: u32,
}

/// `POST /applications/{no}/email-code` → a code went to the e-posta on record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailCodeSent {
    /// `a***@kurum.gov.tr`
    pub masked_email: String,
    pub expires_at: String,
    /// Seconds until a new code may be asked for.
    pub resend_after_seconds: u32,
}

/// `POST /applications/{no}/sms/verify` and `…/email-code/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SmsVerifyRequest {
    pub code: String,
}

/// `POST /applications/{no}/e-onay`: approve the form with e-onay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EOnayApprovalRequest {
    /// The person ticked "Taahhütnameyi okudum, kabul ediyorum".
    pub commitment_accepted: bool,
}

/// `POST /applications/{no}/wet-form`: approve on paper, to print, sign by hand and hand to BİDB.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WetFormRequest {
    /// The person ticked "Taahhütnameyi okudum, kabul ediyorum".
    pub commitment_accepted: bool,
}

/// `POST /officer/wet-forms/{no}/received`: the form kodu read off the paper handed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WetFormReceipt {
    pub form_code: String,
}

/// `POST /officer/wet-forms/{no}/sent`: the paper is on its way to Kamu SM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WetFormDispatch {
    pub tracking_no: String,
}

/// `POST /officer/applications/{no}/correction`: send an application back to its person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CorrectionRequest {
    /// What the person must correct (required, at most 500 characters).
    pub note: String,
}

/// One of the institution's applications, as its e-imza yetkilisi sees it (`GET /officer/applications`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstitutionApplication {
    pub no: String,
    pub institution: String,
    pub department: String,
    pub national_id_masked: String,
    pub first_name: String,
    pub last_name: String,
    pub reason: ApplicationReason,
    pub status: ApplicationStatus,
    pub approval: Option<ApprovalMethod>,
    /// `YYYY-MM-DD`
    pub created_on: String,
    pub approved_at: Option<String>,
    pub correction_note: Option<String>,
    /// The e-imza that approved it, whose validation report officers may open.
    #[serde(default)]
    pub signature_id: Option<i64>,
}

/// An application approved on paper, as BİDB's e-imza yetkilisi follows it (`GET /officer/wet-forms`):
/// the application (approved when the ıslak imzalı form was chosen), and where the paper is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WetForm {
    #[serde(flatten)]
    pub application: InstitutionApplication,
    pub received_at: Option<String>,
    pub sent_at: Option<String>,
    pub tracking_no: Option<String>,
}

/// `POST /applications/{no}/signing-session` and `POST /e-onay`: what the card must sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SigningSession {
    /// The 15-digit doğrulama kodu shown on the page and in the extension's window.
    pub verification_code: String,
    /// The exact text to sign.
    pub content: String,
    pub expires_at: String,
}

/// `POST /applications/{no}/signature` and `POST /e-onay/signature`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignatureRequest {
    pub verification_code: String,
    /// Base64 DER of a CAdES-BES SignedData with the content encapsulated.
    pub cms: String,
}

/// `GET /e-onay`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EOnayState {
    pub given: bool,
    pub given_at: Option<String>,
}

/// `POST /officer/pre-applications` (CSV body, kurum e-imza sorumlusu) → one per created row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreApplicationCreated {
    /// Sipariş no, e.g. `SD-13712`.
    pub no: String,
    pub national_id_masked: String,
}

/// `POST /officer/certificates/files`: certificate files (PEM, or DER) the e-imza yetkilisi
/// imports, each base64 in JSON: the API's one body format, read by the same extractor and limits
/// as every other, where multipart would need a second reader with its own errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CertificateFiles {
    pub files: Vec<CertificateFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CertificateFile {
    /// The file's name, as messages name it.
    pub name: String,
    /// The file's bytes, base64 (standard alphabet, padded).
    pub content_base64: String,
}

/// The answer of a certificate import (`POST /officer/certificates/csv`, `…/files`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateImport {
    /// Certificates recorded now.
    pub imported: u32,
    /// Certificates that were on record already (left as they were).
    pub known: u32,
}

/// `GET /dev/outbox` (only with `--dev`): messages that would have gone out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    /// `sms` or `email`
    pub channel: String,
    /// E.164 number or e-mail address.
    pub to: String,
    pub body: String,
    pub sent_at: String,
}

/// The body of a 422.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidationErrorBody {
    /// Field key → Turkish messages.
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, Vec<String>>))]
    pub errors: FieldErrors,
}

/// The body of every other error: a stable code the app can act on and a Turkish message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ApiError,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Seconds to wait, for rate limits and resend cooldowns (also in `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub retry_after_seconds: Option<u32>,
    /// Tries left, for wrong codes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub attempts_left: Option<u32>,
}

/// The stable code of an [`ApiError`]: the app decides what to show by it, never by the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorCode {
    /// 401: no session, or it ended.
    Unauthorized,
    /// 401: the identity data match no ön başvuru.
    LoginFailed,
    /// 403: the session may not do this (e.g. approve without e-onay).
    Forbidden,
    /// 404: no such record, or not the person's.
    NotFound,
    /// 405: the path exists, the method does not.
    MethodNotAllowed,
    /// 400: the body is not the JSON this endpoint takes.
    MalformedRequest,
    /// 413: the body is larger than this endpoint takes.
    PayloadTooLarge,
    /// 408: the body did not arrive in time.
    RequestTimeout,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422: field-keyed errors (sent as `ValidationErrorBody`).
    Validation,
    /// 429: too many tries; see `retry_after_seconds`.
    RateLimited,
    /// 409: the form can no longer be changed.
    FormLocked,
    /// 409: the form is not valid yet.
    FormIncomplete,
    /// 409: the SMS step is not done.
    SmsNotVerified,
    /// 409: e-onay is already given.
    EOnayGiven,
    /// 403: e-onay approval needs e-onay given first.
    EOnayRequired,
    /// 403: in a session opened with identity data, and with a cep telefonu not confirmed before,
    /// approval needs the code sent to the e-posta on record (`…/email-code`).
    ConfirmationRequired,
    /// 409: the certificate is not within the renewal window.
    RenewalNotDue,
    /// 409: no earlier application to renew.
    NoPreviousApplication,
    /// 400: no SMS onay kodu was requested yet.
    CodeNotRequested,
    /// 400: the SMS onay kodu expired.
    CodeExpired,
    /// 400: wrong SMS onay kodu; see `attempts_left`.
    CodeInvalid,
    /// 400: too many wrong codes; a new one is needed.
    CodeLocked,
    /// 400: no signing session with this doğrulama kodu.
    SessionUnknown,
    /// 400: the signing session expired.
    SessionExpired,
    /// 400: the signing session was used already.
    SessionUsed,
    /// 400: the signature was not accepted.
    SignatureRejected,
    /// 400: the e-imzalı giriş nonce is unknown, expired or used.
    ChallengeInvalid,
    /// 403: institution roles count only in a session opened with the card (e-imzalı giriş).
    EimzaLoginRequired,
    /// 409: the institution's last e-imza yetkilisi cannot be removed.
    LastSignatureOfficer,
    /// 409: the talep is not at the step this action belongs to (another officer acted first).
    TalepStep,
    /// 409: the person has an undecided talep in this institution already.
    TalepOpen,
    /// 409: the application is not at a step this action belongs to (e.g. sent back before approval).
    ApplicationStep,
    /// 409: the certificate's state does not allow this action (already revoked, not suspended…),
    /// or a request about it was carried out already.
    CertificateState,
    /// 409: no cep telefonu was confirmed by SMS in any of the person's applications, so a code
    /// cannot confirm a certificate request; the e-imza can.
    NoPhoneOnRecord,
    /// 409: the ıslak imzalı form is not at the step this action belongs to (another officer acted first).
    WetFormStep,
    /// 503: an outside service (SMS provider, database) failed; trying later may work.
    Unavailable,
    /// 500.
    Internal,
    /// A code this build of the app does not know yet (a newer server).
    #[serde(other)]
    Unknown,
}

/// A package of the bridge the server offers for download (`GET /downloads`), from the files
/// `cargo xtask package` builds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Download {
    pub system: DownloadSystem,
    /// The file's name; it is served at `/indir/{file}`.
    pub file: String,
    pub bytes: u64,
}

/// The system a package installs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DownloadSystem {
    /// `nes-bridge-setup-<version>.exe` (NSIS).
    Windows,
    /// `nes-bridge_<version>_<arch>.deb` (Debian, Ubuntu, Pardus).
    Debian,
}

impl DownloadSystem {
    /// Which system a file of `cargo xtask package` is for; `None` for any other file.
    pub fn of_file(name: &str) -> Option<DownloadSystem> {
        if name.starts_with("nes-bridge-setup-") && name.ends_with(".exe") {
            Some(DownloadSystem::Windows)
        } else if name.starts_with("nes-bridge_") && name.ends_with(".deb") {
            Some(DownloadSystem::Debian)
        } else {
            None
        }
    }
}

/// `GET /certificates` ("Sertifikalarım"): one of the person's certificates, newest end first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnCertificate {
    pub id: i64,
    /// Upper-case hex.
    pub serial_number: String,
    pub issuer: String,
    pub holder: String,
    /// RFC 3339.
    pub not_after: String,
    pub state: CertificateState,
    /// What the person may ask of the certificate authority now.
    pub actions: Vec<CertificateAction>,
}

/// `POST /certificates/{id}/requests`: what to ask of the certificate authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CertificateRequestBody {
    pub action: CertificateAction,
    /// Required for `revoke`, refused otherwise.
    #[serde(default)]
    pub reason: Option<RevocationReason>,
}

/// A request waiting for the person's confirmation: by a code sent to `masked_phone`
/// (`…/sms`, `…/sms/verify`) or with the e-imza (`…/signing-session`, `…/signature`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateRequestOpened {
    pub id: i64,
    /// The request as the person confirms it.
    pub text: String,
    /// The cep telefonu on record (masked), where the code goes; `None` when there is none and
    /// only the e-imza can confirm.
    pub masked_phone: Option<String>,
    /// RFC 3339: until when it may be confirmed.
    pub expires_at: String,
}

/// A confirmed request, carried out by the certificate authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateRequestDone {
    pub certificate: OwnCertificate,
    /// A lost, stolen or broken card: the app offers the Kayıp/Çalıntı application.
    pub offer_replacement: bool,
}
