-- Agencies on the HSDS 3.0 model (PostgreSQL). Keep in step with migrations/sqlite.
-- Timestamps are UTC without a zone; ids are UUID text; `data` columns hold JSON text.

-- Organizations: `data` is the whole domain OrganizationData as JSON; the other columns are
-- copies kept for filtering and for the foreign keys that guard integrity.
CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    parent_organization_id TEXT REFERENCES organizations (id),
    data TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX organizations_parent_organization_id_idx ON organizations (parent_organization_id);

-- Locations (physical, postal or virtual); `data` is the whole LocationData as JSON.
CREATE TABLE locations (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT REFERENCES organizations (id),
    name TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    data TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX locations_organization_id_idx ON locations (organization_id);

-- Services; `data` is the whole ServiceData as JSON (its locations and categories included:
-- the two link tables below repeat them so that deleting what a service uses is refused).
CREATE TABLE services (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX services_organization_id_idx ON services (organization_id);
CREATE INDEX services_status_idx ON services (status);

-- Category vocabularies (HSDS taxonomy).
CREATE TABLE taxonomies (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    uri TEXT,
    version TEXT
);

-- Categories (HSDS taxonomy_term), hierarchical by parent_id; codes are unique.
CREATE TABLE taxonomy_terms (
    id TEXT PRIMARY KEY NOT NULL,
    taxonomy_id TEXT NOT NULL REFERENCES taxonomies (id),
    parent_id TEXT REFERENCES taxonomy_terms (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    language TEXT,
    term_uri TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT taxonomy_terms_code_key UNIQUE (code)
);

CREATE INDEX taxonomy_terms_taxonomy_id_idx ON taxonomy_terms (taxonomy_id);
CREATE INDEX taxonomy_terms_parent_id_idx ON taxonomy_terms (parent_id);

-- Where each service is delivered; the primary key also serves lookups by service.
CREATE TABLE service_locations (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    location_id TEXT NOT NULL REFERENCES locations (id),
    -- The service_at_location's own id (`/hsds/service_at_locations/{id}`): one service's only.
    id TEXT NOT NULL,
    PRIMARY KEY (service_id, location_id),
    CONSTRAINT service_locations_id_key UNIQUE (id)
);

CREATE INDEX service_locations_location_id_idx ON service_locations (location_id);

-- The categories of each service.
CREATE TABLE service_categories (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    term_id TEXT NOT NULL REFERENCES taxonomy_terms (id),
    PRIMARY KEY (service_id, term_id)
);

CREATE INDEX service_categories_term_id_idx ON service_categories (term_id);

-- The directory's own categories. Fixed ids, the same on both backends, so that links and
-- exports agree everywhere; staff may add terms below them.
INSERT INTO taxonomies (id, name, description, uri, version) VALUES
    ('01bafb19-9b40-483b-894f-a1008d1720f1', 'Recovery Directory categories',
     'The categories of agencies that people in recovery are referred to: employment, education, family counseling, housing and recovery support.',
     NULL, '1');

INSERT INTO taxonomy_terms (id, taxonomy_id, parent_id, code, name, description, language, term_uri, created_at, updated_at) VALUES
    ('5e782e74-2ef7-4bb8-9abc-9c6aa00b6241', '01bafb19-9b40-483b-894f-a1008d1720f1', NULL, 'employment', 'Employment',
     'Help finding, preparing for and keeping a job.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('0c6ebbc1-7b11-4818-9ba7-cccb694eddc6', '01bafb19-9b40-483b-894f-a1008d1720f1', NULL, 'education', 'Education',
     'Classes and programs that lead to a diploma, a certificate or a degree.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('14f438b1-86fe-460f-82de-f6be6a88fe79', '01bafb19-9b40-483b-894f-a1008d1720f1', NULL, 'family-counseling', 'Family counseling',
     'Counseling and support for families affected by addiction.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('1247b25a-a22d-4342-90a8-ceaa980777ee', '01bafb19-9b40-483b-894f-a1008d1720f1', NULL, 'housing', 'Housing',
     'A safe place to stay, from a bed tonight to a home of one''s own.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('31e88dcb-2421-4acb-9613-fad9c51342c8', '01bafb19-9b40-483b-894f-a1008d1720f1', NULL, 'recovery-support', 'Recovery support (12-step and peer groups)',
     'Peer-led help to stay in recovery, including 12-step fellowships and other mutual-aid groups.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('015df811-1b65-400f-afe5-0e1184eb4bf2', '01bafb19-9b40-483b-894f-a1008d1720f1', '5e782e74-2ef7-4bb8-9abc-9c6aa00b6241', 'job-training', 'Job training and readiness',
     'Training in work skills, résumés and interviews before a job search.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('4b5cf114-b419-43b4-8c4b-f7f9f9996bd8', '01bafb19-9b40-483b-894f-a1008d1720f1', '5e782e74-2ef7-4bb8-9abc-9c6aa00b6241', 'job-placement', 'Job search and placement',
     'Help finding job openings and being placed with employers.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('5311b5f3-e7f7-4a59-8879-9413b76f0fbd', '01bafb19-9b40-483b-894f-a1008d1720f1', '5e782e74-2ef7-4bb8-9abc-9c6aa00b6241', 'supported-employment', 'Supported employment',
     'Ongoing on-the-job support for people returning to work in recovery.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('c5a53c3b-2dc9-417c-86de-23159a03cd12', '01bafb19-9b40-483b-894f-a1008d1720f1', '0c6ebbc1-7b11-4818-9ba7-cccb694eddc6', 'ged-adult-education', 'High-school equivalency and adult education',
     'Classes toward a high-school equivalency diploma and basic adult literacy.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('7623c3af-2e11-46e1-ae67-b00eb73d76fc', '01bafb19-9b40-483b-894f-a1008d1720f1', '0c6ebbc1-7b11-4818-9ba7-cccb694eddc6', 'vocational-education', 'Vocational and college programs',
     'Trade schools, certificate programs and college courses.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('9c14ca80-226b-4545-941e-3ae8903e908e', '01bafb19-9b40-483b-894f-a1008d1720f1', '14f438b1-86fe-460f-82de-f6be6a88fe79', 'family-therapy', 'Family therapy',
     'Therapy sessions for a person in recovery together with their family.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('718629d9-d30f-40f4-a393-0858d1129fd8', '01bafb19-9b40-483b-894f-a1008d1720f1', '14f438b1-86fe-460f-82de-f6be6a88fe79', 'parenting-support', 'Parenting support',
     'Parenting classes and help for parents in recovery.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('10a16b48-b645-4ea5-a996-1fdb176a7cc7', '01bafb19-9b40-483b-894f-a1008d1720f1', '14f438b1-86fe-460f-82de-f6be6a88fe79', 'family-support-groups', 'Support for families',
     'Groups and counseling for relatives and friends of people with addiction.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('4fe794fb-4d16-4ac5-9819-6157e2ef134d', '01bafb19-9b40-483b-894f-a1008d1720f1', '1247b25a-a22d-4342-90a8-ceaa980777ee', 'emergency-shelter', 'Emergency shelter',
     'A bed for tonight for people with nowhere safe to stay.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('9d6ccd43-25a8-4c53-8e53-31b2f2ff5f80', '01bafb19-9b40-483b-894f-a1008d1720f1', '1247b25a-a22d-4342-90a8-ceaa980777ee', 'sober-living', 'Transitional and sober living',
     'Alcohol- and drug-free homes for people leaving treatment or early in recovery.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('5c393a3a-bf9e-4aaa-b311-0080610d4ceb', '01bafb19-9b40-483b-894f-a1008d1720f1', '1247b25a-a22d-4342-90a8-ceaa980777ee', 'rental-assistance', 'Rental assistance',
     'Help paying rent, deposits or utility bills to keep or find a home.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('df506670-fa65-4f00-a633-ced0cfeeef66', '01bafb19-9b40-483b-894f-a1008d1720f1', '1247b25a-a22d-4342-90a8-ceaa980777ee', 'supportive-housing', 'Permanent supportive housing',
     'Long-term housing with support services on site.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('989b5271-0a72-4d82-8733-1b50841454dc', '01bafb19-9b40-483b-894f-a1008d1720f1', '31e88dcb-2421-4acb-9613-fad9c51342c8', 'peer-recovery-support', 'Peer recovery coaching',
     'One-to-one support from a trained peer with lived experience of recovery.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00'),
    ('92550a57-be0c-4c3b-90c7-04aa8f51a96a', '01bafb19-9b40-483b-894f-a1008d1720f1', '31e88dcb-2421-4acb-9613-fad9c51342c8', 'mutual-aid-groups', '12-step and mutual-aid groups',
     'Free peer meetings such as AA, NA, Al-Anon and SMART Recovery.', 'en', NULL, '2026-11-27 00:00:00', '2026-11-27 00:00:00');
