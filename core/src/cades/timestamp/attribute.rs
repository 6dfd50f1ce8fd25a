//! The signature-time-stamp unsigned attribute of a CAdES signature: what it stamps (the
//! SignerInfo's signature value), adding a token to a CAdES-BES, and checking the one a CAdES-T has.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfo, SignerInfos};
use const_oid::db::rfc5911::ID_SIGNED_DATA;
use der::asn1::SetOfVec;
use der::{Any, Decode, Encode};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;

use super::token::verify_token;
use super::{ID_AA_SIGNATURE_TIME_STAMP_TOKEN, Timestamp, TimestampError};
use crate::cades::verify::{optional_value, parse};

/// The signature value of the single SignerInfo of `cades_der`: what a signature timestamp covers.
pub fn signature_value(cades_der: &[u8]) -> Result<Vec<u8>, TimestampError> {
    let signed_data = parse_signature(cades_der)?;
    Ok(single_signer(&signed_data)?.signature.as_bytes().to_vec())
}

/// `cms_der` with `token_der` (a TimeStampToken) as the signature-time-stamp unsigned attribute of
/// its single SignerInfo: a CAdES-T. Unsigned attributes are outside the signature, so everything
/// the signature covers is re-encoded from its parsed DER unchanged, and the CMS verifies as before.
/// A signature that already has a timestamp is refused: one per signature is what this server keeps.
pub fn add_signature_timestamp(cms_der: &[u8], token_der: &[u8]) -> Result<Vec<u8>, TimestampError> {
    ContentInfo::from_der(token_der).map_err(|_| TimestampError::Malformed)?;
    let token = Any::from_der(token_der).map_err(|_| TimestampError::Malformed)?;
    let mut signed_data = parse_signature(cms_der)?;
    let mut signer_info = single_signer(&signed_data)?.clone();
    if timestamp_token(&signer_info)?.is_some() {
        return Err(TimestampError::AlreadyTimestamped);
    }
    let attribute = Attribute {
        oid: ID_AA_SIGNATURE_TIME_STAMP_TOKEN,
        values: SetOfVec::try_from(vec![token]).map_err(|_| TimestampError::Malformed)?,
    };
    let mut unsigned = signer_info.unsigned_attrs.take().unwrap_or_default();
    unsigned.insert(attribute).map_err(|_| TimestampError::SignatureMalformed)?;
    signer_info.unsigned_attrs = Some(unsigned);
    signed_data.signer_infos =
        SignerInfos::try_from(vec![signer_info]).map_err(|_| TimestampError::SignatureMalformed)?;
    let content = Any::encode_from(&signed_data).map_err(|_| TimestampError::SignatureMalformed)?;
    ContentInfo { content_type: ID_SIGNED_DATA, content }.to_der().map_err(|_| TimestampError::SignatureMalformed)
}

/// Checks the signature timestamp of a stored CAdES-T against its signature value (there is no
/// nonce to compare then); `Ok(None)` when the signature has none.
pub fn verify_signature_timestamp(
    cades_der: &[u8],
    tsa_anchors: &[Certificate],
    now: i64,
) -> Result<Option<Timestamp>, TimestampError> {
    let signed_data = parse_signature(cades_der)?;
    let signer_info = single_signer(&signed_data)?;
    let Some(token) = timestamp_token(signer_info)? else { return Ok(None) };
    let token_der = token.to_der().map_err(|_| TimestampError::Malformed)?;
    verify_token(&token_der, signer_info.signature.as_bytes(), None, tsa_anchors, now).map(Some)
}

fn parse_signature(cms_der: &[u8]) -> Result<SignedData, TimestampError> {
    parse(cms_der).map_err(|_| TimestampError::SignatureMalformed)
}

fn single_signer(signed_data: &SignedData) -> Result<&SignerInfo, TimestampError> {
    match signed_data.signer_infos.0.as_slice() {
        [signer_info] => Ok(signer_info),
        _ => Err(TimestampError::SignatureMalformed),
    }
}

fn timestamp_token(signer_info: &SignerInfo) -> Result<Option<&Any>, TimestampError> {
    let Some(unsigned) = &signer_info.unsigned_attrs else { return Ok(None) };
    Ok(optional_value(unsigned.iter(), ID_AA_SIGNATURE_TIME_STAMP_TOKEN)?)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;

    use const_oid::db::rfc5911::ID_DATA;
    use der::asn1::OctetString;

    use super::*;

    fn openssl(dir: &Path, args: &[&str]) -> std::process::Output {
        let output = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl is installed");
        assert!(output.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        output
    }

    /// A self-signed signer and `openssl cms -sign -cades` of a short text, in `dir`.
    fn cades(dir: &Path) -> Vec<u8> {
        #[rustfmt::skip]
        openssl(dir, &[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-utf8", "-days", "1", "-subj", "/CN=İmzacı",
            "-keyout", "key.pem", "-out", "cert.pem",
        ]);
        std::fs::write(dir.join("content.txt"), "imzalanan metin").unwrap();
        #[rustfmt::skip]
        openssl(dir, &[
            "cms", "-sign", "-cades", "-nodetach", "-binary", "-outform", "DER", "-md", "sha256", "-in", "content.txt",
            "-signer", "cert.pem", "-inkey", "key.pem", "-out", "cades.der",
        ]);
        std::fs::read(dir.join("cades.der")).unwrap()
    }

    /// Any ContentInfo stands in for a token: adding does not judge it, verifying does.
    fn token() -> Vec<u8> {
        let content = Any::encode_from(&OctetString::new(b"token".to_vec()).unwrap()).unwrap();
        ContentInfo { content_type: ID_DATA, content }.to_der().unwrap()
    }

    fn signer_info(cms_der: &[u8]) -> SignerInfo {
        single_signer(&parse(cms_der).unwrap()).unwrap().clone()
    }

    #[test]
    fn adding_a_token_keeps_what_is_signed_and_openssl_still_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let bes = cades(dir.path());
        let t = add_signature_timestamp(&bes, &token()).unwrap();

        // The signed attributes, as openssl wrote them ([0] IMPLICIT SET), are in the CAdES-T verbatim.
        let (before, after) = (signer_info(&bes), signer_info(&t));
        let mut signed_attrs = before.signed_attrs.to_der().unwrap();
        signed_attrs[0] = 0xa0;
        let verbatim = |der: &[u8]| der.windows(signed_attrs.len()).any(|window| window == signed_attrs);
        assert!(verbatim(&bes) && verbatim(&t));
        assert_eq!(after.signature, before.signature);
        assert_eq!(signature_value(&t).unwrap(), before.signature.as_bytes());
        let unsigned = after.unsigned_attrs.unwrap();
        let value = optional_value(unsigned.iter(), ID_AA_SIGNATURE_TIME_STAMP_TOKEN).unwrap().unwrap();
        assert_eq!(value.to_der().unwrap(), token());
        let (data_before, data_after) = (parse(&bes).unwrap(), parse(&t).unwrap());
        assert_eq!(data_after.encap_content_info, data_before.encap_content_info);
        assert_eq!(data_after.certificates, data_before.certificates);

        std::fs::write(dir.path().join("t.der"), &t).unwrap();
        let output = openssl(
            dir.path(),
            &["cms", "-verify", "-inform", "DER", "-in", "t.der", "-CAfile", "cert.pem", "-purpose", "any"],
        );
        assert_eq!(output.stdout, b"imzalanan metin");
    }

    #[test]
    fn a_second_token_or_a_token_that_is_no_content_info_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let t = add_signature_timestamp(&cades(dir.path()), &token()).unwrap();
        assert_eq!(add_signature_timestamp(&t, &token()), Err(TimestampError::AlreadyTimestamped));
        let bes = cades(dir.path());
        assert_eq!(add_signature_timestamp(&bes, &[0x04, 0x01, 0x00]), Err(TimestampError::Malformed));
        assert_eq!(add_signature_timestamp(b"not a signature", &token()), Err(TimestampError::SignatureMalformed));
    }

    #[test]
    fn a_signature_without_timestamp_has_none_and_a_bad_token_is_malformed() {
        let dir = tempfile::tempdir().unwrap();
        let bes = cades(dir.path());
        assert_eq!(verify_signature_timestamp(&bes, &[], 0), Ok(None));
        let t = add_signature_timestamp(&bes, &token()).unwrap();
        // An id-data ContentInfo is no SignedData: not a token.
        assert_eq!(verify_signature_timestamp(&t, &[], 0), Err(TimestampError::Malformed));
        assert_eq!(signature_value(b"\x30\x00"), Err(TimestampError::SignatureMalformed));
    }
}
