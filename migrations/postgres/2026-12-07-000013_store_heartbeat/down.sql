DROP TABLE store_heartbeat;
