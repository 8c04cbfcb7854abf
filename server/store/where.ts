// where.ts: where each event went, per destination (pending and why, sent, dead-lettered), and dead-letter replay.
import { classOfPriority, DEFAULT_ENGAGEMENT_EVENTS, DEFAULT_LEAD_EVENTS, SIGN_UP_EVENTS, type EventClass } from './classes.js';
import { toIso, type Db, type Row } from './db.js';

/** One event's state at one destination. */
export interface Whereabouts {
  destination: string;
  state: 'pending' | 'sent' | 'condensed' | 'skipped' | 'dead_letter' | 'unknown';
  /** pending: `waiting` its class's turn (behind `ahead` due events), `sending` (claimed now), `retrying` (after `error`). */
  why?: 'waiting' | 'sending' | 'retrying' | 'paused';
  /** pending: its sending class at this destination (SPEC §7): lead, engagement or browsing. */
  class?: EventClass;
  /** When it ended (sent, condensed, dead-lettered), or when it is due again (pending). */
  at?: string;
  /** The answer's HTTP status, when one settled it. */
  status?: number;
  attempts?: number;
  error?: string;
  ahead?: number;
  /** condensed: the messageId of the event that stands for it. */
  into?: string;
  /** dead_letter: what the destination answered; its id replays it. */
  answer?: unknown;
  deadLetterId?: number;
  /** paused: the destination takes nothing until then (its budget or its rate-limit answer). */
  pausedUntil?: string;
}

export interface Trail {
  key: string;
  messageId: string;
  event: string;
  email?: string;
  /** Capture time (the event's timestamp) and arrival. */
  occurredAt?: string;
  receivedAt: string;
  destinations: Whereabouts[];
}

export interface TrailFilter {
  key?: string;
  messageId?: string;
  email?: string;
  limit?: number;
}

export interface Where {
  /** The events matching the filter in capture order (a lead's story), each with where it went. */
  trail(filter: TrailFilter): Promise<Trail[]>;
  /** Puts dead letters of `destination` (one by id, or all) back into the outbox, due now; returns how many. */
  replay(destination: string, id?: number): Promise<number>;
}

const EVENTS = `
SELECT id, site_key, message_id, event_name, email, occurred_at, received_at FROM events
WHERE ($1::text IS NULL OR site_key = $1) AND ($2::text IS NULL OR message_id = $2) AND ($3::text IS NULL OR email = $3)
ORDER BY occurred_at NULLS LAST, id LIMIT $4`;

// Ahead of a due row: the due rows the claim takes before it (ORDER BY priority, rank, available_at, id).
const PENDING = `
SELECT o.id, o.event_id, o.destination, o.available_at, o.attempts, o.last_error, o.priority,
  (SELECT count(*)::int FROM outbox b WHERE b.destination = o.destination AND b.available_at <= $2
    AND (b.priority, b.rank, b.available_at, b.id) < (o.priority, o.rank, o.available_at, o.id)) AS ahead
FROM outbox o WHERE o.event_id = ANY($1::bigint[])`;

const DEAD = `
SELECT id, destination, site_key, message_id, attempts, last_error, answer, failed_at FROM dead_letters
WHERE message_id = ANY($1::text[])`;

// Back into the outbox with its class, rank and person, as accept.ts queues it (a request alone takes rank 0 here).
const REPLAY = `
WITH gone AS (
  DELETE FROM dead_letters WHERE destination = $1 AND ($2::bigint IS NULL OR id = $2) RETURNING site_key, message_id
)
INSERT INTO outbox (destination, event_id, event_at, available_at, priority, rank, person)
SELECT $1, e.id, e.received_at, $3,
  CASE WHEN e.event_name = ANY(coalesce(c.lead, $4::text[])) OR (e.event_name = 'form_submission' AND e.email IS NOT NULL) THEN 0
    WHEN e.event_name = ANY(coalesce(c.engagement, $5::text[])) THEN 1 ELSE 2 END,
  CASE WHEN e.event_name = ANY(coalesce(c.lead, $4::text[])) AND e.event_name <> ALL($6::text[]) THEN 0 ELSE 1 END,
  e.site_key || ' ' || coalesce(e.email, '')
FROM gone g JOIN events e ON e.site_key = g.site_key AND e.message_id = g.message_id
LEFT JOIN relay_classes c ON c.destination = $1
RETURNING id`;

const ENDS = `
SELECT destination, site_key, message_id, outcome, at, status, into_message_id, answer FROM deliveries
WHERE destination = ANY($1::text[]) AND message_id = ANY($2::text[])`;

/** The recorded end of each event that left the outbox (table deliveries), by destination, key and messageId. */
async function endsOf(db: Db, destinations: string[], events: Row[]): Promise<Map<string, Whereabouts>> {
  const ends = new Map<string, Whereabouts>();
  if (!destinations.length) return ends;
  for (const r of await db.query(ENDS, [destinations, events.map((e) => e.message_id)])) {
    const w: Whereabouts = { destination: r.destination as string, state: r.outcome as Whereabouts['state'], at: toIso(r.at) };
    if (r.status != null) w.status = Number(r.status);
    if (r.into_message_id != null) w.into = r.into_message_id as string;
    if (r.answer != null) w.answer = r.answer;
    ends.set(r.destination + ' ' + r.site_key + ' ' + r.message_id, w);
  }
  return ends;
}

/** Marks pending events of a paused destination (its budget, or a rate-limit answer) as `paused` until then. */
export function withPauses(trails: Trail[], pausedUntil: Readonly<Record<string, string | undefined>>, now = Date.now()): Trail[] {
  for (const t of trails)
    for (const w of t.destinations) {
      const until = pausedUntil[w.destination];
      if (w.state === 'pending' && w.why !== 'sending' && until && Date.parse(until) > now) Object.assign(w, { why: 'paused', pausedUntil: until });
    }
  return trails;
}

export function createWhere(db: Db, now: () => number, destinations: readonly string[]): Where {
  async function trail(filter: TrailFilter): Promise<Trail[]> {
    const limit = Math.min(Math.max(1, filter.limit ?? 500), 5000);
    const events = await db.query(EVENTS, [filter.key ?? null, filter.messageId ?? null, filter.email ?? null, limit]);
    if (!events.length) return [];
    const ids = events.map((e) => String(e.id));
    const [pending, dead] = await Promise.all([
      db.query(PENDING, [ids, new Date(now()).toISOString()]),
      db.query(DEAD, [events.map((e) => e.message_id)]),
    ]);
    const names = [...new Set([...destinations, ...pending.map((r) => r.destination as string), ...dead.map((r) => r.destination as string)])];
    const ends = await endsOf(db, names, events);
    return events.map((e) => {
      const at = (d: string) => ends.get(d + ' ' + e.site_key + ' ' + e.message_id);
      const mine = pending.filter((r) => String(r.event_id) === String(e.id));
      const gone = dead.filter((r) => r.site_key === e.site_key && r.message_id === e.message_id);
      const t: Trail = {
        key: e.site_key as string, messageId: e.message_id as string, event: e.event_name as string,
        receivedAt: toIso(e.received_at), destinations: names.map((d) => whereAt(d, mine, gone, at(d))),
      };
      if (e.email != null) t.email = e.email as string;
      if (e.occurred_at != null) t.occurredAt = toIso(e.occurred_at);
      return t;
    });
  }

  function whereAt(destination: string, pending: Row[], dead: Row[], end?: Whereabouts): Whereabouts {
    const p = pending.find((r) => r.destination === destination);
    if (p) return pendingAt(destination, p);
    const d = dead.find((r) => r.destination === destination);
    if (d) {
      const w: Whereabouts = {
        destination, state: 'dead_letter', at: toIso(d.failed_at), attempts: Number(d.attempts), answer: d.answer, deadLetterId: Number(d.id),
      };
      const status = (d.answer as { status?: unknown } | null)?.status;
      if (typeof status === 'number') w.status = status;
      if (d.last_error != null) w.error = d.last_error as string;
      return w;
    }
    // Neither queued nor ended here: received before this destination was configured, or its record was pruned.
    return end ?? { destination, state: 'unknown' };
  }

  function pendingAt(destination: string, p: Row): Whereabouts {
    const due = Date.parse(toIso(p.available_at));
    const attempts = Number(p.attempts);
    const w: Whereabouts = { destination, state: 'pending', class: classOfPriority(Number(p.priority)), at: toIso(p.available_at), attempts };
    if (p.last_error != null) w.error = p.last_error as string;
    if (due > now()) w.why = p.last_error != null ? 'retrying' : 'sending';
    else { w.why = 'waiting'; w.ahead = Number(p.ahead); }
    return w;
  }

  async function replay(destination: string, id?: number): Promise<number> {
    const at = new Date(now()).toISOString();
    return (await db.query(REPLAY, [destination, id ?? null, at, DEFAULT_LEAD_EVENTS, DEFAULT_ENGAGEMENT_EVENTS, SIGN_UP_EVENTS])).length;
  }

  return { trail, replay };
}
