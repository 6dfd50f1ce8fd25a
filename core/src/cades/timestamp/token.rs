//! A TimeStampResp (RFC 3161 §2.4.2) and the TimeStampToken in it, checked as the module docs of
//! [`super`] list.

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5911::{ID_CONTENT_TYPE, ID_MESSAGE_DIGEST};
use der::asn1::{Int, OctetStringRef, Uint};
use der::{Decode, Encode};
use x509_cert::Certificate;
use x509_tsp::TimeStampResp;

use super::request::positive_integer;
use super::tsa_certificate::{check_named, verify_tsa_certificate};
use super::tst_info::TstInfo;
use super::{DigestAlgorithm, ID_CT_TST_INFO, MAX_CLOCK_SKEW_SECONDS, Timestamp, TimestampError};
use crate::cades::verify::{certificates, find_signer, parse, single_value, verify_signer_signature};

/// Checks the TSA's answer to [`super::timestamp_request`]`(signature_value, _, nonce)`; `now` is
/// Unix seconds. A status other than granted (or granted with modifications) is
/// [`TimestampError::Rejected`] with the TSA's own words.
pub fn verify_timestamp_response(
    response_der: &[u8],
    signature_value: &[u8],
    nonce: &[u8],
    tsa_anchors: &[Certificate],
    now: i64,
) -> Result<Timestamp, TimestampError> {
    let response = TimeStampResp::from_der(response_der).map_err(|_| TimestampError::Malformed)?;
    // PKIStatus: granted (0) or grantedWithMods (1) carry a token; the rest explain why not.
    let status = response.status.status as u8;
    if status > 1 {
        let words: Vec<&str> = response.status.status_string.iter().flatten().map(|text| text.as_str()).collect();
        let detail =
            if words.is_empty() { format!("durum {status}") } else { format!("durum {status}: {}", words.join(" ")) };
        return Err(TimestampError::Rejected(detail));
    }
    let token = response.time_stamp_token.ok_or(TimestampError::Malformed)?;
    let token_der = token.to_der().map_err(|_| TimestampError::Malformed)?;
    verify_token(&token_der, signature_value, Some(&positive_integer(nonce)), tsa_anchors, now)
}

/// Checks a TimeStampToken over `signature_value`; `nonce` is ours when we asked for this token just
/// now, `None` for a token read back from a stored signature.
pub(super) fn verify_token(
    token_der: &[u8],
    signature_value: &[u8],
    nonce: Option<&Int>,
    tsa_anchors: &[Certificate],
    now: i64,
) -> Result<Timestamp, TimestampError> {
    let signed_data = parse(token_der)?;
    let encapsulated = &signed_data.encap_content_info;
    if encapsulated.econtent_type != ID_CT_TST_INFO {
        return Err(TimestampError::Malformed);
    }
    let econtent = encapsulated.econtent.as_ref().ok_or(TimestampError::Malformed)?;
    let tst_info_der = econtent.decode_as::<OctetStringRef<'_>>().map_err(|_| TimestampError::Malformed)?.as_bytes();
    let tst_info = TstInfo::from_der(tst_info_der).map_err(|_| TimestampError::Malformed)?;

    let imprint = &tst_info.message_imprint;
    let digest_algorithm = DigestAlgorithm::from_oid(&imprint.hash_algorithm.oid)?;
    if imprint.hashed_message.as_bytes() != digest_algorithm.digest(signature_value).as_slice() {
        return Err(TimestampError::NotForThisSignature);
    }
    if nonce.is_some_and(|nonce| tst_info.nonce.as_ref() != Some(nonce)) {
        return Err(TimestampError::NotForThisSignature);
    }

    let [signer_info] = signed_data.signer_infos.0.as_slice() else { return Err(TimestampError::Malformed) };
    let certificates = certificates(&signed_data);
    let tsa = find_signer(signer_info, &certificates)?;
    let attributes = signer_info.signed_attrs.as_ref().ok_or(TimestampError::Malformed)?;
    let signer_digest = DigestAlgorithm::from_oid(&signer_info.digest_alg.oid)?;
    let content_type = single_value(attributes.iter(), ID_CONTENT_TYPE)?;
    if content_type.decode_as::<ObjectIdentifier>() != Ok(ID_CT_TST_INFO) {
        return Err(TimestampError::Malformed);
    }
    let message_digest = single_value(attributes.iter(), ID_MESSAGE_DIGEST)?;
    let message_digest = message_digest.decode_as::<OctetStringRef<'_>>().map_err(|_| TimestampError::Malformed)?;
    if message_digest.as_bytes() != signer_digest.digest(tst_info_der).as_slice() {
        // The TSTInfo is not the one the TSA signed.
        return Err(TimestampError::BadSignature);
    }
    check_named(attributes.as_slice(), tsa)?;
    verify_signer_signature(
        &tsa.tbs_certificate.subject_public_key_info,
        &signer_info.signature_algorithm,
        signer_digest,
        &attributes.to_der().map_err(|_| TimestampError::Malformed)?,
        signer_info.signature.as_bytes(),
    )?;

    let gen_time = tst_info.gen_time;
    let info = verify_tsa_certificate(tsa, &certificates, tsa_anchors, gen_time)?;
    if gen_time > now.saturating_add(MAX_CLOCK_SKEW_SECONDS) {
        return Err(TimestampError::InFuture);
    }
    Ok(Timestamp {
        gen_time,
        tsa: info.subject_cn,
        serial: serial_hex(&tst_info.serial_number),
        digest_algorithm,
        token_der: token_der.to_vec(),
    })
}

/// The serial number as upper-case hex without leading zero bytes.
fn serial_hex(serial: &Int) -> String {
    let bytes = Uint::new(serial.as_bytes()).map(|uint| uint.as_bytes().to_vec()).unwrap_or_default();
    bytes.iter().map(|byte| format!("{byte:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verify(response_der: &[u8]) -> Result<Timestamp, TimestampError> {
        verify_timestamp_response(response_der, b"signature", &[1; 8], &[], 0)
    }

    #[test]
    fn a_rejection_carries_the_tsa_status_text() {
        // TimeStampResp { status { rejection, statusString { "bad alg" } } }
        let response = [
            0x30, 0x10, 0x30, 0x0e, 0x02, 0x01, 0x02, 0x30, 0x09, 0x0c, 0x07, b'b', b'a', b'd', b' ', b'a', b'l', b'g',
        ];
        assert_eq!(verify(&response), Err(TimestampError::Rejected("durum 2: bad alg".into())));
        assert_eq!(
            verify(&response).unwrap_err().to_string(),
            "Zaman damgası sunucusu isteği reddetti (durum 2: bad alg)."
        );
        // TimeStampResp { status { waiting } }
        assert_eq!(
            verify(&[0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x03]),
            Err(TimestampError::Rejected("durum 3".into()))
        );
    }

    #[test]
    fn a_grant_without_a_token_or_garbage_is_malformed() {
        assert_eq!(verify(&[0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x00]), Err(TimestampError::Malformed));
        assert_eq!(verify(b"<html>Service Unavailable</html>"), Err(TimestampError::Malformed));
        assert_eq!(verify(&[]), Err(TimestampError::Malformed));
    }

    #[test]
    fn serials_are_hex_without_sign_bytes() {
        assert_eq!(serial_hex(&Int::new(&[0x00, 0x9a, 0x01]).unwrap()), "9A01");
        assert_eq!(serial_hex(&Int::new(&[0x04]).unwrap()), "04");
    }
}
