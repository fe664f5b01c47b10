ALTER TABLE meeting_sources DROP COLUMN source_updated_at;
