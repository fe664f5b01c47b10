DROP TABLE service_categories;
DROP TABLE service_locations;
DROP TABLE taxonomy_terms;
DROP TABLE taxonomies;
DROP TABLE services;
DROP TABLE locations;
DROP TABLE organizations;
