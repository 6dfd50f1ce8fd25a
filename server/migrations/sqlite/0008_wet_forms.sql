-- The ıslak imzalı form (server/src/wet_forms/): an application approved on paper. The form kodu is
-- printed on every page and read back by BİDB's e-imza yetkilisi when the paper is handed in; it
-- matches a sheet to its record and unlocks nothing, so it is kept as printed (the PDF can be
-- downloaded again). Then the paper is posted to Kamu SM under a tracking number.
ALTER TABLE applications ADD COLUMN wet_form_code TEXT;
ALTER TABLE applications ADD COLUMN wet_form_received_at BIGINT;
-- Masked T.C. Kimlik No of the officer who took the paper in, and of the one who posted it.
ALTER TABLE applications ADD COLUMN wet_form_received_by TEXT;
ALTER TABLE applications ADD COLUMN wet_form_sent_at BIGINT;
ALTER TABLE applications ADD COLUMN wet_form_sent_by TEXT;
ALTER TABLE applications ADD COLUMN wet_form_tracking_no TEXT;
-- BİDB's list: the institution's applications on paper.
CREATE INDEX applications_wet_forms ON applications(institution_id, approval);
