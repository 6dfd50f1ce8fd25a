-- Login attempts are counted per key in one row, by one upsert that the database serializes, so
-- parallel attempts cannot all pass a check made before any of them was recorded.
DROP TABLE login_failures;

CREATE TABLE login_attempts (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    attempts BIGINT NOT NULL
);
