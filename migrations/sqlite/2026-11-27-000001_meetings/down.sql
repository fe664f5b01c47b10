DROP TABLE meeting_contacts;
DROP TABLE meetings;
