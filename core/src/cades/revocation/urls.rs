//! Where a certificate says its status is told: the OCSP responders of its authorityInfoAccess
//! and the CRLs of its cRLDistributionPoints. Only `http:` URLs: RFC 5280 §4.2.1.13 and RFC 6960
//! answers are signed, so TLS adds nothing, and `ldap:` is not something the server speaks.

use const_oid::db::rfc5280::ID_AD_OCSP;
use x509_cert::Certificate;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{AuthorityInfoAccessSyntax, CrlDistributionPoints};

use crate::cades::verify::certificate::extension;

/// The certificate's OCSP responder URLs (id-ad-ocsp), in the order it lists them.
pub fn ocsp_urls(certificate: &Certificate) -> Vec<String> {
    let Some(access) = extension::<AuthorityInfoAccessSyntax>(certificate) else { return Vec::new() };
    access
        .0
        .iter()
        .filter(|description| description.access_method == ID_AD_OCSP)
        .filter_map(|d| http(&d.access_location))
        .collect()
}

/// The certificate's CRL URLs (distribution points given by fullName), in the order it lists them.
pub fn crl_urls(certificate: &Certificate) -> Vec<String> {
    let Some(points) = extension::<CrlDistributionPoints>(certificate) else { return Vec::new() };
    points
        .0
        .iter()
        .filter_map(|point| match &point.distribution_point {
            Some(DistributionPointName::FullName(names)) => Some(names),
            _ => None,
        })
        .flatten()
        .filter_map(http)
        .collect()
}

fn http(name: &GeneralName) -> Option<String> {
    match name {
        GeneralName::UniformResourceIdentifier(uri)
            if uri.as_str().get(..7).is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://")) =>
        {
            Some(uri.to_string())
        }
        _ => None,
    }
}
