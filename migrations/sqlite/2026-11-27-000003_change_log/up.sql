-- The append-only audit log that followers (the search index, feeds) read by `seq` (SQLite).
-- AUTOINCREMENT: a seq is never reused, even after the newest rows are deleted.
CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    before TEXT,
    after TEXT
);

CREATE INDEX change_log_entity_idx ON change_log (entity, entity_id, seq);
