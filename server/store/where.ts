// where.ts: where each event went, per destination (pending and why, sent, dead-lettered), and dead-letter replay.
import { toIso, type Db, type Row } from './db.js';

/** One event's state at one destination. */
export interface Whereabouts {
  destination: string;
  state: 'pending' | 'sent' | 'condensed' | 'skipped' | 'dead_letter' | 'unknown';
  /** pending: `waiting` its turn (behind `ahead` due events), `sending` (claimed now), `retrying` (after `error`). */
  why?: 'waiting' | 'sending' | 'retrying' | 'paused';
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

const PENDING = `
SELECT o.id, o.event_id, o.destination, o.available_at, o.attempts, o.last_error,
  (SELECT count(*)::int FROM outbox b WHERE b.destination = o.destination AND b.id < o.id AND b.available_at <= $2) AS ahead
FROM outbox o WHERE o.event_id = ANY($1::bigint[])`;

const DEAD = `
SELECT id, destination, site_key, message_id, attempts, last_error, answer, failed_at FROM dead_letters
WHERE message_id = ANY($1::text[])`;

const REPLAY = `
WITH gone AS (
  DELETE FROM dead_letters WHERE destination = $1 AND ($2::bigint IS NULL OR id = $2) RETURNING site_key, message_id
)
INSERT INTO outbox (destination, event_id, available_at)
SELECT $1, e.id, $3 FROM gone g JOIN events e ON e.site_key = g.site_key AND e.message_id = g.message_id
RETURNING id`;

/**
 * The ends of events that left the outbox. Until the relay keeps a record of each end, an event no longer
 * in the outbox nor among the dead letters was confirmed by the destination: `sent`, with no time.
 */
async function endsOf(_db: Db, _events: Row[]): Promise<Map<string, Whereabouts>> {
  return new Map();
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
    const [pending, dead, ends] = await Promise.all([
      db.query(PENDING, [ids, new Date(now()).toISOString()]),
      db.query(DEAD, [events.map((e) => e.message_id)]),
      endsOf(db, events),
    ]);
    const names = [...new Set([...destinations, ...pending.map((r) => r.destination as string), ...dead.map((r) => r.destination as string)])];
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
      const w: Whereabouts = { destination, state: 'dead_letter', at: toIso(d.failed_at), attempts: Number(d.attempts), answer: d.answer, deadLetterId: Number(d.id) };
      const status = (d.answer as { status?: unknown } | null)?.status;
      if (typeof status === 'number') w.status = status;
      if (d.last_error != null) w.error = d.last_error as string;
      return w;
    }
    return end ?? { destination, state: destinations.includes(destination) ? 'sent' : 'unknown' };
  }

  function pendingAt(destination: string, p: Row): Whereabouts {
    const due = Date.parse(toIso(p.available_at));
    const attempts = Number(p.attempts);
    const w: Whereabouts = { destination, state: 'pending', at: toIso(p.available_at), attempts };
    if (p.last_error != null) w.error = p.last_error as string;
    if (due > now()) w.why = p.last_error != null ? 'retrying' : 'sending';
    else { w.why = 'waiting'; w.ahead = Number(p.ahead); }
    return w;
  }

  async function replay(destination: string, id?: number): Promise<number> {
    return (await db.query(REPLAY, [destination, id ?? null, new Date(now()).toISOString()])).length;
  }

  return { trail, replay };
}
