//! ESSCertIDv2 / SigningCertificateV2 (RFC 5035). Owned by the "Bridge" issue.
