-- Access tokens carry the generation their user had when they were issued; signing out, a
-- reused refresh token, a new password and deactivation raise it, so every access token
-- issued before ends at once instead of living out its 15 minutes. Keep in step with
-- migrations/postgres.
ALTER TABLE users ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0;
