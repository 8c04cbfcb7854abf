// outbox.ts: the relay outbox queries: claim by class with a lease (SKIP LOCKED), reschedule, dead-letter, lag.
import { classOfPriority, type EventClass } from './classes.js';
import { toIso, toStoredEvent, type Db, type Row } from './db.js';
import { eventsOf } from './bodies.js';
import { createEnds } from './ends.js';
import type { ClaimOptions, ClassLag, DeadLetter, Lag, Outbox, OutboxEvent } from './store.js';

/** The claim's second half: the rows `next` chose get their lease (`until`, a parameter); their events are read after. */
const claimedBy = (until: string) => `)
UPDATE outbox o SET available_at = ${until}, attempts = o.attempts + 1
FROM next WHERE o.id = next.id
RETURNING o.id, o.event_id, o.event_at, o.attempts, o.last_error, o.priority, o.rank, o.person, o.failing_since`;

// The lease and the retry time share one column: a row is claimable when available_at has passed, so a dead worker's
// claim comes back by itself once its lease runs out. One walk of outbox_next in class and rank order; a row waits while an
// earlier row of its person and class is not yet due (a retry, a lease), so a person's events keep their capture order.
const CLAIM = `
WITH next AS (
  SELECT o.id FROM outbox o
  WHERE o.destination = $1 AND o.priority BETWEEN $5 AND $6 AND o.available_at <= $2
  AND NOT EXISTS (
    SELECT 1 FROM outbox b WHERE b.destination = $1 AND b.person = o.person AND b.priority = o.priority
    AND b.id < o.id AND b.available_at > o.available_at)
  ORDER BY o.priority, o.rank, o.available_at, o.id LIMIT $3 FOR UPDATE OF o SKIP LOCKED
` + claimedBy('$4');

// The rest of a person's due browsing, for one condensed event.
const CLAIM_PERSON = `
WITH next AS (
  SELECT id FROM outbox WHERE destination = $1 AND person = $2 AND priority = $3 AND available_at <= $4
  ORDER BY id LIMIT $5 FOR UPDATE SKIP LOCKED
` + claimedBy('$6');

// A retry also moves the person's later events of the class to its time: they wait behind it without the claim
// having to step over each of them, and come back after it in id order.
const RESCHEDULE = `
WITH me AS (
  UPDATE outbox SET available_at = $3, last_error = $4, failing_since = CASE WHEN $5 THEN coalesce(failing_since, $6) ELSE failing_since END
  WHERE destination = $1 AND id = $2 RETURNING person, priority
)
UPDATE outbox o SET available_at = $3 FROM me
WHERE $7 AND o.destination = $1 AND o.person = me.person AND o.priority = me.priority AND o.id > $2 AND o.available_at < $3`;

const DEAD_LETTERS = `
SELECT id, destination, site_key, message_id, received_at, sent_at, body, attempts, last_error, answer, failed_at
FROM dead_letters WHERE ($1::text IS NULL OR destination = $1) ORDER BY failed_at DESC, id DESC LIMIT $2`;

const LAG = `
SELECT priority, count(*)::int AS pending, min(event_at) AS oldest FROM outbox WHERE destination = $1 GROUP BY priority`;

// A person's pending events of lower classes, newest first: what a lead event's recentActivity sums up.
const PENDING_OF_PERSON = `
SELECT event_id, event_at FROM outbox WHERE destination = $1 AND person = $2 AND priority > 0 ORDER BY id DESC LIMIT $3`;

const SET_CLASSES = `
INSERT INTO relay_classes (destination, lead, engagement) VALUES ($1, $2, $3)
ON CONFLICT (destination) DO UPDATE SET lead = excluded.lead, engagement = excluded.engagement`;

/** A hand-back for now leaves the later events alone: the capture-order check holds them. */
const PUSH_AFTER_MS = 1_000;

export function createOutbox(db: Db, now: () => number): Outbox {
  const iso = (ms: number) => new Date(ms).toISOString();
  const toEvent = (r: Row, destination: string) => ({ ...toStoredEvent(r), ...outboxFields(r, destination) }) as OutboxEvent;
  /** The claimed rows with their events, in sending order (class, rank, id); a row whose day is gone is left out. */
  async function withEvents(claimed: Row[], destination: string): Promise<OutboxEvent[]> {
    const events = await eventsOf(db, claimed);
    const byOrder = (a: Row, b: Row) => Number(a.priority) - Number(b.priority) || Number(a.rank) - Number(b.rank) || Number(a.id) - Number(b.id);
    return claimed.filter((c) => events.has(String(c.event_id))).sort(byOrder)
      .map((c) => toEvent({ ...events.get(String(c.event_id)), ...c }, destination));
  }
  return {
    ...createEnds(db, now),
    async claim(destination, n, leaseMs, opts: ClaimOptions = {}) {
      const at = now();
      const [lo, hi] = opts.priorities ?? [0, 2];
      return withEvents(await db.query(CLAIM, [destination, iso(at), n, iso(at + leaseMs), lo, hi]), destination);
    },
    async claimPerson(destination, person, priority, n, leaseMs) {
      const at = now();
      return withEvents(await db.query(CLAIM_PERSON, [destination, person, priority, iso(at), n, iso(at + leaseMs)]), destination);
    },
    async reschedule(destination, id, retryAt, error, isFailing = true) {
      const isLater = retryAt.getTime() > now() + PUSH_AFTER_MS;
      await db.query(RESCHEDULE, [destination, id, retryAt.toISOString(), error, isFailing, iso(now()), isLater]);
    },
    async deadLetters(destination, limit = 100) {
      const rows = await db.query(DEAD_LETTERS, [destination ?? null, limit]);
      return rows.map((r) => ({
        ...toStoredEvent(r), ...outboxFields(r, r.destination as string), answer: r.answer, failedAt: toIso(r.failed_at),
      }) as DeadLetter);
    },
    async lag(destination): Promise<Lag> {
      const rows = await db.query(LAG, [destination]);
      const classes = {} as Record<EventClass, ClassLag>;
      const lag: Lag = { pending: 0, classes };
      let oldest: number | undefined;
      for (const r of rows) {
        const c: ClassLag = { pending: Number(r.pending) };
        if (r.oldest != null) c.oldestReceivedAt = toIso(r.oldest);
        classes[classOfPriority(Number(r.priority))] = c;
        lag.pending += c.pending;
        const at = r.oldest != null ? Date.parse(toIso(r.oldest)) : undefined;
        if (at !== undefined && (oldest === undefined || at < oldest)) oldest = at;
      }
      if (oldest !== undefined) lag.oldestReceivedAt = iso(oldest);
      return lag;
    },
    async pendingOfPerson(destination, person, limit = 500) {
      const queued = await db.query(PENDING_OF_PERSON, [destination, person, limit]);
      const events = await eventsOf(db, queued);
      return queued.flatMap((q) => events.get(String(q.event_id))?.body ?? []) as OutboxEvent['event'][];
    },
    async setClasses(destination, lead, engagement) {
      await db.query(SET_CLASSES, [destination, [...lead], [...engagement]]);
    },
  };
}

function outboxFields(r: Row, destination: string) {
  const fields: Pick<OutboxEvent, 'id' | 'destination' | 'attempts' | 'lastError' | 'priority' | 'person' | 'traits' | 'failingSince'> =
    { id: Number(r.id), destination, attempts: Number(r.attempts) };
  if (r.last_error != null) fields.lastError = r.last_error as string;
  if (r.priority != null) fields.priority = Number(r.priority);
  if (r.person != null) fields.person = r.person as string;
  if (r.traits != null) fields.traits = (typeof r.traits === 'string' ? JSON.parse(r.traits) : r.traits) as Record<string, unknown>;
  if (r.failing_since != null) fields.failingSince = toIso(r.failing_since);
  return fields;
}
