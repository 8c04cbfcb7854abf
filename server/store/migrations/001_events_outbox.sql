-- 001: accepted events (the unique key is the dedup), the relay outbox, dead letters, the shared rate window.
CREATE TABLE events (
  id          bigserial PRIMARY KEY,
  site_key    text        NOT NULL,
  message_id  text        NOT NULL,
  event_name  text        NOT NULL,
  email       text,
  occurred_at timestamptz,
  received_at timestamptz NOT NULL,
  sent_at     timestamptz,
  body        jsonb       NOT NULL,
  CONSTRAINT events_dedup UNIQUE (site_key, message_id)
);
-- Pruning finds the oldest rows. Rows arrive in time order, so a BRIN index (one summary per block range)
-- finds them as well as a b-tree would, and costs next to nothing to keep up at insert time.
CREATE INDEX events_received_at ON events USING brin (received_at);

CREATE TABLE outbox (
  id           bigserial   PRIMARY KEY,
  destination  text        NOT NULL,
  event_id     bigint      NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  -- When the row may be claimed next: now, after a retry delay, or when a claim's lease runs out.
  available_at timestamptz NOT NULL,
  attempts     int         NOT NULL DEFAULT 0,
  last_error   text
);
CREATE INDEX outbox_next ON outbox (destination, id);
-- The cascade from a pruned event looks rows up by event.
CREATE INDEX outbox_event ON outbox (event_id);

CREATE TABLE dead_letters (
  id          bigint      PRIMARY KEY,
  destination text        NOT NULL,
  site_key    text        NOT NULL,
  message_id  text        NOT NULL,
  received_at timestamptz NOT NULL,
  sent_at     timestamptz,
  body        jsonb       NOT NULL,
  attempts    int         NOT NULL,
  last_error  text,
  answer      jsonb,
  failed_at   timestamptz NOT NULL
);
CREATE INDEX dead_letters_failed_at ON dead_letters (failed_at);

CREATE TABLE rate_windows (
  site_key text     PRIMARY KEY,
  -- The key's newest request times in epoch ms, at most limit + 1 of them.
  times    bigint[] NOT NULL
);
