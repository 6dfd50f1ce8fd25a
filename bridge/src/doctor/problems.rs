//! What `doctor` can find wrong, each with what it means and what to do, in Turkish: the table a
//! support desk reads from, as `pkcs11/errors.rs` is for the card's answers.

use serde::Serialize;

/// A problem's stable name (the JSON's `code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// No browser has our host manifest.
    NotInstalled,
    /// A manifest names a program that is not there (moved or removed).
    ManifestTargetMissing,
    /// The settings file cannot be read.
    ConfigInvalid,
    /// pcscd (Linux) or the Smart Card service (Windows) does not run.
    PcscUnavailable,
    NoReader,
    NoCard,
    /// A card whose ATR no family knows.
    UnknownCard,
    /// None of the PKCS#11 modules searched for is installed.
    DriverMissing,
    /// A module built for another processor than this host's.
    DriverWrongArchitecture,
    /// A module that is there but does not load or initialise.
    DriverFailed,
    /// Modules load, but no token shows a signing certificate.
    NoCertificate,
}

/// One finding: the problem, what was seen, and the remedy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: ProblemCode,
    /// What is wrong, with the particulars (a path, a reader).
    pub message: String,
    /// What to do about it.
    pub advice: &'static str,
}

impl Problem {
    pub fn new(code: ProblemCode, message: impl Into<String>) -> Problem {
        Problem { code, message: message.into(), advice: advice(code) }
    }
}

fn advice(code: ProblemCode) -> &'static str {
    match code {
        ProblemCode::NotInstalled => {
            "`nes-bridge install` komutunu çalıştırın (bilgisayarın tüm kullanıcıları için: `nes-bridge install --system`, yönetici olarak)."
        }
        ProblemCode::ManifestTargetMissing => {
            "nes-bridge taşınmış ya da silinmiş: yeniden kurun ya da yeni yerinden `nes-bridge install` çalıştırın."
        }
        ProblemCode::ConfigInvalid => "Ayar dosyasını düzeltin ya da silin (silinirse varsayılan ayarlar kullanılır).",
        ProblemCode::PcscUnavailable => {
            "Kart hizmetini başlatın: Linux'ta `sudo apt install pcscd` ve `sudo systemctl start pcscd`; Windows'ta \"Akıllı Kart\" (SCardSvr) hizmetini başlatın."
        }
        ProblemCode::NoReader => {
            "Kart okuyucuyu takın; takılıysa başka bir USB girişi deneyin ve okuyucu sürücüsünü kurun."
        }
        ProblemCode::NoCard => "E-imza kartınızı okuyucuya takın (çipi okuyucunun içine bakacak şekilde).",
        ProblemCode::UnknownCard => {
            "Bu kart tanınmadı: e-imza kartınızın takılı olduğundan emin olun; kartınızın sürücüsünü (AKİS için Kamu SM'nin sürücüsü) kurun."
        }
        ProblemCode::DriverMissing => {
            "Kartınızın sürücüsünü kurun: AKİS kartları için Kamu SM'nin \"AKİS Kart Sürücüsü\"nü (kamusm.gov.tr), diğer kartlar için OpenSC'yi."
        }
        ProblemCode::DriverWrongArchitecture => {
            "Sürücünün bu bilgisayara uygun sürümünü kurun (64 bit Windows ve Linux için 64 bit sürücü)."
        }
        ProblemCode::DriverFailed => "Sürücüyü kaldırıp yeniden kurun; kart okuyucuyu çıkarıp takın ve tekrar deneyin.",
        ProblemCode::NoCertificate => {
            "Kartta imza sertifikası görünmüyor: kartın doğru takıldığından ve sertifikanızın kartınıza yüklendiğinden emin olun."
        }
    }
}
