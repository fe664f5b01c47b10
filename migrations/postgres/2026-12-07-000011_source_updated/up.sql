-- When the source itself says a record last changed (its `updated`), kept so that feeds give
-- consumers the source's time, not the time of our import. Keep in step with migrations/sqlite.
ALTER TABLE meeting_sources ADD COLUMN source_updated_at TIMESTAMP;
