-- Every signature the server accepted, with the evidence that makes it hold up later (issue 13):
-- the CAdES-T (the signature with its RFC 3161 timestamp), the text signed, the revocation answers
-- the acceptance relied on, and the validation report made then. Never updated, never deleted: an
-- e-onay withdrawn or an approval superseded leaves its signature here.
CREATE TABLE signatures (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons(id),
    -- 'application', 'e_onay' or 'talep_manifest', and which one.
    purpose TEXT NOT NULL,
    application_id BIGINT REFERENCES applications(id),
    manifest_id BIGINT REFERENCES talep_manifests(id),
    -- Whose officers may read the report: the application's or the manifest's institution.
    institution_id BIGINT REFERENCES institutions(id),
    cms BLOB NOT NULL,
    content TEXT NOT NULL,
    -- nes_core::signature_report::SignatureReport as JSON.
    report TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    accepted_at BIGINT NOT NULL,
    timestamped_at BIGINT
);
CREATE INDEX signatures_person ON signatures(person_id);
CREATE INDEX signatures_application ON signatures(application_id);

-- The OCSP responses and CRLs (DER) behind a signature's revocation lines, in chain order.
CREATE TABLE signature_revocation_values (
    id INTEGER PRIMARY KEY,
    signature_id BIGINT NOT NULL REFERENCES signatures(id),
    certificate_serial TEXT NOT NULL,
    -- 'ocsp' or 'crl', and where it came from.
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    response BLOB NOT NULL,
    checked_at BIGINT NOT NULL
);
CREATE INDEX signature_revocation_values_signature ON signature_revocation_values(signature_id);
