-- Verification of meetings and the public's problem reports (SQLite). Keep in step with
-- migrations/postgres.

-- When staff last confirmed a meeting is still right, and who (a user id). Not content:
-- confirming changes neither the content columns nor `updated_at`.
ALTER TABLE meetings ADD COLUMN verified_at TIMESTAMP;
ALTER TABLE meetings ADD COLUMN verified_by TEXT;

-- Problem reports from the public. `listing_id` names a meeting (or, later, a service), so it
-- has no foreign key. `contact_email` is private and set to NULL after the retention period.
CREATE TABLE reports (
    id TEXT PRIMARY KEY NOT NULL,
    listing_kind TEXT NOT NULL,
    listing_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    contact_email TEXT,
    status TEXT NOT NULL,
    note TEXT,
    change_seq BIGINT REFERENCES change_log (seq),
    created_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    closed_by TEXT
);

-- The staff queue: by status in id (time) order; by listing; and the retention sweep by age.
CREATE INDEX reports_status_idx ON reports (status, id);
CREATE INDEX reports_listing_id_idx ON reports (listing_id);
CREATE INDEX reports_created_at_idx ON reports (created_at);
CREATE INDEX reports_change_seq_idx ON reports (change_seq);
