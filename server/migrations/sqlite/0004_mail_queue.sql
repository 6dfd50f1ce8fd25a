-- E-mails wait here until the mail server has taken them. A notice is queued in the same transaction
-- as the event it reports (so none is lost when SMTP is down or the server restarts) and delivered by
-- a worker that claims it for a while (so two servers never send it both) and retries with backoff.
CREATE TABLE mail_queue (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    -- A worker that claimed the message owns it until then; after a crash another takes it over.
    claimed_until BIGINT NOT NULL DEFAULT 0,
    sent_at BIGINT,
    -- Given up after the last retry; the reason stays in last_error.
    failed_at BIGINT,
    last_error TEXT
);
CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
