-- 008: a relay in a process of its own wakes when events are queued (LISTEN homing_outbox) instead of at its next poll.
-- One notification per statement that queued something, sent at commit; the poll stays as the fallback.
CREATE FUNCTION homing_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM queued) THEN PERFORM pg_notify('homing_outbox', ''); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox REFERENCING NEW TABLE AS queued
FOR EACH STATEMENT EXECUTE FUNCTION homing_outbox_notify();
