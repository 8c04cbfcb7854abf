// outbox.ts: the relay outbox queries: claim with a lease (SKIP LOCKED), confirm, reschedule, dead-letter, lag.
import { toIso, toStoredEvent, type Db, type Row } from './db.js';
import type { DeadLetter, Lag, Outbox, OutboxEvent } from './store.js';

// The lease and the retry time share one column: a row is claimable when available_at has passed,
// so a dead worker's claim comes back by itself once its lease runs out.
const CLAIM = `
WITH next AS (
  SELECT id FROM outbox WHERE destination = $1 AND available_at <= $2
  ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE outbox o SET available_at = $4, attempts = o.attempts + 1
  FROM next WHERE o.id = next.id
  RETURNING o.id, o.event_id, o.attempts, o.last_error
)
SELECT c.id, c.attempts, c.last_error, e.site_key, e.message_id, e.received_at, e.sent_at, e.body
FROM claimed c JOIN events e ON e.id = c.event_id ORDER BY c.id`;

const CONFIRM = `
DELETE FROM outbox WHERE destination = $1
AND id IN (SELECT value::bigint FROM jsonb_array_elements_text($2::jsonb)) RETURNING id`;

const DEAD_LETTER = `
WITH gone AS (
  DELETE FROM outbox WHERE destination = $1 AND id = $2 RETURNING id, event_id, attempts, last_error
)
INSERT INTO dead_letters (id, destination, site_key, message_id, received_at, sent_at, body, attempts, last_error, answer, failed_at)
SELECT g.id, $1, e.site_key, e.message_id, e.received_at, e.sent_at, e.body, g.attempts, g.last_error, $3::jsonb, $4
FROM gone g JOIN events e ON e.id = g.event_id`;

const DEAD_LETTERS = `
SELECT id, destination, site_key, message_id, received_at, sent_at, body, attempts, last_error, answer, failed_at
FROM dead_letters WHERE ($1::text IS NULL OR destination = $1) ORDER BY failed_at DESC, id DESC LIMIT $2`;

const LAG = `
SELECT count(*)::int AS pending, min(e.received_at) AS oldest
FROM outbox o JOIN events e ON e.id = o.event_id WHERE o.destination = $1`;

export function createOutbox(db: Db, now: () => number): Outbox {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    async claim(destination, n, leaseMs) {
      const at = now();
      const rows = await db.query(CLAIM, [destination, iso(at), n, iso(at + leaseMs)]);
      return rows.map((r) => ({ ...toStoredEvent(r), ...outboxFields(r, destination) }) as OutboxEvent);
    },
    async confirm(destination, ids) {
      if (!ids.length) return 0;
      return (await db.query(CONFIRM, [destination, JSON.stringify(ids.map(String))])).length;
    },
    async reschedule(destination, id, retryAt, error) {
      await db.query('UPDATE outbox SET available_at = $3, last_error = $4 WHERE destination = $1 AND id = $2',
        [destination, id, retryAt.toISOString(), error]);
    },
    async deadLetter(destination, id, answer) {
      await db.query(DEAD_LETTER, [destination, id, JSON.stringify(answer ?? null), iso(now())]);
    },
    async deadLetters(destination, limit = 100) {
      const rows = await db.query(DEAD_LETTERS, [destination ?? null, limit]);
      return rows.map((r) => ({
        ...toStoredEvent(r), ...outboxFields(r, r.destination as string), answer: r.answer, failedAt: toIso(r.failed_at),
      }) as DeadLetter);
    },
    async lag(destination): Promise<Lag> {
      const [row] = await db.query(LAG, [destination]);
      const lag: Lag = { pending: Number(row.pending) };
      if (row.oldest != null) lag.oldestReceivedAt = toIso(row.oldest);
      return lag;
    },
  };
}

function outboxFields(r: Row, destination: string) {
  const fields: { id: number; destination: string; attempts: number; lastError?: string } =
    { id: Number(r.id), destination, attempts: Number(r.attempts) };
  if (r.last_error != null) fields.lastError = r.last_error as string;
  return fields;
}
