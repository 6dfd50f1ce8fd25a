-- How a session was opened (identity data or e-imza): an identity-data session alone never approves.
ALTER TABLE sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'identity';
-- Codes go by SMS to the form's phone or by e-mail to the address on record.
ALTER TABLE sms_codes ADD COLUMN channel TEXT NOT NULL DEFAULT 'sms';
-- The person confirmed this form with a code sent to the e-mail address on record.
ALTER TABLE applications ADD COLUMN email_confirmed_at BIGINT;
