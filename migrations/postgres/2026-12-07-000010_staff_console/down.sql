DROP TABLE staff_links;
DROP TABLE staff_sessions;
