// ends.ts: how each event ended at each destination (the deliveries table): sent, condensed, skipped, dead-lettered.
// Every query that takes a row out of the outbox writes its end in the same statement, so no event leaves unrecorded.
import { boundsOfIds } from './bodies.js';
import { toIso, type Db, type Row } from './db.js';
import type { Delivery, DeliveryCounts, DeliveryFilter, End, Outbox } from './store.js';

const ENDS_INPUT = `
WITH s AS (SELECT * FROM unnest($2::bigint[], $3::text[], $4::int[], $5::text[]) AS s(id, outcome, status, into_id)),
gone AS (
  DELETE FROM outbox o USING s WHERE o.destination = $1 AND o.id = s.id
  RETURNING o.event_id, o.event_at, s.outcome, s.status, s.into_id
)`;

const CONFIRM = ENDS_INPUT + `
INSERT INTO deliveries AS d (destination, site_key, message_id, email, event_name, outcome, at, status, into_message_id)
SELECT $1, e.site_key, e.message_id, e.email, e.event_name, g.outcome, $6, g.status, g.into_id FROM gone g JOIN events e ON e.id = g.event_id AND e.received_at = g.event_at AND e.received_at BETWEEN $7 AND $8
ON CONFLICT (destination, site_key, message_id) DO UPDATE
SET outcome = excluded.outcome, at = excluded.at, status = excluded.status, into_message_id = excluded.into_message_id, answer = NULL
RETURNING 1`;

const DEAD_LETTER = `
WITH gone AS (
  DELETE FROM outbox WHERE destination = $1 AND id = $2 RETURNING id, event_id, event_at, attempts, last_error
), dead AS (
  INSERT INTO dead_letters (id, destination, site_key, message_id, received_at, sent_at, body, attempts, last_error, answer, failed_at)
  SELECT g.id, $1, e.site_key, e.message_id, e.received_at, e.sent_at, e.body, g.attempts, g.last_error, $3::jsonb, $4
  FROM gone g JOIN events e ON e.id = g.event_id AND e.received_at = g.event_at AND e.received_at BETWEEN $6 AND $7
)
INSERT INTO deliveries AS d (destination, site_key, message_id, email, event_name, outcome, at, status, answer)
SELECT $1, e.site_key, e.message_id, e.email, e.event_name, 'dead_letter', $4, $5, $3::jsonb FROM gone g JOIN events e ON e.id = g.event_id AND e.received_at = g.event_at
  AND e.received_at BETWEEN $6 AND $7
ON CONFLICT (destination, site_key, message_id) DO UPDATE
SET outcome = excluded.outcome, at = excluded.at, status = excluded.status, into_message_id = NULL, answer = excluded.answer`;

const DELIVERIES = `
SELECT destination, site_key, message_id, email, event_name, outcome, at, status, into_message_id, answer FROM deliveries
WHERE ($1::text IS NULL OR destination = $1) AND ($2::text IS NULL OR site_key = $2) AND ($3::text IS NULL OR email = $3)
AND ($4::text IS NULL OR message_id = $4) ORDER BY at DESC LIMIT $5`;

const COUNTS = 'SELECT outcome, count(*)::int AS n FROM deliveries WHERE destination = $1 GROUP BY outcome';

type EndsApi = Pick<Outbox, 'confirm' | 'deadLetter' | 'deliveries' | 'deliveryCounts'>;

export function createEnds(db: Db, now: () => number): EndsApi {
  const iso = () => new Date(now()).toISOString();
  return {
    async confirm(destination, ends) {
      if (!ends.length) return 0;
      const list: End[] = ends.map((e) => (typeof e === 'number' ? { id: e, outcome: 'sent' } : e));
      const ids = list.map((e) => String(e.id));
      // The events' days first, as parameters: the statement then reads only those day tables (bodies.ts).
      const days = await boundsOfIds(db, destination, ids);
      if (!days) return 0;
      const rows = await db.query(CONFIRM, [
        destination, ids, list.map((e) => e.outcome), list.map((e) => e.status ?? null), list.map((e) => e.into ?? null), iso(), ...days,
      ]);
      return rows.length;
    },
    async deadLetter(destination, id, answer) {
      const status = (answer as { status?: unknown } | undefined)?.status;
      const days = await boundsOfIds(db, destination, [String(id)]);
      if (!days) return;
      await db.query(DEAD_LETTER, [destination, id, JSON.stringify(answer ?? null), iso(), typeof status === 'number' ? status : null, ...days]);
    },
    async deliveries(filter: DeliveryFilter = {}) {
      const rows = await db.query(DELIVERIES, [
        filter.destination ?? null, filter.key ?? null, filter.email ?? null, filter.messageId ?? null, filter.limit ?? 100,
      ]);
      return rows.map(toDelivery);
    },
    async deliveryCounts(destination) {
      const counts: DeliveryCounts = { sent: 0, condensed: 0, skipped: 0, deadLettered: 0 };
      for (const r of await db.query(COUNTS, [destination])) {
        const key = r.outcome === 'dead_letter' ? 'deadLettered' : (r.outcome as keyof DeliveryCounts);
        counts[key] = Number(r.n);
      }
      return counts;
    },
  };
}

function toDelivery(r: Row): Delivery {
  const d: Delivery = {
    destination: r.destination as string, key: r.site_key as string, messageId: r.message_id as string,
    event: r.event_name as string, outcome: r.outcome as Delivery['outcome'], at: toIso(r.at),
  };
  if (r.email != null) d.email = r.email as string;
  if (r.status != null) d.status = Number(r.status);
  if (r.into_message_id != null) d.into = r.into_message_id as string;
  if (r.answer != null) d.answer = r.answer;
  return d;
}
