-- The certificate authority's side (server/src/ca/, docs/ca-contract.md). An approved application is
-- queued for the CA in the approval's own transaction and pushed by a worker that claims it for a
-- while (two servers never push it both) and retries with backoff, as the mail queue does.
CREATE TABLE ca_submissions (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id),
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL DEFAULT 0,
    submitted_at BIGINT,
    failed_at BIGINT,
    last_error TEXT
);
CREATE INDEX ca_submissions_due ON ca_submissions (next_attempt_at) WHERE submitted_at IS NULL AND failed_at IS NULL;

-- Every report the CA made, by its event id: a report seen before is a replay, refused. Kept as
-- received (the JSON) for the audit of who said what when.
CREATE TABLE ca_events (
    event_id TEXT PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    -- webhook or poll
    source TEXT NOT NULL
);

-- Where polling the CA's event feed has got to (one row).
CREATE TABLE ca_cursor (
    name TEXT PRIMARY KEY,
    position TEXT NOT NULL
);

-- What the CA reported: the certificate produced for the application and its shipment.
ALTER TABLE applications ADD COLUMN certificate_serial TEXT;
ALTER TABLE applications ADD COLUMN certificate_not_after TEXT;
ALTER TABLE applications ADD COLUMN courier TEXT;
ALTER TABLE applications ADD COLUMN tracking_no TEXT;
ALTER TABLE applications ADD COLUMN tracking_url TEXT;
ALTER TABLE applications ADD COLUMN ca_note TEXT;
