//! The TimeStampReq (RFC 3161 §2.4.1) sent for a signature value.

use const_oid::db::rfc5912::{ID_SHA_256, ID_SHA_384, ID_SHA_512};
use der::asn1::{Int, Null, OctetString, Uint};
use der::{Any, Encode};
use spki::AlgorithmIdentifier;
use x509_tsp::{MessageImprint, TimeStampReq, TspVersion};

use super::DigestAlgorithm;

/// A TimeStampReq v1 over `signature_value` (the SignerInfo's signature, ETSI EN 319 122-1 §5.3):
/// messageImprint with `digest`, `nonce` as a positive INTEGER, certReq so that the token carries
/// the TSA's certificate and can be checked without fetching it.
pub fn timestamp_request(signature_value: &[u8], digest: DigestAlgorithm, nonce: &[u8]) -> Vec<u8> {
    let request = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: message_imprint(signature_value, digest),
        req_policy: None,
        nonce: Some(positive_integer(nonce)),
        cert_req: true,
        extensions: None,
    };
    request.to_der().expect("a TimeStampReq of owned, valid parts encodes")
}

fn message_imprint(signature_value: &[u8], digest: DigestAlgorithm) -> MessageImprint {
    let oid = match digest {
        DigestAlgorithm::Sha256 => ID_SHA_256,
        DigestAlgorithm::Sha384 => ID_SHA_384,
        DigestAlgorithm::Sha512 => ID_SHA_512,
    };
    // Parameters NULL, as `openssl ts -query` and most TSA clients send them: RFC 5754 lets a
    // receiver accept absent parameters too, but older TSAs only know NULL.
    let hash_algorithm = AlgorithmIdentifier { oid, parameters: Some(Any::from(Null)) };
    let hashed_message = OctetString::new(digest.digest(signature_value)).expect("a digest fits an OCTET STRING");
    MessageImprint { hash_algorithm, hashed_message }
}

/// `bytes` read as an unsigned big-endian number: a nonce with its high bit set would otherwise be
/// a negative INTEGER, which some TSAs refuse and others echo back changed.
pub(super) fn positive_integer(bytes: &[u8]) -> Int {
    Int::from(Uint::new(bytes).expect("a nonce of a few bytes fits an INTEGER"))
}

#[cfg(test)]
mod tests {
    use der::Decode;

    use super::*;

    #[test]
    fn request_carries_the_digest_of_the_signature_value_a_positive_nonce_and_cert_req() {
        let der = timestamp_request(b"signature value", DigestAlgorithm::Sha384, &[0xff, 0x01]);
        let request = TimeStampReq::from_der(&der).unwrap();
        assert_eq!(request.version, TspVersion::V1);
        assert_eq!(request.message_imprint.hash_algorithm.oid, ID_SHA_384);
        assert_eq!(
            request.message_imprint.hashed_message.as_bytes(),
            DigestAlgorithm::Sha384.digest(b"signature value")
        );
        assert_eq!(request.nonce.unwrap().as_bytes(), [0x00, 0xff, 0x01]);
        assert!(request.cert_req);
    }

    #[test]
    fn nonce_keeps_its_value() {
        assert_eq!(positive_integer(&[0x00, 0x00, 0x7f]).as_bytes(), [0x7f]);
        assert_eq!(positive_integer(&[0x80]).as_bytes(), [0x00, 0x80]);
    }

    #[test]
    fn openssl_reads_the_request() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("request.tsq");
        std::fs::write(&path, timestamp_request(b"signature value", DigestAlgorithm::Sha256, &[0x9a; 8])).unwrap();
        let output = std::process::Command::new("openssl")
            .args(["ts", "-query", "-in", path.to_str().unwrap(), "-text"])
            .output()
            .expect("openssl is installed");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("Hash Algorithm: sha256"), "{text}");
        assert!(text.contains("Nonce: 0x9A9A9A9A9A9A9A9A"), "{text}");
        assert!(text.contains("Certificate required: yes"), "{text}");
    }
}
