-- The staff console (SQLite). Keep in step with migrations/postgres.

-- Signed-in browser sessions. `id` is the SHA-256 (hex) of the random token in the cookie;
-- the token itself is never stored. A session ends when idle too long (last_seen_at), at
-- expires_at whatever happens, and at once when its user is deactivated or changes password.
CREATE TABLE staff_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE INDEX staff_sessions_user_id_idx ON staff_sessions (user_id);
CREATE INDEX staff_sessions_expires_at_idx ON staff_sessions (expires_at);

-- One-time links an admin hands to a person: an invitation (the invitee sets a first
-- password) or a password reset. Stored by the SHA-256 of the token only; used once.
CREATE TABLE staff_links (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    CONSTRAINT staff_links_token_hash_key UNIQUE (token_hash)
);

CREATE INDEX staff_links_user_id_idx ON staff_links (user_id);
