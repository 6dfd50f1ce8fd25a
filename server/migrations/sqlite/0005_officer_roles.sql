-- Roles of the institution workflow (birim_amiri, eimza_yetkilisi, kurum_yetkilisi; see
-- docs/process.md). A role belongs to a T.C. Kimlik No, not to a session: it takes effect only
-- when that person logs in with their card. Revoked rows stay, so the audit trail can name who
-- held a role when.
CREATE TABLE officer_roles (
    id INTEGER PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions(id),
    national_id TEXT NOT NULL,
    role TEXT NOT NULL,
    -- The birim of a birim_amiri; '' for the roles that cover the whole institution (not NULL, so
    -- the unique index below sees two equal grants as equal).
    department TEXT NOT NULL,
    -- Masked T.C. Kimlik No of the officer who granted it, or 'cli'.
    granted_by TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE UNIQUE INDEX officer_roles_held ON officer_roles(institution_id, national_id, role, department)
    WHERE revoked_at IS NULL;
CREATE INDEX officer_roles_person ON officer_roles(national_id);
