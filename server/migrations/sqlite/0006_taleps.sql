-- E-imza talepleri: the institution's request for a staff member's certificate, on its way from
-- the birim amiri through BİDB to the kurum yetkilisi (core/src/talep.rs has the steps). Once
-- approved it becomes an ön başvuru (application_id). The person's data are kept here, not in
-- `persons`, until then: a talep may still be rejected.
CREATE TABLE taleps (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions(id),
    department TEXT NOT NULL,
    national_id TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    email TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    -- The note of the last send-back or rejection.
    note TEXT NOT NULL,
    application_id BIGINT REFERENCES applications(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX taleps_queue ON taleps(institution_id, status, department);
-- One undecided talep per person and institution: two officers filing the same person at once
-- cannot both succeed.
CREATE UNIQUE INDEX taleps_open ON taleps(institution_id, national_id) WHERE status NOT IN ('approved', 'rejected');

-- Every step of a talep, append-only: who did what, when, and what it left.
CREATE TABLE talep_events (
    id INTEGER PRIMARY KEY,
    talep_id BIGINT NOT NULL REFERENCES taleps(id),
    at BIGINT NOT NULL,
    -- Masked T.C. Kimlik No of the officer.
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    note TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX talep_events_talep ON talep_events(talep_id, id);

-- The kurum yetkilisi's approval of several taleps with one e-imza (docs/texts.md): the taleps as
-- listed in the signed text, and the CAdES once it is accepted.
CREATE TABLE talep_manifests (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    -- The talep ids, comma-separated, in the order the text lists them.
    talep_ids TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    signed_at BIGINT,
    signed_cms BLOB
);

-- A signing session for a manifest names it, as one for an application names the application.
ALTER TABLE signing_sessions ADD COLUMN manifest_id BIGINT REFERENCES talep_manifests(id);
