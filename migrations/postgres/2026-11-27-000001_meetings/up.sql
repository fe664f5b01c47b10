-- Meetings and their contacts (PostgreSQL). Keep in step with migrations/sqlite.
-- Timestamps are UTC without a zone; ids are UUID text; `types` and `regions` are JSON arrays.
CREATE TABLE meetings (
    id TEXT PRIMARY KEY NOT NULL,
    -- Byte order ("C"), so the range scan that finds a free `slug-N` suffix uses the index.
    slug TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    program TEXT NOT NULL,
    day SMALLINT NOT NULL,
    time TEXT NOT NULL,
    end_time TEXT,
    timezone TEXT NOT NULL,
    types TEXT NOT NULL DEFAULT '[]',
    notes TEXT,
    status TEXT NOT NULL,
    has_location BOOLEAN NOT NULL DEFAULT FALSE,
    location_name TEXT,
    address TEXT,
    city TEXT,
    state TEXT,
    postal_code TEXT,
    country TEXT,
    formatted_address TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    approximate BOOLEAN NOT NULL DEFAULT FALSE,
    location_notes TEXT,
    regions TEXT NOT NULL DEFAULT '[]',
    conference_url TEXT,
    conference_url_notes TEXT,
    conference_phone TEXT,
    conference_phone_notes TEXT,
    temporarily_closed BOOLEAN NOT NULL DEFAULT FALSE,
    group_name TEXT,
    group_notes TEXT,
    group_website TEXT,
    group_email TEXT,
    group_phone TEXT,
    venmo TEXT,
    paypal TEXT,
    square TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT meetings_slug_key UNIQUE (slug)
);

CREATE INDEX meetings_status_idx ON meetings (status);
CREATE INDEX meetings_program_idx ON meetings (program);
CREATE INDEX meetings_updated_at_idx ON meetings (updated_at);

-- The primary key (meeting_id, position) also serves lookups by meeting.
CREATE TABLE meeting_contacts (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT,
    email TEXT,
    phone TEXT,
    public BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (meeting_id, position)
);
