-- 007: events partitioned by day of arrival (received_at), so retention drops a whole day instead of deleting rows.
-- A unique index of a partitioned table must hold its partition key, so the dedup key (SPEC §4: 24 h) moves to `seen`,
-- a small table of the last day's (key, messageId). The day tables are made ahead by the collector (partitions.ts).
-- An existing table is not copied: it becomes the default partition, holding what came before the first day table,
-- and is pruned by the old small DELETEs until it is past retention. Nothing here reads or rewrites it whole.

CREATE TABLE seen (
  site_key   text COLLATE "C" NOT NULL,
  message_id text COLLATE "C" NOT NULL,
  at         timestamptz NOT NULL,
  PRIMARY KEY (site_key, message_id)
);
CREATE INDEX seen_at ON seen (at);

-- The outbox names its event's day too: its joins to events then read one day table, not one index per day.
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_event_id_fkey;
ALTER TABLE outbox ADD COLUMN event_at timestamptz;
UPDATE outbox o SET event_at = e.received_at FROM events e WHERE e.id = o.event_id;
DELETE FROM outbox WHERE event_at IS NULL;
ALTER TABLE outbox ALTER COLUMN event_at SET NOT NULL;

DO $$
DECLARE
  r record;
  lo bigint;
  floor timestamptz;
BEGIN
  -- The last day's keys, walked from the newest id (ids follow arrival) until a day and some ago: not the whole table.
  FOR r IN SELECT id, received_at FROM events ORDER BY id DESC LOOP
    EXIT WHEN r.received_at < now() - interval '26 hours';
    lo := r.id;
  END LOOP;
  IF lo IS NOT NULL THEN
    INSERT INTO seen (site_key, message_id, at) SELECT site_key, message_id, received_at FROM events WHERE id >= lo ON CONFLICT DO NOTHING;
  END IF;
  ALTER TABLE events RENAME TO events_default;
  ALTER TABLE events_default RENAME CONSTRAINT events_pkey TO events_default_pkey;
  CREATE TABLE events (LIKE events_default INCLUDING DEFAULTS) PARTITION BY RANGE (received_at);
  ALTER SEQUENCE events_id_seq OWNED BY events.id;
  IF lo IS NULL AND NOT EXISTS (SELECT 1 FROM events_default) THEN
    -- Nothing to keep (a new database): no default partition, so a day can later be detached concurrently.
    DROP TABLE events_default;
  ELSE
    -- Day tables start at the next midnight; until then arrivals keep going to the old table. The check (validated later,
    -- without blocking writes) lets a day table be attached without scanning the old one.
    floor := date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day';
    EXECUTE format('ALTER TABLE events_default ADD CONSTRAINT events_default_before CHECK (received_at < %L) NOT VALID', floor);
    ALTER TABLE events ATTACH PARTITION events_default DEFAULT;
  END IF;
END $$;
