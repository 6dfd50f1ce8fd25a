-- The person's requests about their certificates (server/src/certificates/requests.rs):
-- "Sertifikamı İptal Et", "Askıya Al", "Askıdan İndir", each confirmed by a code sent to the cep
-- telefonu on record or with the e-imza, then carried out by the certificate authority.
ALTER TABLE certificates ADD COLUMN state TEXT NOT NULL DEFAULT 'valid';
ALTER TABLE certificates ADD COLUMN state_changed_at BIGINT;

CREATE TABLE certificate_requests (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons(id),
    certificate_id BIGINT NOT NULL REFERENCES certificates(id),
    -- revoke, suspend or resume; the reason only for revoke.
    action TEXT NOT NULL,
    reason TEXT,
    -- What the person confirms, naming the certificate.
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- sms or e_imza, once confirmed; done_at once the CA carried it out, refused_at once it
    -- refused for good; sending_until while a server is asking the CA (a lease: one call at a time).
    confirmed_by TEXT,
    -- The CAdES over text, when confirmed with the e-imza; sent to the CA with the request.
    signed_cms BLOB,
    done_at BIGINT,
    refused_at BIGINT,
    sending_until BIGINT
);
CREATE INDEX certificate_requests_person ON certificate_requests(person_id, created_at);

-- The codes sent for them, like sms_codes: keyed hash, expiry, tries left, used once.
CREATE TABLE certificate_codes (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES certificate_requests(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    code_hash TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts_left BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX certificate_codes_person ON certificate_codes(person_id, sent_at);
CREATE INDEX certificate_codes_request ON certificate_codes(request_id);

ALTER TABLE signing_sessions ADD COLUMN certificate_request_id BIGINT REFERENCES certificate_requests(id);
