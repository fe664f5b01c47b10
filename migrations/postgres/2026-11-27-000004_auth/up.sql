-- Staff sign-in, second part (PostgreSQL). Keep in step with migrations/sqlite.

-- An editor's scopes: JSON arrays of region names and program ids; '[]' means unscoped.
ALTER TABLE users ADD COLUMN scope_regions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE users ADD COLUMN scope_programs TEXT NOT NULL DEFAULT '[]';

-- Rotating refresh tokens. Only the SHA-256 of a token is stored (hex), never the token.
-- Every token belongs to a family: the chain of rotations started by one sign-in. A token is
-- used once (used_at); presenting a used one again revokes its whole family.
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL,
    family_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash)
);

CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_expires_at_idx ON refresh_tokens (expires_at);

-- Failed sign-ins per key ("account:<sha-256 of the email>", "address:<sha-256 of the IP>"),
-- shared by every replica. No passwords, emails or addresses in clear.
CREATE TABLE sign_in_throttle (
    key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

CREATE INDEX sign_in_throttle_window_start_idx ON sign_in_throttle (window_start);
