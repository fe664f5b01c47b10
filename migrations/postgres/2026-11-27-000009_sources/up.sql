-- Import sources, the provenance of the listings they brought, import runs, the geocoding
-- cache and scheduler leases (PostgreSQL). Keep in step with migrations/sqlite.
-- Timestamps are UTC without a zone; ids are UUID text; JSON is stored as text.

-- Feeds staff registered; `region_prefix` is a JSON array. A source without a URL is fed by
-- uploaded files; one without an interval syncs only on request.
CREATE TABLE sources (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    url TEXT,
    program TEXT NOT NULL,
    default_timezone TEXT NOT NULL,
    region_prefix TEXT NOT NULL DEFAULT '[]',
    interval_minutes INTEGER,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    next_sync_at TIMESTAMP
);

-- The scheduler's question: which enabled sources are due.
CREATE INDEX sources_next_sync_at_idx ON sources (next_sync_at);

-- Where each imported listing came from. `synced_version` is the listing's `updated_at` as
-- the last sync wrote it: when they differ, staff edited the listing here since. `flags` is
-- a JSON array of what staff should check.
CREATE TABLE meeting_sources (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    source_id TEXT NOT NULL REFERENCES sources (id),
    external_key TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    fetched_at TIMESTAMP NOT NULL,
    synced_version TIMESTAMP NOT NULL,
    flags TEXT NOT NULL DEFAULT '[]',
    -- Its index also serves lookups by source (every listing of one source).
    CONSTRAINT meeting_sources_source_id_external_key_key UNIQUE (source_id, external_key)
);

-- One row per run, kept after its source is deleted (source_id then NULL). The counts are
-- columns; the items (rejected, conflicts, flagged, warnings) are one JSON object in `report`.
CREATE TABLE import_runs (
    id TEXT PRIMARY KEY NOT NULL,
    source_id TEXT REFERENCES sources (id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    dry_run BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    source_records BIGINT NOT NULL,
    added BIGINT NOT NULL,
    updated BIGINT NOT NULL,
    unchanged BIGINT NOT NULL,
    archived BIGINT NOT NULL,
    rejected BIGINT NOT NULL,
    conflicts BIGINT NOT NULL,
    flagged BIGINT NOT NULL,
    error TEXT,
    report TEXT NOT NULL
);

CREATE INDEX import_runs_source_id_idx ON import_runs (source_id, started_at);

-- Geocoder answers by normalized query; a miss is remembered too (no coordinates).
CREATE TABLE geocode_cache (
    query TEXT PRIMARY KEY NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    approximate BOOLEAN NOT NULL,
    fetched_at TIMESTAMP NOT NULL
);

-- Time-limited locks so one replica at a time runs a scheduled job.
CREATE TABLE leases (
    name TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
