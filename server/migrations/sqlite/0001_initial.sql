-- nes-server schema, SQLite flavour. The PostgreSQL twin (../postgres/0001_initial.sql) differs only
-- in column types; every query the server runs works on both. Times are Unix seconds (BIGINT) and
-- flags are nullable timestamps, because the sqlx Any driver maps those identically on both.

CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE institutions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- 'institution' (kurum ödemeli) or 'person' (kişi ödemeli): decides the payment statuses.
    payer TEXT NOT NULL DEFAULT 'institution',
    created_at BIGINT NOT NULL
);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    national_id TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    email TEXT NOT NULL,
    e_onay_given_at BIGINT,
    e_onay_cms BLOB,
    -- The certificate last seen in an e-imzalı giriş or signature, for the renewal banner.
    cert_subject_cn TEXT,
    cert_issuer_cn TEXT,
    cert_not_after BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    no TEXT UNIQUE,
    person_id BIGINT NOT NULL REFERENCES persons(id),
    institution_id BIGINT NOT NULL REFERENCES institutions(id),
    department TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    -- The draft or normalized form as JSON, güvenlik sözcüğü fields blanked.
    form_json TEXT,
    security_word_hash TEXT,
    form_completed_at BIGINT,
    sms_verified_at BIGINT,
    approval TEXT,
    approved_at BIGINT,
    signed_cms BLOB,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX applications_person ON applications(person_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE auth_challenges (
    nonce TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE sms_codes (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    code_hash TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts_left BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX sms_codes_application ON sms_codes(application_id, sent_at);

CREATE TABLE signing_sessions (
    code_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons(id),
    -- NULL for the e-onay acceptance, which belongs to the person, not to an application.
    application_id BIGINT REFERENCES applications(id),
    purpose TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

-- Every accepted signature value, so the same CMS can never be accepted twice.
CREATE TABLE used_signatures (
    signature_hash TEXT PRIMARY KEY,
    used_at BIGINT NOT NULL
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at BIGINT NOT NULL
);

-- Append-only: the server never updates or deletes rows here.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
