-- 002: the dedup and rate keys compare byte for byte, whatever the database's default locale: under a
-- linguistic collation (en_US.UTF-8 on many servers) every comparison in these indexes would go through strcoll.
ALTER TABLE events ALTER COLUMN site_key TYPE text COLLATE "C", ALTER COLUMN message_id TYPE text COLLATE "C";
ALTER TABLE rate_windows ALTER COLUMN site_key TYPE text COLLATE "C";
