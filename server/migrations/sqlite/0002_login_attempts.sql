-- Attempts are counted per key in one row, by one upsert that the database serializes, so parallel
-- attempts cannot all pass a check made before any of them was recorded. `last_at` is the time of
-- the last attempt that was let through, `allowed` the verdict of the latest upsert (read back by
-- RETURNING in the same statement).
DROP TABLE login_failures;

CREATE TABLE login_attempts (
    key TEXT PRIMARY KEY,
    attempts BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    allowed BIGINT NOT NULL
);
