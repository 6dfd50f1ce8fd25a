//! Certificate files: PEM with one or more `CERTIFICATE` blocks (a certificate, or one with its
//! chain) or a single DER certificate (`.cer`, `.crt`, `.der`). The holder is the subject's
//! serialNumber, as on every Turkish NES certificate; a chain's CA certificates are nobody's and are
//! passed over.

use der::Decode;
use x509_cert::Certificate;

use super::{Imported, Names, Upload, serial_key};
use crate::NationalId;
use crate::cades::verify::CertificateInfo;
use crate::cades::verify::certificate::is_ca;

/// Adds the certificates of the file `name` to `upload`; one the file holds no certificate of, or
/// that names no valid T.C. Kimlik No, is a problem of that file.
pub fn add(upload: &mut Upload, name: &str, bytes: &[u8]) {
    let certificates = match read(bytes) {
        Ok(certificates) => certificates,
        Err(reason) => return upload.add(name.to_owned(), Err(reason)),
    };
    let staff: Vec<&Certificate> = certificates.iter().filter(|certificate| !is_ca(certificate)).collect();
    if staff.is_empty() {
        return upload
            .add(name.to_owned(), Err("dosyada bir kişinin sertifikası yok (yalnızca SM sertifikaları)".into()));
    }
    let several = staff.len() > 1;
    for (index, certificate) in staff.into_iter().enumerate() {
        let place = if several { format!("{name} ({}. sertifika)", index + 1) } else { name.to_owned() };
        upload.add(place, imported(certificate));
    }
}

fn read(bytes: &[u8]) -> Result<Vec<Certificate>, String> {
    let pem = bytes.windows(11).any(|window| window == b"-----BEGIN ");
    if pem {
        match Certificate::load_pem_chain(bytes) {
            Ok(certificates) if !certificates.is_empty() => Ok(certificates),
            _ => Err("PEM dosyası okunamadı; yalnızca CERTIFICATE blokları olmalı".into()),
        }
    } else {
        Certificate::from_der(bytes)
            .map(|certificate| vec![certificate])
            .map_err(|_| "sertifika okunamadı; PEM veya DER biçiminde bir X.509 sertifikası olmalı".into())
    }
}

fn imported(certificate: &Certificate) -> Result<Imported, String> {
    let info = CertificateInfo::of(certificate);
    let holder = info.holder_national_id().ok_or("sertifikanın sahibinde T.C. Kimlik No (serialNumber) yok")?;
    let national_id = NationalId::parse(holder).map_err(|e| format!("sertifikadaki {e}"))?;
    Ok(Imported {
        national_id,
        serial: serial_key(&info.certificate_serial),
        not_after: info.not_after,
        names: Some(Names { issuer_cn: info.issuer_cn, subject_cn: info.subject_cn }),
    })
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;
    use std::time::Duration;

    use der::{Encode, EncodePem};
    use p256::ecdsa::{DerSignature, SigningKey};
    use spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
    use x509_cert::builder::{Builder, CertificateBuilder, Profile};
    use x509_cert::name::Name;
    use x509_cert::serial_number::SerialNumber;
    use x509_cert::time::Validity;

    use super::*;

    /// A self-signed certificate (CA or not) for `subject`, serial `serial`.
    fn certificate(subject: &str, serial: u32, ca: bool) -> Certificate {
        let key = SigningKey::from_slice(&[7u8; 32]).unwrap();
        let spki_der = key.verifying_key().to_public_key_der().unwrap();
        let spki = SubjectPublicKeyInfoOwned::from_der(spki_der.as_bytes()).unwrap();
        let profile = if ca {
            Profile::Root
        } else {
            Profile::Leaf {
                issuer: Name::from_str("CN=Test SM").unwrap(),
                enable_key_agreement: false,
                enable_key_encipherment: false,
            }
        };
        let validity = Validity::from_now(Duration::from_secs(3600)).unwrap();
        let name = Name::from_str(subject).unwrap();
        CertificateBuilder::new(profile, SerialNumber::from(serial), validity, name, spki, &key)
            .unwrap()
            .build::<DerSignature>()
            .unwrap()
    }

    fn pem(certificates: &[&Certificate]) -> Vec<u8> {
        certificates.iter().map(|c| c.to_pem(der::pem::LineEnding::LF).unwrap()).collect::<String>().into_bytes()
    }

    fn read_all(files: &[(&str, Vec<u8>)]) -> Result<Vec<super::super::Item>, Vec<String>> {
        let mut upload = Upload::default();
        for (name, bytes) in files {
            add(&mut upload, name, bytes);
        }
        upload.finish()
    }

    #[test]
    fn pem_with_its_chain_and_der_give_their_holders() {
        let ayse = certificate("CN=AYŞE YILMAZ,serialNumber=10000000146", 0x0A1B, false);
        let ali = certificate("CN=ALİ VELİ,serialNumber=PNOTR-12345678950", 0xFF, false);
        let root = certificate("CN=Test SM", 1, true);
        let items = read_all(&[("ayse.pem", pem(&[&ayse, &root])), ("ali.cer", ali.to_der().unwrap())]).unwrap();
        assert_eq!(items.len(), 2, "the SM certificate is passed over");
        assert_eq!(items[0].place, "ayse.pem");
        assert_eq!(items[0].certificate.national_id.as_str(), "10000000146");
        assert_eq!(items[0].certificate.serial, "A1B");
        let names = items[0].certificate.names.as_ref().unwrap();
        assert_eq!((names.issuer_cn.as_str(), names.subject_cn.as_str()), ("Test SM", "AYŞE YILMAZ"));
        assert_eq!(items[1].certificate.national_id.as_str(), "12345678950", "PNOTR- prefix");
        let both = read_all(&[("iki.pem", pem(&[&ayse, &ali]))]).unwrap();
        assert_eq!(both[1].place, "iki.pem (2. sertifika)");
    }

    #[test]
    fn files_that_are_not_staff_certificates_are_problems_of_their_file() {
        let nobody = certificate("CN=KİMSE", 5, false);
        let wrong = certificate("CN=YANLIŞ,serialNumber=12345678951", 6, false);
        let root = certificate("CN=Test SM", 1, true);
        let errors = read_all(&[
            ("bos.pem", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".to_vec()),
            ("metin.der", b"not a certificate".to_vec()),
            ("kimse.crt", nobody.to_der().unwrap()),
            ("yanlis.der", wrong.to_der().unwrap()),
            ("sm.pem", pem(&[&root])),
        ])
        .unwrap_err();
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(errors[0].starts_with("bos.pem: PEM dosyası okunamadı"), "{errors:?}");
        assert!(errors[1].starts_with("metin.der: sertifika okunamadı"), "{errors:?}");
        assert!(errors[2].starts_with("kimse.crt: sertifikanın sahibinde T.C. Kimlik No"), "{errors:?}");
        assert!(errors[3].starts_with("yanlis.der: sertifikadaki T.C. Kimlik No geçersiz"), "{errors:?}");
        assert!(errors[4].starts_with("sm.pem: dosyada bir kişinin sertifikası yok"), "{errors:?}");
    }
}
