//! ESSCertIDv2 / SigningCertificateV2 (RFC 5035 §3): the signed attribute that binds a CAdES
//! signature to the signer's certificate, so the certificate cannot be swapped after signing.
//! Built by [`super::build`], checked by [`super::verify`].

use cms::cert::IssuerAndSerialNumber;
use const_oid::ObjectIdentifier;
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, DecodeValue, Encode, EncodeValue, Header, Length, Reader, Sequence, Tag, Writer};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use super::verify::DigestAlgorithm;

/// id-aa-signingCertificateV2 (1.2.840.113549.1.9.16.2.47).
pub const ID_AA_SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// id-sha256: the default `hashAlgorithm` of an ESSCertIDv2, omitted from the DER when used.
pub const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies SEQUENCE OF
/// PolicyInformation OPTIONAL }`. The first cert identifies the signer's certificate.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    pub policies: Option<Vec<Any>>,
}

/// `ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},
/// certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }`. The DER codec is written by hand
/// because der's derive handles DEFAULT only for `Copy` types.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct EssCertIdV2 {
    pub hash_algorithm: AlgorithmIdentifierOwned,
    pub cert_hash: OctetString,
    pub issuer_serial: Option<IssuerSerial>,
}

impl<'a> DecodeValue<'a> for EssCertIdV2 {
    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> der::Result<Self> {
        reader.read_nested(header.length, |reader| {
            let hash_algorithm = match reader.peek_tag()? {
                Tag::Sequence => reader.decode()?,
                _ => sha256_algorithm(),
            };
            Ok(Self { hash_algorithm, cert_hash: reader.decode()?, issuer_serial: reader.decode()? })
        })
    }
}

impl EncodeValue for EssCertIdV2 {
    fn value_len(&self) -> der::Result<Length> {
        self.encoded_hash_algorithm().encoded_len()?
            + self.cert_hash.encoded_len()?
            + self.issuer_serial.encoded_len()?
    }

    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        self.encoded_hash_algorithm().encode(writer)?;
        self.cert_hash.encode(writer)?;
        self.issuer_serial.encode(writer)
    }
}

impl Sequence<'_> for EssCertIdV2 {}

/// `IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct IssuerSerial {
    pub issuer: Vec<GeneralName>,
    pub serial_number: SerialNumber,
}

/// The DER default of [`EssCertIdV2::hash_algorithm`]: SHA-256 with absent parameters.
pub fn sha256_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: ID_SHA256, parameters: None }
}

impl EssCertIdV2 {
    /// DER omits a field equal to its DEFAULT.
    fn encoded_hash_algorithm(&self) -> Option<AlgorithmIdentifierOwned> {
        Some(self.hash_algorithm.clone()).filter(|algorithm| *algorithm != sha256_algorithm())
    }

    /// The SHA-256 ESSCertIDv2 of `certificate`, with its issuer and serial number.
    pub fn for_certificate(certificate: &Certificate) -> der::Result<Self> {
        let cert_hash = OctetString::new(Sha256::digest(certificate.to_der()?).to_vec())?;
        let tbs = &certificate.tbs_certificate;
        Ok(Self {
            hash_algorithm: sha256_algorithm(),
            cert_hash,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer.clone())],
                serial_number: tbs.serial_number.clone(),
            }),
        })
    }

    /// Whether this id names `certificate`: its hash (SHA-256, -384 or -512) and, when present,
    /// issuer and serial.
    pub fn matches(&self, certificate: &Certificate) -> bool {
        let Ok(der) = certificate.to_der() else { return false };
        let Ok(hash) = DigestAlgorithm::from_oid(&self.hash_algorithm.oid) else { return false };
        if self.cert_hash.as_bytes() != hash.digest(&der).as_slice() {
            return false;
        }
        self.issuer_serial.as_ref().is_none_or(|issuer_serial| issuer_serial.names(certificate))
    }
}

impl IssuerSerial {
    /// Whether this names `certificate`: its serial number, and its issuer among the names.
    pub fn names(&self, certificate: &Certificate) -> bool {
        let tbs = &certificate.tbs_certificate;
        self.serial_number == tbs.serial_number
            && self.issuer.iter().any(|name| matches!(name, GeneralName::DirectoryName(n) if *n == tbs.issuer))
    }
}

impl SigningCertificateV2 {
    /// Finds the signingCertificateV2 among signed attributes and decodes it.
    /// `Ok(None)` when absent; an error when present but malformed or multi-valued.
    pub fn from_attributes<'a>(attributes: impl IntoIterator<Item = &'a Attribute>) -> der::Result<Option<Self>> {
        let Some(attribute) = attributes.into_iter().find(|a| a.oid == ID_AA_SIGNING_CERTIFICATE_V2) else {
            return Ok(None);
        };
        let mut values = attribute.values.iter();
        match (values.next(), values.next()) {
            (Some(value), None) => Ok(Some(value.decode_as()?)),
            _ => Err(der::ErrorKind::Value { tag: der::Tag::Set }.into()),
        }
    }

    /// Whether the first (signer's) ESSCertIDv2 names `certificate`.
    pub fn names_signer(&self, certificate: &Certificate) -> bool {
        self.certs.first().is_some_and(|id| id.matches(certificate))
    }
}

/// The signed attribute `signingCertificateV2` for `certificate` (one ESSCertIDv2, SHA-256).
pub fn signing_certificate_v2_attribute(certificate: &Certificate) -> der::Result<Attribute> {
    let value = SigningCertificateV2 { certs: vec![EssCertIdV2::for_certificate(certificate)?], policies: None };
    let value = Any::from_der(&value.to_der()?)?;
    Ok(Attribute { oid: ID_AA_SIGNING_CERTIFICATE_V2, values: SetOfVec::try_from(vec![value])? })
}

/// The issuer and serial number of `certificate`, as a SignerInfo `sid` names it.
pub fn issuer_and_serial(certificate: &Certificate) -> IssuerAndSerialNumber {
    IssuerAndSerialNumber {
        issuer: certificate.tbs_certificate.issuer.clone(),
        serial_number: certificate.tbs_certificate.serial_number.clone(),
    }
}
