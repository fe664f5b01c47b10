-- API keys for third-party apps (SQLite). Keep in step with migrations/postgres.
-- The key itself is never stored: only the hex SHA-256 of the whole key (what requests are
-- looked up by) and its short random prefix (for people to tell keys apart). A revoked key
-- keeps its row, so the change log and the admin list can still name it.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    owner_email TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    rate_limit_per_minute INTEGER,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
    CONSTRAINT api_keys_prefix_key UNIQUE (prefix)
);
