//! Texts that are signed or accepted. They are part of the domain, not of a screen: the server
//! builds signing content from them and the app and the extension show them, so every party sees
//! the same bytes.

/// The declaration the applicant signs above the form's canonical text (docs/texts.md).
pub const FORM_DECLARATION: &str = "Aşağıda yazılı bütün bilgilerin doğru olduğunu, aksi halde doğacak bütün zararlardan sorumlu olduğumu beyan ederim. Bu formdaki bilgilere göre şahsıma bir nitelikli elektronik sertifika hazırlanmasını talep ederim.";

/// The e-onay acceptance the person signs once; afterwards e-onay approves their applications.
pub const E_ONAY_ACCEPTANCE: &str = "Kamu SM sistemleri üzerinden güvenilir bir şekilde elektronik onayımın alınması kaydıyla bundan sonra yapacağım NES başvurularımın, imzalı başvuru formu göndermeme gerek kalmaksızın işleme alınmasını KABUL EDİYORUM.";

/// What e-onay is, shown above the acceptance.
pub const E_ONAY_EXPLANATION: &str = "E-Onay sayesinde, elektronik imzalı onayınızın alınması koşuluyla, bundan sonra yapacağınız NES başvurularında, imzalı başvuru formu göndermenize gerek kalmaksızın e-imzanızı daha hızlı temin edebilirsiniz.";

/// Kamu SM's reservation that goes with e-onay, shown above the acceptance.
pub const E_ONAY_RESERVATION: &str = "Kamu Sertifikasyon Merkezi başvuru formu ve taahhütnameye değişiklik yapma hakkını saklı tutar. Başvuru yapan kişi, başvuru formu ve taahhütnamenin, elektronik olarak onayladığı tarihteki halini kabul, beyan ve taahhüt eder.";

/// The text signed to log in with a card (e-imzalı giriş).
pub const LOGIN_DECLARATION: &str = "Kullanıcı servislerine elektronik imzalı olarak girme işlemini onaylıyorum.";

/// The text a signing session asks the card to sign: `content`, then the site that asked for the
/// signature and the doğrulama kodu of the session. A signature made for one site, or under one
/// code, is then a signature of another text anywhere else: it cannot be carried to another site or
/// session. The extension's window shows the same origin and code above the text.
pub fn bound_to_session(content: &str, origin: &str, verification_code: &str) -> String {
    format!("{content}\n\n{ORIGIN_LINE}{origin}\n{VERIFICATION_CODE_LINE}{verification_code}")
}

/// The line of a signed text that names the site that asked for the signature.
pub const ORIGIN_LINE: &str = "İmzayı isteyen site: ";
/// The line of a signed text that carries the doğrulama kodu.
pub const VERIFICATION_CODE_LINE: &str = "Doğrulama kodu: ";

/// The declaration the kurum yetkilisi signs above the list of taleps they approve at once.
pub const MANIFEST_DECLARATION: &str = "Aşağıda listelenen personel için nitelikli elektronik sertifika taleplerini kurumumuz adına onaylıyor, başvurularının Kamu SM'ye iletilmesini talep ediyorum.";

pub const COMMITMENT_TITLE: &str = "Nitelikli Elektronik Sertifika Sahibi Taahhütnamesi";

/// The commitment the applicant reads and accepts before approving (e-onay or e-imza). Kamu SM's
/// instructions name it without quoting it; these are the obligations 5070 sayılı Elektronik İmza
/// Kanunu and its regulation put on a certificate holder (docs/texts.md). An institution replaces it
/// with Kamu SM's current text.
pub const COMMITMENT_PARAGRAPHS: &[&str] = &[
    "Nitelikli elektronik sertifika başvurumda verdiğim bilgilerin doğru ve eksiksiz olduğunu, bilgilerimde bir değişiklik olması durumunda Kamu SM'ye derhal bildireceğimi,",
    "İmza oluşturma verisini (akıllı kart ve PIN) yalnızca kendim kullanacağımı, üçüncü kişilerin kullanımına izin vermeyeceğimi ve PIN/PUK bilgilerimi gizli tutacağımı,",
    "Akıllı kartımın kaybolması, çalınması ya da imza oluşturma verisinin gizliliğinden şüphe duymam durumunda sertifikamın iptali için Kamu SM'ye derhal başvuracağımı,",
    "Sertifikamı yalnızca sertifikada belirtilen kullanım amacı ve sınırları içinde kullanacağımı,",
    "5070 sayılı Elektronik İmza Kanunu ve ilgili mevzuat ile Kamu SM Sertifika Uygulama Esasları'nda sertifika sahibine yüklenen yükümlülüklere uyacağımı,",
    "Bu yükümlülüklere aykırı davranmam halinde doğacak zararlardan sorumlu olacağımı kabul, beyan ve taahhüt ederim.",
];
