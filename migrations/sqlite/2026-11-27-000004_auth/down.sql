DROP TABLE sign_in_throttle;
DROP TABLE refresh_tokens;
ALTER TABLE users DROP COLUMN scope_programs;
ALTER TABLE users DROP COLUMN scope_regions;
