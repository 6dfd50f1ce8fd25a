//! The bridge protocol: native-messaging requests and replies between the extension and the
//! `nes-bridge` host, and the page API between the web page and the extension. Documented in
//! `bridge/PROTOCOL.md` (keep the two in step).
//!
//! Native messaging: `{"id", "command", "arguments"}` → `{"id", "result"}` or `{"id", "error"}`.
//! Page API: `window.postMessage` with `source` = [`PAGE_SOURCE`] / [`EXTENSION_SOURCE`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use zeroize::Zeroizing;

/// The name browsers know the host by (its manifest file is `<HOST_NAME>.json`).
pub const HOST_NAME: &str = "tr.gov.nes_portal.bridge";
/// Bumped when a request or reply changes incompatibly.
pub const PROTOCOL_VERSION: u32 = 1;
/// Largest request the host reads; larger ones get `MESSAGE_TOO_LARGE`.
pub const MAX_REQUEST_BYTES: usize = 64 * 1024;
/// Chrome drops host messages of 1 MB or more; replies stay below this.
pub const MAX_REPLY_BYTES: usize = 1024 * 1024 - 1;
/// `format` of an [`AuthToken`]: the Web eID token layout, version 1.0.
pub const AUTH_TOKEN_FORMAT: &str = "web-eid:1.0";

/// A PIN on its way to the card: wiped from memory when dropped, never printed.
/// Deserialize-only: nothing in the system ever sends a PIN back.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(Zeroizing<String>);

impl Pin {
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(«gizli»)")
    }
}

impl<'de> Deserialize<'de> for Pin {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

/// `version` → the host's version and protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionResult {
    pub version: String,
    pub protocol: u32,
}

/// One PC/SC reader as `readers` and the page's `status` report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderInfo {
    pub name: String,
    pub card_present: bool,
    /// Upper-case hex of the card's ATR; `None` without a card.
    pub atr: Option<String>,
    /// `akis`, `opensc`, … or `unknown`; `None` without a card. See PROTOCOL.md.
    pub card_family: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadersResult {
    pub readers: Vec<ReaderInfo>,
}

/// A signing certificate found on a token (read without the PIN).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateInfo {
    /// Opaque; pass it back to `sign` / `authenticate`.
    pub id: String,
    pub subject_cn: String,
    /// Subject serialNumber: the T.C. Kimlik No on Kamu SM certificates.
    pub serial_number: Option<String>,
    pub issuer_cn: String,
    /// RFC 3339, UTC.
    pub not_before: String,
    pub not_after: String,
    /// e.g. `digitalSignature`, `nonRepudiation`.
    #[serde(default)]
    pub key_usage: Vec<String>,
    /// Base64 DER. Empty in the page's `card`, which shows only names and dates.
    #[serde(default)]
    pub der: String,
    /// The PC/SC reader holding the token, when the module names it.
    pub reader: Option<String>,
    /// The PKCS#11 token label.
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificatesResult {
    pub certificates: Vec<CertificateInfo>,
}

/// `sign` arguments: CAdES-BES over the exact UTF-8 bytes of `content`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignArguments {
    pub certificate_id: String,
    pub content: String,
    /// Absent when the reader has its own PIN pad.
    #[serde(default)]
    pub pin: Option<Pin>,
    /// Filled by the extension from the browser's `sender`, never by the page.
    pub origin: String,
    /// Absent: the key's default (SHA-256 for RSA; for EC the hash of the curve's size).
    #[serde(default)]
    pub hash_algorithm: Option<HashAlgorithm>,
    /// RSA keys only, ignored for EC keys; absent: `pkcs1`.
    #[serde(default)]
    pub rsa_padding: Option<RsaPadding>,
}

/// `sign`'s `hash_algorithm`: the digest of the content and of the signed attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HashAlgorithm {
    #[serde(rename = "SHA-256")]
    Sha256,
    #[serde(rename = "SHA-384")]
    Sha384,
    #[serde(rename = "SHA-512")]
    Sha512,
}

/// `sign`'s `rsa_padding`: RSASSA-PKCS1-v1_5 (what every card does) or RSASSA-PSS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RsaPadding {
    Pkcs1,
    Pss,
}

/// `sign` → base64 DER of a CMS ContentInfo(SignedData), CAdES-BES, content encapsulated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignResult {
    pub cms: String,
}

/// The state of one of a token's PINs, as its PKCS#11 flags tell it: the user PIN (CKF_USER_PIN_*)
/// or the PUK (CKF_SO_PIN_*: AKİS drivers, like SoftHSM, unblock the PIN with the security
/// officer's PIN). PKCS#11 has no count of tries; only "few left" and "the last one".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinState {
    pub count_low: bool,
    pub final_try: bool,
    pub locked: bool,
    /// The token asks for a new PIN (a card's transport PIN, or one set by an unblock).
    pub to_be_changed: bool,
}

impl PinState {
    /// Tries left when the token tells: only "final try" gives a number (1).
    pub fn retries_left(self) -> Option<u32> {
        self.final_try.then_some(1)
    }
}

/// A token (the card's PKCS#11 view) with its PIN states and signing certificates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    /// Opaque; pass it back to `change_pin` / `unblock_pin`.
    pub id: String,
    pub label: String,
    pub manufacturer: String,
    pub model: String,
    pub serial: String,
    /// The PC/SC reader holding the token, when the module names it.
    pub reader: Option<String>,
    /// The token's PIN length limits (0 when it does not say).
    pub pin_min_length: u32,
    pub pin_max_length: u32,
    /// The reader has its own PIN pad (CKF_PROTECTED_AUTHENTICATION_PATH).
    pub pin_pad: bool,
    pub pin: PinState,
    pub puk: PinState,
    pub certificates: Vec<CertificateInfo>,
}

/// `tokens` → every initialised token; none is an empty list, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensResult {
    pub tokens: Vec<TokenInfo>,
}

/// `change_pin` arguments: `C_SetPIN(pin, new_pin)` on the token.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePinArguments {
    pub token_id: String,
    pub pin: Pin,
    pub new_pin: Pin,
}

/// `unblock_pin` arguments: log in as the security officer with `puk`, then `C_InitPIN(new_pin)`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnblockPinArguments {
    pub token_id: String,
    pub puk: Pin,
    pub new_pin: Pin,
}

/// `change_pin` / `unblock_pin` (host and page) → the user PIN's state afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinResult {
    pub pin: PinState,
}

/// `authenticate` arguments: sign hash(hash(origin) ‖ hash(challenge_nonce)) (Web eID style).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthenticateArguments {
    pub challenge_nonce: String,
    pub origin: String,
    pub certificate_id: String,
    #[serde(default)]
    pub pin: Option<Pin>,
}

/// What an `authenticate` key signs, as a message: hash(origin) ‖ hash(challenge_nonce), each over
/// its UTF-8 bytes with the hash of the token's `algorithm` (SHA-384 for ES384). The key signs it
/// the JWS way, i.e. over hash(message). The host builds it and the server checks it, with this.
#[cfg(feature = "cades")]
pub fn auth_token_message(algorithm: crate::cades::build::SignatureAlgorithm, origin: &str, nonce: &str) -> Vec<u8> {
    let hash = algorithm.digest();
    [hash.digest(origin.as_bytes()), hash.digest(nonce.as_bytes())].concat()
}

/// `authenticate` → the login token, also the page's `authenticate` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthToken {
    /// Base64 DER of the certificate.
    pub certificate: String,
    /// The JWS name: `RS256` (RSASSA-PKCS1-v1_5 SHA-256) for RSA keys; `ES256`, `ES384` or `ES512`
    /// (ECDSA with the hash of the curve's size) for P-256, P-384 or P-521 keys.
    pub algorithm: String,
    /// Base64; for ES* the raw r‖s (2 × 32, 48 or 66 bytes, as in JWS), for RS* the PKCS#1 signature.
    pub signature: String,
    /// [`AUTH_TOKEN_FORMAT`].
    pub format: String,
}

/// Every error the page can see: the host's codes, then the extension's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    NoReader,
    NoCard,
    NoCertificate,
    /// The key is neither RSA nor EC on P-256/384/521, or the token lacks the mechanism (or its
    /// parameters) the chosen scheme needs, e.g. RSA-PSS.
    AlgorithmNotSupported,
    CardRemoved,
    PinIncorrect,
    PinLocked,
    PinInvalidFormat,
    /// A wrong PUK (the security officer's PIN) when unblocking the PIN.
    PukIncorrect,
    /// The PUK is blocked too: only the card's issuer can help.
    PukLocked,
    ModuleNotFound,
    OriginNotAllowed,
    BadRequest,
    MessageTooLarge,
    UnknownCommand,
    Internal,
    /// Extension: the host is not installed.
    HostNotFound,
    /// Extension: the host stopped unexpectedly.
    HostExited,
    /// Extension: the host manifest does not allow this extension.
    HostForbidden,
    /// Extension: the user closed the signing window or pressed İptal.
    UserCancelled,
    /// Extension: "Kalan Süre" ran out.
    Timeout,
}

impl ErrorCode {
    /// The Turkish message shown to the user.
    pub fn message(self) -> &'static str {
        match self {
            Self::NoReader => "Bilgisayara bağlı kart okuyucu bulunamadı. Kart okuyucunuzu takıp tekrar deneyiniz.",
            Self::NoCard => "Kart okuyucuda e-imza kartı bulunamadı. Kartınızı takıp tekrar deneyiniz.",
            Self::NoCertificate => "Takılı kartta imzalamaya uygun sertifika bulunamadı.",
            Self::AlgorithmNotSupported => "Kartınızdaki anahtar bu imza algoritmasını desteklemiyor.",
            Self::CardRemoved => "İşlem sırasında kart çıkarıldı. Kartınızı takıp tekrar deneyiniz.",
            Self::PinIncorrect => "PIN hatalı.",
            Self::PinLocked => "PIN kilitlendi. Kilidi PUK ile çözmeniz gerekir.",
            Self::PinInvalidFormat => "PIN biçimi geçersiz.",
            Self::PukIncorrect => "PUK hatalı.",
            Self::PukLocked => {
                "PUK kilitlendi. Kartınızın kilidi artık çözülemez; yeni kart için Kamu SM'ye (444 5 576) başvurunuz."
            }
            Self::ModuleNotFound => "Kartınızın sürücüsü (PKCS#11 modülü) bulunamadı. Kart sürücüsünü yükleyiniz.",
            Self::OriginNotAllowed => "Bu site e-imza eklentisini kullanmaya yetkili değil.",
            Self::BadRequest => "Geçersiz istek.",
            Self::MessageTooLarge => "İstek çok büyük.",
            Self::UnknownCommand => "Bilinmeyen komut.",
            Self::Internal => "Beklenmeyen bir hata oluştu.",
            Self::HostNotFound => {
                "E-imza bileşeni (nes-bridge) kurulu değil. Kurmak için `nes-bridge install` çalıştırınız."
            }
            Self::HostExited => "E-imza bileşeni (nes-bridge) beklenmedik şekilde kapandı. Tekrar deneyiniz.",
            Self::HostForbidden => {
                "E-imza bileşeni bu eklentiye izin vermiyor. `nes-bridge install` komutunu yeniden çalıştırınız."
            }
            Self::UserCancelled => "İşlem kullanıcı tarafından iptal edildi.",
            Self::Timeout => "İşlem süresi doldu.",
        }
    }

    /// Whether trying again (another PIN, inserting the card) can succeed without a new request.
    pub fn is_retriable(self) -> bool {
        matches!(
            self,
            Self::PinIncorrect
                | Self::PukIncorrect
                | Self::PinInvalidFormat
                | Self::NoCard
                | Self::CardRemoved
                | Self::NoReader
        )
    }
}

/// The `error` of a host reply or a page reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// With `PIN_INCORRECT` / `PUK_INCORRECT`, when the token tells how many tries remain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries_left: Option<u32>,
    /// With `PIN_INCORRECT` / `PUK_INCORRECT`, when the token says few tries remain without saying how many
    /// (PKCS#11 CKF_USER_PIN_COUNT_LOW: the standard interface has no count).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pin_count_low: bool,
}

impl ErrorBody {
    pub fn new(code: ErrorCode) -> Self {
        Self { code, message: code.message().to_owned(), retries_left: None, pin_count_low: false }
    }
}

/// A host reply: `result` xor `error`, with the request's `id` echoed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply<T> {
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

// ---- Page API (web page ↔ extension content script) ----

/// `source` of messages the page posts.
pub const PAGE_SOURCE: &str = "nes-portal-page";
/// `source` of messages the extension posts.
pub const EXTENSION_SOURCE: &str = "nes-portal-extension";

/// What the page asks the extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", content = "arguments", rename_all = "snake_case")]
pub enum PageCommand {
    Ping,
    Status,
    Sign(PageSignArguments),
    Authenticate(PageAuthenticateArguments),
    /// The readers and tokens with their PIN states, for the "e-İmza Kartım" page.
    Card,
    /// Opens the extension's PIN window to change the PIN.
    ChangePin(PagePinArguments),
    /// Opens the extension's PIN window to unblock the PIN with the PUK.
    UnblockPin(PagePinArguments),
}

/// Which token the PIN window starts with; the person may pick another there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagePinArguments {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSignArguments {
    /// The exact text shown in the signing window and signed.
    pub content: String,
    /// The doğrulama kodu the page shows, repeated in the signing window.
    pub verification_code: String,
    /// Passed on to the host's `sign` as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash_algorithm: Option<HashAlgorithm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsa_padding: Option<RsaPadding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageAuthenticateArguments {
    pub challenge_nonce: String,
}

/// `window.postMessage({source: "nes-portal-page", id, command, arguments}, location.origin)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    /// Always [`PAGE_SOURCE`].
    pub source: String,
    /// Unique per request; echoed in the reply.
    pub id: String,
    #[serde(flatten)]
    pub command: PageCommand,
}

impl PageRequest {
    pub fn new(id: impl Into<String>, command: PageCommand) -> Self {
        Self { source: PAGE_SOURCE.to_owned(), id: id.into(), command }
    }
}

/// The extension's reply to a [`PageRequest`]: `result` xor `error`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageReply<T> {
    /// Always [`EXTENSION_SOURCE`].
    pub source: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorBody>,
}

/// `ping` → the extension's version and protocol, and the host's when it answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PingResult {
    pub version: String,
    pub protocol: u32,
    #[serde(default)]
    pub host: Option<VersionResult>,
}

/// `status` → readers and how many signing certificates the inserted cards hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusResult {
    pub readers: Vec<ReaderInfo>,
    pub certificates: usize,
}

/// `card` → the readers and the tokens (no PIN is ever asked for or returned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardResult {
    pub readers: Vec<ReaderInfo>,
    pub tokens: Vec<TokenInfo>,
}

/// Page `sign` → the CAdES and the certificate the user chose (both base64 DER).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSignResult {
    pub cms: String,
    pub certificate: String,
}

/// Posted once by the content script on load: `{source, type: "ready", version}`. The content script
/// also sets `document.documentElement.dataset.nesPortalExtension = version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionReady {
    pub source: String,
    /// Always `ready`.
    #[serde(rename = "type")]
    pub kind: String,
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_screaming_snake_case_on_the_wire() {
        let body = ErrorBody { retries_left: Some(2), ..ErrorBody::new(ErrorCode::PinIncorrect) };
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["code"], "PIN_INCORRECT");
        assert_eq!(json["retries_left"], 2);
        let back: ErrorBody =
            serde_json::from_value(serde_json::json!({"code": "HOST_NOT_FOUND", "message": "x"})).unwrap();
        assert_eq!(back.code, ErrorCode::HostNotFound);
    }

    #[test]
    fn page_requests_match_the_documented_shape() {
        let sign = PageRequest::new(
            "r1",
            PageCommand::Sign(PageSignArguments {
                content: "metin".into(),
                verification_code: "123".into(),
                hash_algorithm: None,
                rsa_padding: None,
            }),
        );
        let json = serde_json::to_value(&sign).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"source": "nes-portal-page", "id": "r1", "command": "sign",
                "arguments": {"content": "metin", "verification_code": "123"}})
        );
        let ping: PageRequest =
            serde_json::from_value(serde_json::json!({"source": "nes-portal-page", "id": "p", "command": "ping"}))
                .unwrap();
        assert_eq!(ping.command, PageCommand::Ping);
    }

    #[test]
    fn pin_commands_have_the_documented_shape_and_hide_their_secrets() {
        let change = PageRequest::new("p", PageCommand::ChangePin(PagePinArguments { token_id: Some("t1".into()) }));
        assert_eq!(
            serde_json::to_value(&change).unwrap(),
            serde_json::json!({"source": "nes-portal-page", "id": "p", "command": "change_pin", "arguments": {"token_id": "t1"}})
        );
        let card: PageRequest =
            serde_json::from_value(serde_json::json!({"source": "nes-portal-page", "id": "c", "command": "card"}))
                .unwrap();
        assert_eq!(card.command, PageCommand::Card);
        let unblock: UnblockPinArguments =
            serde_json::from_value(serde_json::json!({"token_id": "t", "puk": "87654321", "new_pin": "135790"}))
                .unwrap();
        let shown = format!("{unblock:?}");
        assert!(!shown.contains("87654321") && !shown.contains("135790"), "{shown}");
        assert_eq!(PinState { final_try: true, ..Default::default() }.retries_left(), Some(1));
        assert_eq!(PinState { count_low: true, ..Default::default() }.retries_left(), None);
    }

    #[test]
    fn pin_never_shows_in_debug_output() {
        let arguments: SignArguments = serde_json::from_value(
            serde_json::json!({"certificate_id": "c", "content": "t", "pin": "123456", "origin": "https://x"}),
        )
        .unwrap();
        assert_eq!(arguments.pin.as_ref().map(Pin::expose), Some("123456"));
        assert!(!format!("{arguments:?}").contains("123456"));
    }

    #[test]
    fn sign_arguments_reject_unknown_fields() {
        let result: Result<SignArguments, _> = serde_json::from_value(
            serde_json::json!({"certificate_id": "c", "content": "t", "origin": "o", "extra": 1}),
        );
        assert!(result.is_err());
    }

    #[test]
    fn sign_arguments_take_the_documented_hash_and_padding_names_only() {
        let arguments = |extra: serde_json::Value| {
            let mut json = serde_json::json!({"certificate_id": "c", "content": "t", "origin": "o"});
            json.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            serde_json::from_value::<SignArguments>(json)
        };
        let absent = arguments(serde_json::json!({})).unwrap();
        assert_eq!((absent.hash_algorithm, absent.rsa_padding), (None, None));
        let chosen = arguments(serde_json::json!({"hash_algorithm": "SHA-512", "rsa_padding": "pss"})).unwrap();
        assert_eq!((chosen.hash_algorithm, chosen.rsa_padding), (Some(HashAlgorithm::Sha512), Some(RsaPadding::Pss)));
        for refused in [
            serde_json::json!({"hash_algorithm": "SHA-1"}),
            serde_json::json!({"hash_algorithm": "sha256"}),
            serde_json::json!({"rsa_padding": "PSS"}),
        ] {
            assert!(arguments(refused.clone()).is_err(), "{refused}");
        }
    }
}
