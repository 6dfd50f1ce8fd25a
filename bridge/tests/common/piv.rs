//! A PIV card (NIST SP 800-73-4) played over vpcd: one P-256 key in slot 9A with its certificate,
//! enough for OpenSC's PIV driver and its `opensc-pkcs11` module to list the certificate, verify
//! the PIN and sign. The PIN has a real retry counter (3 tries, then blocked), and the card can hold
//! a signature unanswered, so that a test pulls it out mid-operation.

use std::io;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use p256::ecdsa::signature::hazmat::PrehashSigner;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::DecodePrivateKey;
use serde_json::{Value, json};

use super::host::{HostProcess, code};
use super::vpcd::{Card, VirtualCard};

pub const PIN: &str = "123456";
pub const PIN_TRIES: u8 = 3;
/// ASCII: `openssl req -subj` reads the name as Latin-1, not UTF-8.
const SUBJECT_CN: &str = "AYSE YILMAZ piv";
/// What the fault tests sign.
pub const CONTENT: &str = "Başvuru formundaki bilgilerin doğruluğunu onaylıyorum.\nDoğrulama kodu: 829994526184196";
pub const ORIGIN: &str = "http://127.0.0.1:8080";

/// A `sign` of [`CONTENT`] with `certificate` (as `certificates` listed it).
pub fn sign_request(certificate: &Value, pin: &str) -> Value {
    json!({"id": "s", "command": "sign", "arguments": {
        "certificate_id": certificate["id"], "content": CONTENT, "pin": pin, "origin": ORIGIN}})
}

/// `reply` holds a CAdES-BES over [`CONTENT`] made with `certificate`'s key, checked by RustCrypto.
pub fn assert_signed(reply: &Value, certificate: &Value) {
    let cms = reply["result"]["cms"].as_str().unwrap_or_else(|| panic!("no signature: {reply}"));
    let signer = super::verify::rustcrypto_verifies(&super::verify::base64(cms), CONTENT);
    assert_eq!(signer, super::verify::certificate(certificate["der"].as_str().unwrap()));
}

/// OpenSC's PKCS#11 module, where the bridge itself looks for it.
fn opensc_module() -> Option<&'static str> {
    let opensc = nes_bridge::cards::FAMILIES.iter().find(|family| family.id == "opensc")?;
    opensc.modules.iter().copied().find(|module| Path::new(module).exists())
}

/// The host's environment: OpenSC's module only.
pub fn host_env() -> [(&'static str, &'static str); 1] {
    [("NES_PKCS11_MODULE", opensc_module().expect("OpenSC's module (checked by `available`)"))]
}

/// Whether pcscd with vpcd, OpenSC and openssl are here; under `CI=true` their absence fails.
pub fn available() -> bool {
    super::vpcd::pcscd_available()
        && super::require(opensc_module().is_some(), "OpenSC's PKCS#11 module not found (apt install opensc-pkcs11)")
        && super::require(super::has_program("openssl"), "openssl not found (apt install openssl)")
}

/// T=1 only (TD1 = 01), historical bytes "NES PIV!": in no driver's ATR table, so OpenSC finds the
/// PIV application by selecting it.
const ATR: [u8; 12] = with_check_byte([0x3B, 0x88, 0x01, b'N', b'E', b'S', b' ', b'P', b'I', b'V', b'!', 0]);
const PIV_AID: [u8; 11] = [0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00];
/// GET DATA's tag list for the X.509 Certificate for PIV Authentication (key 9A).
const CERTIFICATE_9A: [u8; 5] = [0x5C, 0x03, 0x5F, 0xC1, 0x05];
const ECC_P256: u8 = 0x11;
const KEY_9A: u8 = 0x9A;
const PIV_PIN: u8 = 0x80;

const OK: [u8; 2] = [0x90, 0x00];
const NOT_FOUND: [u8; 2] = [0x6A, 0x82];
const SECURITY_NOT_SATISFIED: [u8; 2] = [0x69, 0x82];
const BLOCKED: [u8; 2] = [0x69, 0x83];
const WRONG_DATA: [u8; 2] = [0x6A, 0x80];
const NOT_SUPPORTED: [u8; 2] = [0x6D, 0x00];

/// TCK: the XOR of every byte after TS is zero.
const fn with_check_byte<const N: usize>(mut atr: [u8; N]) -> [u8; N] {
    let mut check = 0;
    let mut i = 1;
    while i < N - 1 {
        check ^= atr[i];
        i += 1;
    }
    atr[N - 1] = check;
    atr
}

/// The card; clones share it, so its PIN counter outlives a removal.
#[derive(Clone)]
pub struct PivCard {
    applet: Arc<Mutex<Applet>>,
    pub certificate_der: Vec<u8>,
}

impl PivCard {
    /// A card with a fresh key and a self-signed certificate made by `openssl`, its PIN [`PIN`].
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let key_pem = dir.path().join("key.pem");
        let key_der = dir.path().join("key.der");
        let certificate = dir.path().join("certificate.der");
        openssl(&["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out"], &key_pem);
        openssl(
            &["pkcs8", "-topk8", "-nocrypt", "-outform", "DER", "-in", key_pem.to_str().unwrap(), "-out"],
            &key_der,
        );
        let subject = format!("/CN={SUBJECT_CN}/serialNumber={}/C=TR", super::softhsm::NATIONAL_ID);
        let request = [
            ["req", "-x509", "-new", "-days", "2", "-outform", "DER", "-subj", &subject].as_slice(),
            &["-addext", "keyUsage=critical,digitalSignature,nonRepudiation", "-key", key_pem.to_str().unwrap()],
            &["-out"],
        ]
        .concat();
        openssl(&request, &certificate);
        let key = SigningKey::from_pkcs8_der(&std::fs::read(&key_der).unwrap()).unwrap();
        let certificate_der = std::fs::read(&certificate).unwrap();
        // The PIV data object: 53 { 70 certificate, 71 CertInfo (not compressed), FE error detection }.
        let object = tlv(0x53, &[tlv(0x70, &certificate_der), tlv(0x71, &[0x00]), tlv(0xFE, &[])].concat());
        let applet =
            Applet { key, object, tries_left: PIN_TRIES, verified: false, pending: Vec::new(), hold_signature: None };
        Self { applet: Arc::new(Mutex::new(applet)), certificate_der }
    }

    pub fn insert(&self, port: u16) -> io::Result<VirtualCard> {
        VirtualCard::insert_card(port, &ATR, Shared(self.applet.clone()))
    }

    /// The next GENERAL AUTHENTICATE is left unanswered; the receiver hears when it arrives.
    pub fn hold_next_signature(&self) -> Receiver<()> {
        let (arrived, hear) = mpsc::channel();
        self.lock().hold_signature = Some(arrived);
        hear
    }

    /// The card's certificate as `host` lists it, once pcscd and OpenSC have seen the card.
    pub fn listed_by(&self, host: &mut HostProcess) -> Value {
        let der = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &self.certificate_der);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let reply = host.request(&json!({"id": "c", "command": "certificates"}));
            let listed =
                reply["result"]["certificates"].as_array().and_then(|all| all.iter().find(|c| c["der"] == der));
            if let Some(certificate) = listed {
                return certificate.clone();
            }
            assert!(Instant::now() < deadline, "the card's certificate is never listed: {reply}");
            assert!(matches!(code(&reply), "ok" | "NO_READER" | "NO_CARD"), "{reply}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn tries_left(&self) -> u8 {
        self.lock().tries_left
    }

    fn lock(&self) -> MutexGuard<'_, Applet> {
        self.applet.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn openssl(args: &[&str], out: &Path) {
    let output = Command::new("openssl").args(args).arg(out).output().expect("running openssl");
    assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

struct Shared(Arc<Mutex<Applet>>);

impl Card for Shared {
    fn transmit(&mut self, apdu: &[u8]) -> Option<Vec<u8>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).transmit(apdu)
    }

    fn reset(&mut self) {
        let mut applet = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        applet.verified = false;
        applet.pending.clear();
    }
}

struct Applet {
    key: SigningKey,
    object: Vec<u8>,
    tries_left: u8,
    verified: bool,
    /// Response data beyond what the last command could carry, for GET RESPONSE.
    pending: Vec<u8>,
    hold_signature: Option<Sender<()>>,
}

impl Applet {
    fn transmit(&mut self, apdu: &[u8]) -> Option<Vec<u8>> {
        let Some(command) = Apdu::parse(apdu) else { return Some(WRONG_DATA.to_vec()) };
        if command.ins != 0xC0 {
            self.pending.clear();
        }
        let answer = match (command.ins, command.p1, command.p2) {
            (0xA4, 0x04, _) if command.data.len() >= 5 && PIV_AID.starts_with(command.data) => {
                let template = [tlv(0x4F, &PIV_AID[5..]), tlv(0x79, &tlv(0x4F, &PIV_AID[..5]))].concat();
                self.respond(tlv(0x61, &template), command.le)
            }
            (0xCB, 0x3F, 0xFF) if command.data == CERTIFICATE_9A => self.respond(self.object.clone(), command.le),
            (0xC0, _, _) => {
                let rest = std::mem::take(&mut self.pending);
                self.respond(rest, command.le)
            }
            (0x20, 0x00, PIV_PIN) => self.verify(command.data),
            (0x87, ECC_P256, KEY_9A) if !self.verified => SECURITY_NOT_SATISFIED.to_vec(),
            (0x87, ECC_P256, KEY_9A) => {
                if let Some(arrived) = self.hold_signature.take() {
                    let _ = arrived.send(());
                    return None;
                }
                self.sign(command.data, command.le)
            }
            (0xA4 | 0xCB, _, _) => NOT_FOUND.to_vec(),
            _ => NOT_SUPPORTED.to_vec(),
        };
        Some(answer)
    }

    /// VERIFY: without data, the PIN's state; with it, a try that counts.
    fn verify(&mut self, pin: &[u8]) -> Vec<u8> {
        if self.tries_left == 0 {
            return BLOCKED.to_vec();
        }
        if pin.is_empty() {
            return if self.verified { OK.to_vec() } else { vec![0x63, 0xC0 | self.tries_left] };
        }
        let mut expected = [0xFF; 8];
        expected[..PIN.len()].copy_from_slice(PIN.as_bytes());
        self.verified = pin == expected;
        if self.verified {
            self.tries_left = PIN_TRIES;
            return OK.to_vec();
        }
        self.tries_left -= 1;
        vec![0x63, 0xC0 | self.tries_left]
    }

    /// GENERAL AUTHENTICATE: 7C { 82 00, 81 digest } → 7C { 82 DER ECDSA signature }.
    fn sign(&mut self, data: &[u8], le: usize) -> Vec<u8> {
        let Some(digest) = find_tlv(data, 0x7C).and_then(|template| find_tlv(template, 0x81)) else {
            return WRONG_DATA.to_vec();
        };
        let signature: Signature = self.key.sign_prehash(digest).expect("a 32-byte digest");
        self.respond(tlv(0x7C, &tlv(0x82, signature.to_der().as_bytes())), le)
    }

    /// As much of `data` as `le` allows, then 61xx while more is pending.
    fn respond(&mut self, mut data: Vec<u8>, le: usize) -> Vec<u8> {
        let rest = data.split_off(le.min(data.len()));
        let status = match rest.len() {
            0 => OK,
            more => [0x61, more.min(256) as u8],
        };
        self.pending = rest;
        data.extend_from_slice(&status);
        data
    }
}

/// A short APDU: header, optional Lc and data, optional Le (0 means 256).
struct Apdu<'a> {
    ins: u8,
    p1: u8,
    p2: u8,
    data: &'a [u8],
    le: usize,
}

impl<'a> Apdu<'a> {
    fn parse(apdu: &'a [u8]) -> Option<Self> {
        let (header, body) = apdu.split_at_checked(4)?;
        let le = |byte: u8| if byte == 0 { 256 } else { usize::from(byte) };
        let (data, le) = match body {
            [] => (&body[..0], 256),
            [only] => (&body[..0], le(*only)),
            [lc, rest @ ..] if rest.len() == usize::from(*lc) => (rest, 256),
            [lc, rest @ ..] if rest.len() == usize::from(*lc) + 1 => {
                (&rest[..rest.len() - 1], le(rest[rest.len() - 1]))
            }
            _ => return None,
        };
        Some(Self { ins: header[1], p1: header[2], p2: header[3], data, le })
    }
}

/// One BER-TLV with a one-byte tag.
fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
    let length = match value.len() {
        n @ 0..=0x7F => vec![n as u8],
        n @ 0x80..=0xFF => vec![0x81, n as u8],
        n => vec![0x82, (n >> 8) as u8, n as u8],
    };
    [&[tag][..], &length, value].concat()
}

/// The value of the first `tag` in a list of one-byte-tag TLVs.
fn find_tlv(mut data: &[u8], tag: u8) -> Option<&[u8]> {
    while let [found, first, rest @ ..] = data {
        let (length, rest) = match first {
            0x81 => (usize::from(*rest.first()?), &rest[1..]),
            0x82 => (usize::from(u16::from_be_bytes([*rest.first()?, *rest.get(1)?])), &rest[2..]),
            short => (usize::from(*short), rest),
        };
        let (value, next) = rest.split_at_checked(length)?;
        if *found == tag {
            return Some(value);
        }
        data = next;
    }
    None
}
