//! The signature schemes the bridge makes with a card's key, a subset of what the verifier takes
//! (ETSI TS 119 312): RSASSA-PKCS1-v1_5 and RSASSA-PSS, ECDSA on P-256/384/521, each with
//! SHA-256/384/512. One place names each for CMS (an AlgorithmIdentifier) and for JWS (`RS256`, …),
//! and picks the default for a key.

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ECDSA_WITH_SHA_384, ECDSA_WITH_SHA_512, ID_EC_PUBLIC_KEY, ID_RSASSA_PSS, ID_SHA_256,
    ID_SHA_384, ID_SHA_512, RSA_ENCRYPTION, SECP_256_R_1, SECP_384_R_1, SECP_521_R_1, SHA_256_WITH_RSA_ENCRYPTION,
    SHA_384_WITH_RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION,
};
use der::Any;
use rsa::pkcs1::RsaPssParams;
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

use crate::bridge::{HashAlgorithm, RsaPadding};
use crate::cades::verify::DigestAlgorithm;

/// A signature scheme and its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5.
    RsaPkcs1(DigestAlgorithm),
    /// RSASSA-PSS with RFC 4055 parameters: MGF1 with the same hash, salt as long as the hash,
    /// trailerField 1 (the JWS `PS256` profile).
    RsaPss(DigestAlgorithm),
    /// ECDSA; the hash need not match the curve (FIPS 186-5 truncates or pads it).
    Ecdsa(DigestAlgorithm),
}

impl From<HashAlgorithm> for DigestAlgorithm {
    fn from(hash: HashAlgorithm) -> Self {
        match hash {
            HashAlgorithm::Sha256 => Self::Sha256,
            HashAlgorithm::Sha384 => Self::Sha384,
            HashAlgorithm::Sha512 => Self::Sha512,
        }
    }
}

impl SignatureAlgorithm {
    /// Every scheme, for looking one up by name.
    pub const ALL: [Self; 9] = {
        use DigestAlgorithm::*;
        [
            Self::RsaPkcs1(Sha256),
            Self::RsaPkcs1(Sha384),
            Self::RsaPkcs1(Sha512),
            Self::RsaPss(Sha256),
            Self::RsaPss(Sha384),
            Self::RsaPss(Sha512),
            Self::Ecdsa(Sha256),
            Self::Ecdsa(Sha384),
            Self::Ecdsa(Sha512),
        ]
    };

    /// The default for the certificate's key: PKCS#1 v1.5 with SHA-256 for RSA (what every card
    /// does); for EC the hash of the curve's size (SHA-256 on P-256, SHA-384 on P-384, SHA-512 on
    /// P-521). `None` for other key types and curves.
    pub fn for_certificate(certificate: &Certificate) -> Option<Self> {
        Self::choose(certificate, None, None)
    }

    /// The scheme for the certificate's key with the hash and RSA padding a `sign` request asked
    /// for, the default for those it left out. The padding is ignored for EC keys: the page asks
    /// before the person picks a certificate. `None` when the key is not RSA, P-256/384/521.
    pub fn choose(certificate: &Certificate, hash: Option<HashAlgorithm>, padding: Option<RsaPadding>) -> Option<Self> {
        let spki = &certificate.tbs_certificate.subject_public_key_info;
        let asked = hash.map(DigestAlgorithm::from);
        match spki.algorithm.oid {
            RSA_ENCRYPTION => {
                let hash = asked.unwrap_or(DigestAlgorithm::Sha256);
                Some(match padding.unwrap_or(RsaPadding::Pkcs1) {
                    RsaPadding::Pkcs1 => Self::RsaPkcs1(hash),
                    RsaPadding::Pss => Self::RsaPss(hash),
                })
            }
            ID_EC_PUBLIC_KEY => {
                let curve = spki.algorithm.parameters.as_ref()?.decode_as::<ObjectIdentifier>().ok()?;
                let curve_hash = match curve {
                    SECP_256_R_1 => DigestAlgorithm::Sha256,
                    SECP_384_R_1 => DigestAlgorithm::Sha384,
                    SECP_521_R_1 => DigestAlgorithm::Sha512,
                    _ => return None,
                };
                Some(Self::Ecdsa(asked.unwrap_or(curve_hash)))
            }
            _ => None,
        }
    }

    /// The hash of the content, of the signed attributes and inside the signature.
    pub fn digest(self) -> DigestAlgorithm {
        match self {
            Self::RsaPkcs1(digest) | Self::RsaPss(digest) | Self::Ecdsa(digest) => digest,
        }
    }

    /// The length of [`Self::digest`]'s output: what a token is given to sign.
    pub fn digest_len(self) -> usize {
        match self.digest() {
            DigestAlgorithm::Sha256 => 32,
            DigestAlgorithm::Sha384 => 48,
            DigestAlgorithm::Sha512 => 64,
        }
    }

    /// The digest's AlgorithmIdentifier (SignedData digestAlgorithms, SignerInfo digestAlgorithm),
    /// parameters absent as RFC 5754 §2 prefers.
    pub fn digest_identifier(self) -> AlgorithmIdentifierOwned {
        AlgorithmIdentifierOwned { oid: digest_oid(self.digest()), parameters: None }
    }

    /// The JWS name used in the `authenticate` token (RFC 7518 §3.1).
    pub fn jws_name(self) -> &'static str {
        use DigestAlgorithm::*;
        match self {
            Self::RsaPkcs1(Sha256) => "RS256",
            Self::RsaPkcs1(Sha384) => "RS384",
            Self::RsaPkcs1(Sha512) => "RS512",
            Self::RsaPss(Sha256) => "PS256",
            Self::RsaPss(Sha384) => "PS384",
            Self::RsaPss(Sha512) => "PS512",
            Self::Ecdsa(Sha256) => "ES256",
            Self::Ecdsa(Sha384) => "ES384",
            Self::Ecdsa(Sha512) => "ES512",
        }
    }

    /// The scheme a JWS name stands for; `None` for names we do not make.
    pub fn from_jws_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|algorithm| algorithm.jws_name() == name)
    }

    /// The SignerInfo `signatureAlgorithm`, also what the verifier takes for a login token:
    /// PKCS#1 v1.5 with NULL parameters, ECDSA without (RFC 5754), PSS with its RFC 4055 parameters.
    pub fn identifier(self) -> der::Result<AlgorithmIdentifierOwned> {
        use DigestAlgorithm::*;
        let (oid, parameters) = match self {
            Self::RsaPkcs1(Sha256) => (SHA_256_WITH_RSA_ENCRYPTION, Some(Any::null())),
            Self::RsaPkcs1(Sha384) => (SHA_384_WITH_RSA_ENCRYPTION, Some(Any::null())),
            Self::RsaPkcs1(Sha512) => (SHA_512_WITH_RSA_ENCRYPTION, Some(Any::null())),
            Self::RsaPss(digest) => {
                let salt_len = self.digest_len() as u8;
                let parameters = match digest {
                    Sha256 => RsaPssParams::new::<sha2::Sha256>(salt_len),
                    Sha384 => RsaPssParams::new::<sha2::Sha384>(salt_len),
                    Sha512 => RsaPssParams::new::<sha2::Sha512>(salt_len),
                };
                (ID_RSASSA_PSS, Some(Any::encode_from(&parameters)?))
            }
            Self::Ecdsa(Sha256) => (ECDSA_WITH_SHA_256, None),
            Self::Ecdsa(Sha384) => (ECDSA_WITH_SHA_384, None),
            Self::Ecdsa(Sha512) => (ECDSA_WITH_SHA_512, None),
        };
        Ok(AlgorithmIdentifierOwned { oid, parameters })
    }
}

fn digest_oid(digest: DigestAlgorithm) -> ObjectIdentifier {
    match digest {
        DigestAlgorithm::Sha256 => ID_SHA_256,
        DigestAlgorithm::Sha384 => ID_SHA_384,
        DigestAlgorithm::Sha512 => ID_SHA_512,
    }
}

#[cfg(test)]
mod tests {
    use const_oid::db::rfc5912::ID_MGF_1;
    use der::{Decode, Encode};

    use super::*;

    #[test]
    fn jws_names_are_unique_and_read_back() {
        for algorithm in SignatureAlgorithm::ALL {
            assert_eq!(SignatureAlgorithm::from_jws_name(algorithm.jws_name()), Some(algorithm));
        }
        for unknown in ["HS256", "none", "es256", "EdDSA", ""] {
            assert_eq!(SignatureAlgorithm::from_jws_name(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn pss_parameters_follow_rfc_4055_with_the_hash_length_salt() {
        use DigestAlgorithm::*;
        for (digest, oid, salt) in [(Sha256, ID_SHA_256, 32), (Sha384, ID_SHA_384, 48), (Sha512, ID_SHA_512, 64)] {
            let identifier = SignatureAlgorithm::RsaPss(digest).identifier().unwrap();
            assert_eq!(identifier.oid, ID_RSASSA_PSS);
            let der = identifier.parameters.unwrap().to_der().unwrap();
            let parameters = RsaPssParams::from_der(&der).unwrap();
            assert_eq!(parameters.hash.oid, oid);
            assert_eq!(parameters.mask_gen.oid, ID_MGF_1);
            assert_eq!(parameters.mask_gen.parameters.map(|hash| hash.oid), Some(oid));
            assert_eq!(parameters.salt_len, salt);
            assert_eq!(parameters.trailer_field, rsa::pkcs1::TrailerField::BC);
        }
    }
}
