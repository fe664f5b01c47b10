-- One row that the readiness check of every replica writes (and commits) every second: a write that
-- commits is the only honest proof that the store can be written (a full disk shows first as a
-- commit that fails). Not part of the directory: never exported, followed or restored.
-- Keep in step with migrations/sqlite.
CREATE TABLE store_heartbeat (
    id INTEGER PRIMARY KEY,
    beat_at TIMESTAMP NOT NULL
);
