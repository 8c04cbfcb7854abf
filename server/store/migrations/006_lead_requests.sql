-- 006: SPEC §7's sub-order within the lead class. A request for an agent (inquiry, appointment_scheduled, the names a
-- configuration adds) has rank 0, other lead events (identify, sign-up forms) rank 1; a person's own pending lead
-- events take rank 0 with their request. The claim stays one walk: (destination, priority, rank, available_at, id).
ALTER TABLE outbox ADD COLUMN rank smallint NOT NULL DEFAULT 1;
DROP INDEX outbox_next;
CREATE INDEX outbox_next ON outbox (destination, priority, rank, available_at, id);

-- Rows queued before this migration: requests, then the lead events of the people who made them.
UPDATE outbox o SET rank = 0 FROM events e
WHERE e.id = o.event_id AND o.priority = 0 AND e.event_name NOT IN ('identify', 'form_submission');
UPDATE outbox o SET rank = 0 FROM (SELECT DISTINCT destination, person FROM outbox WHERE rank = 0) r
WHERE o.destination = r.destination AND o.person = r.person AND o.priority = 0;
