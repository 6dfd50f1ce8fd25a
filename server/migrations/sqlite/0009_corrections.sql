-- An application sent back for correction (seed 000: "Kamu SM, hatalı bilgi varsa düzeltilmesi
-- için geri gönderir"; server/src/officer_applications/): the note the person reads, and when.
ALTER TABLE applications ADD COLUMN correction_note TEXT;
ALTER TABLE applications ADD COLUMN correction_requested_at BIGINT;

-- The approval an application had before it was sent back: the form opens again and a new
-- approval replaces it, but what was signed (or printed) then stays on record.
CREATE TABLE superseded_approvals (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    approval TEXT NOT NULL,
    approved_at BIGINT NOT NULL,
    signed_cms BLOB,
    -- Where it stood when it went back (the next approval's payment status follows from it).
    status TEXT NOT NULL,
    wet_form_code TEXT,
    -- A paper already taken in or posted: when, and under which tracking number.
    wet_form_received_at BIGINT,
    wet_form_sent_at BIGINT,
    wet_form_tracking_no TEXT,
    form_json TEXT,
    superseded_at BIGINT NOT NULL,
    -- Masked T.C. Kimlik No of who sent it back, and why.
    actor TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX superseded_approvals_application ON superseded_approvals(application_id);

-- Notices by SMS too, where the person's bilgi kanalı asks for it: 'email' or 'sms'. The recipient
-- is then an E.164 number.
ALTER TABLE mail_queue ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
