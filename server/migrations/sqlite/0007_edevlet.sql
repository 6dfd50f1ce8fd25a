-- e-Devlet ile giriş (server/src/auth/edevlet/): each login sent to e-Devlet, by the hash of its
-- single-use `state`, with the PKCE code_verifier the token exchange sends. A row is deleted when
-- its state comes back, or once expired by the next login that starts.
CREATE TABLE edevlet_states (
    id INTEGER PRIMARY KEY,
    state_hash TEXT NOT NULL UNIQUE,
    code_verifier TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX edevlet_states_expiry ON edevlet_states(expires_at);
