-- 005: speed to lead (SPEC §7). Each outbox row gets its class at accept time (0 lead, 1 engagement, 2 browsing) and
-- its person (site key + email), so the claim is one walk of (destination, priority, available_at, id); the person
-- index lets it skip a row whose earlier event of the same person and class is still waiting (capture order).
ALTER TABLE outbox ADD COLUMN priority smallint NOT NULL DEFAULT 2;
ALTER TABLE outbox ADD COLUMN person text COLLATE "C";
-- Set on the first failure that was not the destination being busy: age dead-lettering counts from here.
ALTER TABLE outbox ADD COLUMN failing_since timestamptz;
DROP INDEX outbox_next;
CREATE INDEX outbox_next ON outbox (destination, priority, available_at, id);
CREATE INDEX outbox_person ON outbox (destination, person, priority, id) INCLUDE (available_at);

-- The lead and engagement event names of each destination, written by the relay at start, read by every accept.
CREATE TABLE relay_classes (
  destination text COLLATE "C" PRIMARY KEY,
  lead        text[] NOT NULL,
  engagement  text[] NOT NULL
);

-- The latest traits of each person, per site and email, merged on accept: every event sent carries them.
CREATE TABLE people (
  site_key   text COLLATE "C" NOT NULL,
  email      text COLLATE "C" NOT NULL,
  traits     jsonb       NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (site_key, email)
);

-- How each accepted event ended at each destination: sent (with the answer's status), condensed (into which
-- website_activity messageId, and that request's status), skipped (a rule of the destination), or dead-lettered
-- (with the answer). One row per destination and event; the outbox row leaves in the same statement.
CREATE TABLE deliveries (
  destination     text COLLATE "C" NOT NULL,
  site_key        text COLLATE "C" NOT NULL,
  message_id      text COLLATE "C" NOT NULL,
  email           text COLLATE "C",
  event_name      text        NOT NULL,
  outcome         text        NOT NULL CHECK (outcome IN ('sent', 'condensed', 'skipped', 'dead_letter')),
  at              timestamptz NOT NULL,
  status          int,
  into_message_id text COLLATE "C",
  answer          jsonb,
  PRIMARY KEY (destination, site_key, message_id)
);
CREATE INDEX deliveries_person ON deliveries (site_key, email);
CREATE INDEX deliveries_at ON deliveries (at);

-- Rows queued before this migration: their person and their class by SPEC §7's default names.
UPDATE outbox o SET person = e.site_key || ' ' || coalesce(e.email, ''),
  priority = CASE WHEN e.event_name IN ('identify', 'inquiry', 'appointment_scheduled', 'form_submission') THEN 0
    WHEN e.event_name IN ('saved_property', 'search', 'document_downloaded', 'email_clicked') THEN 1 ELSE 2 END
FROM events e WHERE e.id = o.event_id;
