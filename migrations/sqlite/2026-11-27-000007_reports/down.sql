DROP TABLE reports;
ALTER TABLE meetings DROP COLUMN verified_by;
ALTER TABLE meetings DROP COLUMN verified_at;
