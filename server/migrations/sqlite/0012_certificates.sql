-- Every certificate of a person the server has seen (server/src/certificates/): in an e-imzalı
-- giriş or an accepted signature (the card in use), or reported produced by the certificate
-- authority. The person's current one is the one that ends last; its end date drives the renewal
-- banner and the reminders.
CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons(id),
    issuer_cn TEXT NOT NULL,
    -- Upper-case hex, without leading zeros.
    serial TEXT NOT NULL,
    subject_cn TEXT NOT NULL,
    not_after BIGINT NOT NULL,
    -- login, signature or ca
    source TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    UNIQUE (issuer_cn, serial)
);
CREATE INDEX certificates_person ON certificates(person_id, not_after);
CREATE INDEX certificates_not_after ON certificates(not_after);

-- The reminders sent before a certificate ends: one per certificate and offset (days before the
-- end), whichever server's scheduler gets there first; the key makes it exactly once.
CREATE TABLE certificate_reminders (
    certificate_id BIGINT NOT NULL REFERENCES certificates(id),
    offset_days INTEGER NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (certificate_id, offset_days)
);
