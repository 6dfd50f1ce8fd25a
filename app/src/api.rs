//! The HTTP API under `/api/v1` (DTOs in `nes_core::api`). Every call is same-origin; the session is
//! an HttpOnly cookie the browser sends by itself, so nothing here handles tokens.

use gloo_net::http::{Request, RequestBuilder, Response};
use nes_core::api::{
    ApiError, ApplicationDetail, ApplicationSummary, CertificateFiles, CertificateImport, CertificateRequestBody,
    CertificateRequestDone, CertificateRequestOpened, ChallengeResponse, CorrectionRequest, Download,
    EOnayApprovalRequest, EOnayState, EimzaLoginRequest, EmailCodeSent, ErrorBody, ErrorCode, GrantedRole,
    InstitutionApplication, LoginMethods, LoginRequest, ManifestRequest, Me, NewApplicationRequest, OwnCertificate,
    RoleGrantRequest, SignatureRequest, SigningSession, SmsSent, SmsVerifyRequest, StaffTalepRequest, Talep,
    TalepDecision, TalepRequest, ValidationErrorBody, WetForm, WetFormDispatch, WetFormReceipt, WetFormRequest,
};
use nes_core::form::{ApplicationForm, ApplicationReason, FieldErrors};
use nes_core::signature_report::{SignatureReport, SignatureSummary};
use std::future::Future;
use std::pin::Pin;

use serde::Serialize;
use serde::de::DeserializeOwned;

const BASE: &str = "/api/v1";

/// Why a call did not succeed, in the terms the screens act on.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No answer, or a gateway answered instead of the server: show the "sunucuya ulaşılamıyor" page.
    Unreachable,
    /// 401: the session ended; the app goes back to Giriş.
    Unauthorized(String),
    /// 422: field-keyed Turkish messages, shown under each field.
    Validation(FieldErrors),
    /// Any other error the server explained.
    Server(ApiError),
}

impl ApiFailure {
    /// The Turkish sentence to show; the server's own message when it sent one.
    pub fn message(&self) -> String {
        match self {
            ApiFailure::Unreachable => {
                "Sunucuya ulaşılamıyor. İnternet bağlantınızı kontrol edip tekrar deneyiniz.".to_string()
            }
            ApiFailure::Unauthorized(message) => message.clone(),
            ApiFailure::Validation(errors) => {
                let messages: Vec<&str> =
                    errors.iter().flat_map(|(_, messages)| messages.iter().map(String::as_str)).collect();
                messages.join(" ")
            }
            ApiFailure::Server(error) => error.message.clone(),
        }
    }

    /// The server's error code, if it explained the failure with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiFailure::Server(error) => Some(error.code),
            _ => None,
        }
    }
}

pub type ApiResult<T> = Result<T, ApiFailure>;

/// A call in flight. Boxed so that the one request/response/error path is compiled once and
/// shared by every call, not inlined into each DTO's future (a noticeable part of the wasm).
type Pending<T> = Pin<Box<dyn Future<Output = ApiResult<T>>>>;

fn send(request: Result<Request, gloo_net::Error>) -> Pending<Response> {
    Box::pin(async move {
        let request = request.map_err(|_| ApiFailure::Unreachable)?;
        let response = request.send().await.map_err(|_| ApiFailure::Unreachable)?;
        if response.ok() {
            return Ok(response);
        }
        Err(failure_of(response).await)
    })
}

/// The body of a successful answer; shared by every call that reads one.
fn body_text(request: Result<Request, gloo_net::Error>) -> Pending<String> {
    Box::pin(async move { send(request).await?.text().await.map_err(|_| ApiFailure::Unreachable) })
}

async fn failure_of(response: Response) -> ApiFailure {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if status == 422
        && let Ok(body) = serde_json::from_str::<ValidationErrorBody>(&text)
    {
        return ApiFailure::Validation(body.errors);
    }
    match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) if status == 401 => ApiFailure::Unauthorized(body.error.message),
        Ok(body) => ApiFailure::Server(body.error),
        Err(_) if status == 401 => {
            ApiFailure::Unauthorized("Oturumunuz sona erdi. Lütfen tekrar giriş yapınız.".into())
        }
        // A gateway's page instead of ours: the server is down or restarting.
        Err(_) if matches!(status, 502..=504) => ApiFailure::Unreachable,
        Err(_) => ApiFailure::Server(ApiError {
            code: ErrorCode::Unknown,
            message: format!("Beklenmeyen bir hata oluştu (HTTP {status}). Lütfen daha sonra tekrar deneyiniz."),
            retry_after_seconds: None,
            attempts_left: None,
        }),
    }
}

async fn json<T: DeserializeOwned>(request: Result<Request, gloo_net::Error>) -> ApiResult<T> {
    let text = body_text(request).await?;
    serde_json::from_str(&text).map_err(|_| ApiFailure::Unreachable)
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

fn with_body(builder: RequestBuilder, body: &impl Serialize) -> Result<Request, gloo_net::Error> {
    builder.json(body)
}

fn empty(builder: RequestBuilder) -> Result<Request, gloo_net::Error> {
    builder.build()
}

pub async fn me() -> ApiResult<Me> {
    json(empty(Request::get(&url("/me")))).await
}

pub async fn login(request: &LoginRequest) -> ApiResult<()> {
    send(with_body(Request::post(&url("/auth/login")), request)).await.map(drop)
}

pub async fn login_methods() -> ApiResult<LoginMethods> {
    json(empty(Request::get(&url("/auth/methods")))).await
}

pub async fn challenge() -> ApiResult<ChallengeResponse> {
    json(empty(Request::post(&url("/auth/challenge")))).await
}

pub async fn login_eimza(request: &EimzaLoginRequest) -> ApiResult<()> {
    send(with_body(Request::post(&url("/auth/eimza")), request)).await.map(drop)
}

pub async fn logout() -> ApiResult<()> {
    send(empty(Request::post(&url("/auth/logout")))).await.map(drop)
}

pub async fn applications() -> ApiResult<Vec<ApplicationSummary>> {
    json(empty(Request::get(&url("/applications")))).await
}

/// "Yenile" (`Renewal`), or the new card after a lost one (`LostStolen`): the application the
/// server created (prefilled from the last one), or the one of that reason already under way.
pub async fn start_application(reason: ApplicationReason) -> ApiResult<ApplicationDetail> {
    let body = NewApplicationRequest { reason };
    json(with_body(Request::post(&url("/applications")), &body)).await
}

pub async fn application(no: &str) -> ApiResult<ApplicationDetail> {
    json(empty(Request::get(&url(&format!("/applications/{no}"))))).await
}

pub async fn save_form(no: &str, form: &ApplicationForm) -> ApiResult<()> {
    send(with_body(Request::put(&url(&format!("/applications/{no}/form"))), form)).await.map(drop)
}

/// Where a one-time code goes: a cep telefonu (SMS Onayı), or the e-posta on record (the
/// confirmation an e-onay approval may ask for, `CONFIRMATION_REQUIRED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeChannel {
    Sms,
    Email,
}

/// What a one-time code confirms: an application's form, or a request about a certificate (by
/// SMS to the phone on record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeTarget {
    base: String,
    pub channel: CodeChannel,
}

impl CodeTarget {
    pub fn application(no: &str, channel: CodeChannel) -> CodeTarget {
        CodeTarget { base: format!("/applications/{no}"), channel }
    }

    pub fn certificate_request(id: i64) -> CodeTarget {
        CodeTarget { base: format!("/certificate-requests/{id}"), channel: CodeChannel::Sms }
    }

    fn path(&self) -> String {
        match self.channel {
            CodeChannel::Sms => format!("{}/sms", self.base),
            CodeChannel::Email => format!("{}/email-code", self.base),
        }
    }
}

/// A code that went out: to whom (masked), until when, and when another may be asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSent {
    pub masked_to: String,
    pub expires_at: String,
    pub resend_after_seconds: u32,
}

pub async fn send_code(target: &CodeTarget) -> ApiResult<CodeSent> {
    let request = empty(Request::post(&url(&target.path())));
    Ok(match target.channel {
        CodeChannel::Sms => {
            let SmsSent { masked_phone, expires_at, resend_after_seconds } = json(request).await?;
            CodeSent { masked_to: masked_phone, expires_at, resend_after_seconds }
        }
        CodeChannel::Email => {
            let EmailCodeSent { masked_email, expires_at, resend_after_seconds } = json(request).await?;
            CodeSent { masked_to: masked_email, expires_at, resend_after_seconds }
        }
    })
}

pub async fn verify_code(target: &CodeTarget, code: &str) -> ApiResult<()> {
    let body = SmsVerifyRequest { code: code.to_string() };
    send(with_body(Request::post(&url(&format!("{}/verify", target.path()))), &body)).await.map(drop)
}

pub async fn approve_with_e_onay(no: &str) -> ApiResult<()> {
    let body = EOnayApprovalRequest { commitment_accepted: true };
    send(with_body(Request::post(&url(&format!("/applications/{no}/e-onay"))), &body)).await.map(drop)
}

/// "Islak İmzalı Formu Oluştur": approve on paper; the form is locked and gets its form kodu.
pub async fn choose_wet_form(no: &str) -> ApiResult<()> {
    let body = WetFormRequest { commitment_accepted: true };
    send(with_body(Request::post(&url(&format!("/applications/{no}/wet-form"))), &body)).await.map(drop)
}

/// Where the browser downloads the printable form (a plain link: the session cookie goes along).
pub fn wet_form_pdf_url(no: &str) -> String {
    url(&format!("/applications/{no}/wet-form.pdf"))
}

/// What a signing session is for: the application form, the e-onay acceptance, the kurum
/// yetkilisi's approval of the listed taleps, or a request about a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigningTarget {
    Application(String),
    EOnay,
    Manifest(Vec<i64>),
    CertificateRequest(i64),
}

impl SigningTarget {
    fn session_path(&self) -> String {
        match self {
            SigningTarget::Application(no) => format!("/applications/{no}/signing-session"),
            SigningTarget::EOnay => "/e-onay".to_string(),
            SigningTarget::Manifest(_) => "/officer/manifests".to_string(),
            SigningTarget::CertificateRequest(id) => format!("/certificate-requests/{id}/signing-session"),
        }
    }

    fn signature_path(&self) -> String {
        match self {
            SigningTarget::Application(no) => format!("/applications/{no}/signature"),
            SigningTarget::EOnay => "/e-onay/signature".to_string(),
            SigningTarget::Manifest(_) => "/officer/manifests/signature".to_string(),
            SigningTarget::CertificateRequest(id) => format!("/certificate-requests/{id}/signature"),
        }
    }
}

pub async fn open_signing_session(target: &SigningTarget) -> ApiResult<SigningSession> {
    let request = Request::post(&url(&target.session_path()));
    json(match target {
        SigningTarget::Manifest(ids) => with_body(request, &ManifestRequest { talep_ids: ids.clone() }),
        SigningTarget::Application(_) | SigningTarget::EOnay | SigningTarget::CertificateRequest(_) => empty(request),
    })
    .await
}

pub async fn submit_signature(target: &SigningTarget, request: &SignatureRequest) -> ApiResult<()> {
    send(with_body(Request::post(&url(&target.signature_path())), request)).await.map(drop)
}

/// "Sertifikalarım": the person's certificates, the one ending last first.
pub async fn own_certificates() -> ApiResult<Vec<OwnCertificate>> {
    json(empty(Request::get(&url("/certificates")))).await
}

/// Opens a request to revoke, suspend or resume certificate `id`, to be confirmed.
pub async fn open_certificate_request(id: i64, body: &CertificateRequestBody) -> ApiResult<CertificateRequestOpened> {
    json(with_body(Request::post(&url(&format!("/certificates/{id}/requests"))), body)).await
}

/// "Tekrar Dene": sends a confirmed request the certificate authority could not be reached for.
pub async fn retry_certificate_request(id: i64) -> ApiResult<CertificateRequestDone> {
    json(empty(Request::post(&url(&format!("/certificate-requests/{id}/retry"))))).await
}

pub async fn e_onay_state() -> ApiResult<EOnayState> {
    json(empty(Request::get(&url("/e-onay")))).await
}

pub async fn revoke_e_onay() -> ApiResult<()> {
    send(empty(Request::delete(&url("/e-onay")))).await.map(drop)
}

/// Kurum İşlemleri: every talep the officer may see, newest first.
pub async fn officer_taleps() -> ApiResult<Vec<Talep>> {
    json(empty(Request::get(&url("/officer/taleps")))).await
}

/// The officer's step on talep `id`.
pub async fn decide_talep(id: i64, decision: &TalepDecision) -> ApiResult<Talep> {
    json(with_body(Request::post(&url(&format!("/officer/taleps/{id}/decision"))), decision)).await
}

/// "Talep Oluştur": a talep filed by a birim amiri or an e-imza yetkilisi.
pub async fn file_talep(request: &TalepRequest) -> ApiResult<Talep> {
    json(with_body(Request::post(&url("/officer/taleps")), request)).await
}

/// "Roller": every role held now in the e-imza yetkilisi's institutions.
pub async fn officer_roles() -> ApiResult<Vec<GrantedRole>> {
    json(empty(Request::get(&url("/officer/roles")))).await
}

pub async fn grant_role(request: &RoleGrantRequest) -> ApiResult<()> {
    send(with_body(Request::post(&url("/officer/roles")), request)).await.map(drop)
}

pub async fn revoke_role(id: i64) -> ApiResult<()> {
    send(empty(Request::delete(&url(&format!("/officer/roles/{id}"))))).await.map(drop)
}

/// One talep with its history.
pub async fn talep(id: i64) -> ApiResult<Talep> {
    json(empty(Request::get(&url(&format!("/officer/taleps/{id}"))))).await
}

/// Taleplerim: the person's own taleps.
pub async fn own_taleps() -> ApiResult<Vec<Talep>> {
    json(empty(Request::get(&url("/taleps")))).await
}

/// "Talep Gönder": a talep for oneself.
pub async fn file_own_talep(request: &StaffTalepRequest) -> ApiResult<Talep> {
    json(with_body(Request::post(&url("/taleps")), request)).await
}

/// The kurum names to choose from.
/// The bridge's packages the server offers (none when it was started without `--downloads-dir`).
pub async fn downloads() -> ApiResult<Vec<Download>> {
    json(empty(Request::get(&url("/downloads")))).await
}

/// Where a package of [`downloads`] is fetched.
pub fn download_url(file: &str) -> String {
    format!("/indir/{file}")
}

pub async fn institutions() -> ApiResult<Vec<String>> {
    json(empty(Request::get(&url("/institutions")))).await
}

/// "Yükle": a CSV of staff, each row a talep; all or none.
pub async fn upload_taleps(csv: String) -> ApiResult<Vec<Talep>> {
    json(Request::post(&url("/officer/taleps/csv")).header("Content-Type", "text/csv").body(csv)).await
}

/// "Islak İmzalı Formlar": the institution's applications approved on paper, newest first.
pub async fn wet_forms() -> ApiResult<Vec<WetForm>> {
    json(empty(Request::get(&url("/officer/wet-forms")))).await
}

/// "Teslim Al": the signed paper is at BİDB; `form_code` as read off it.
pub async fn receive_wet_form(no: &str, form_code: &str) -> ApiResult<WetForm> {
    let body = WetFormReceipt { form_code: form_code.to_owned() };
    json(with_body(Request::post(&url(&format!("/officer/wet-forms/{no}/received"))), &body)).await
}

/// "Gönderildi": the paper is on its way to Kamu SM under `tracking_no`.
pub async fn send_wet_form(no: &str, tracking_no: &str) -> ApiResult<WetForm> {
    let body = WetFormDispatch { tracking_no: tracking_no.to_owned() };
    json(with_body(Request::post(&url(&format!("/officer/wet-forms/{no}/sent"))), &body)).await
}

/// "Sertifikalar": the newest certificate of each person of the institution, soonest end first.
pub async fn officer_certificates() -> ApiResult<Vec<nes_core::expiry::StaffCertificate>> {
    json(empty(Request::get(&url("/officer/certificates")))).await
}

/// "İçe Aktar" on Sertifikalar: a certificate CSV (`tc_kimlik_no,seri_no,bitis`).
pub async fn import_certificates_csv(csv: String) -> ApiResult<CertificateImport> {
    json(Request::post(&url("/officer/certificates/csv")).header("Content-Type", "text/csv").body(csv)).await
}

/// "İçe Aktar" on Sertifikalar: certificate files (PEM or DER).
pub async fn import_certificate_files(files: &CertificateFiles) -> ApiResult<CertificateImport> {
    json(with_body(Request::post(&url("/officer/certificates/files")), files)).await
}

/// The CSV export of the certificates the office's `filter` shows (a plain link: the browser
/// downloads it with the session cookie).
pub fn officer_certificates_csv(filter: &nes_core::expiry::Filter) -> String {
    url(&format!("/officer/certificates.csv?{}", filter.query()))
}

/// "Başvurular": the applications of the e-imza yetkilisi's institution, newest first.
pub async fn officer_applications() -> ApiResult<Vec<InstitutionApplication>> {
    json(empty(Request::get(&url("/officer/applications")))).await
}

/// "Düzeltmeye Gönder": the application goes back to its person with `note`.
pub async fn send_back_application(no: &str, note: &str) -> ApiResult<InstitutionApplication> {
    let body = CorrectionRequest { note: note.to_owned() };
    json(with_body(Request::post(&url(&format!("/officer/applications/{no}/correction"))), &body)).await
}

/// İmzalarım: the person's own stored signatures.
pub async fn signatures() -> ApiResult<Vec<SignatureSummary>> {
    json(empty(Request::get(&url("/signatures")))).await
}

/// A stored signature's validation report (the person's own, or their institution's for officers).
pub async fn signature_report(id: i64) -> ApiResult<SignatureReport> {
    json(empty(Request::get(&url(&format!("/signatures/{id}/report"))))).await
}

/// Where the browser downloads the CAdES-T itself.
pub fn signature_file_url(id: i64) -> String {
    url(&format!("/signatures/{id}/cades.p7s"))
}
