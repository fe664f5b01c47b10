DROP TABLE leases;
DROP TABLE geocode_cache;
DROP TABLE import_runs;
DROP TABLE meeting_sources;
DROP TABLE sources;
