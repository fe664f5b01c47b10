-- The append-only audit log that followers (the search index, feeds) read by `seq` (PostgreSQL).
-- Writers hold an advisory lock for their whole transaction, so seq order is commit order.
CREATE TABLE change_log (
    seq BIGSERIAL PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    before TEXT,
    after TEXT
);

CREATE INDEX change_log_entity_idx ON change_log (entity, entity_id, seq);
