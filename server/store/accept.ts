// accept.ts: a batch in one statement, so one transaction: insert with dedup by the unique key, and queue
// each new event for every relay destination. When the statement returns, the batch has committed.
import type { Db } from './db.js';
import { DEFAULT_ENGAGEMENT_EVENTS, DEFAULT_LEAD_EVENTS, SIGN_UP_EVENTS } from './classes.js';
import type { AcceptMeta, Status, WireEvent } from './store.js';

// The collector reads the few columns out of each event itself and sends them as arrays beside the bodies
// (one JSON array, split by PostgreSQL's JSON scanner and stored as text): PostgreSQL never parses a body.
const INPUT = `
WITH input AS (
  SELECT u.i, u.message_id, u.event_name, u.email, u.ts, j.body
  FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS u(message_id, event_name, email, ts, i)
  JOIN json_array_elements($6::json) WITH ORDINALITY AS j(body, i) USING (i)
)`;
// The dedup key is taken first (seen, SPEC §4's 24 hours), in messageId order so two concurrent batches lock their keys
// in the same order (no deadlock); only the events whose key was new go in. A day's events live in that day's table;
// the old table (the default partition, until it ages out) keeps its unique key, so a clash there is a duplicate too.
const INSERT = `, fresh AS (
  INSERT INTO seen (site_key, message_id, at) SELECT $1, message_id, $7 FROM input ORDER BY message_id
  ON CONFLICT DO NOTHING RETURNING message_id
)
INSERT INTO events (site_key, message_id, event_name, email, occurred_at, received_at, sent_at, body)
SELECT $1, message_id, event_name, email, ts, $7, $8, body FROM input JOIN fresh USING (message_id)
ON CONFLICT DO NOTHING`;

/** No destinations: the insert alone (the outbox step costs a fifth of the statement even when it queues nothing). */
const ACCEPT = INPUT + INSERT + ' RETURNING message_id';

// The outbox keeps the batch's own order, which is the order a relay sends in, except that a batch's identify goes
// first (SPEC §7: the person before their inquiry). Each row gets its class for its destination (relay_classes, else
// the defaults), its rank within the lead class (0: a request for an agent, and the lead events of its person, those
// already waiting included; 1: other people's sign-ups) and its person; identified traits merge into the person's record.
const ACCEPT_AND_QUEUE = INPUT + INSERT.replace('INSERT INTO events', ', ins AS (INSERT INTO events') + ` RETURNING id, message_id
), classed AS (
  SELECT d.name, d.n, ins.id, input.i, input.email, input.event_name,
    CASE WHEN input.event_name = ANY(coalesce(c.lead, $11::text[])) OR (input.event_name = 'form_submission' AND input.email IS NOT NULL) THEN 0
      WHEN input.event_name = ANY(coalesce(c.engagement, $12::text[])) THEN 1 ELSE 2 END AS priority,
    input.event_name = ANY(coalesce(c.lead, $11::text[])) AND input.event_name <> ALL($13::text[]) AS is_request
  FROM ins JOIN input USING (message_id)
  CROSS JOIN unnest($9::text[]) WITH ORDINALITY AS d(name, n)
  LEFT JOIN relay_classes c ON c.destination = d.name
), queued AS (
  INSERT INTO outbox (destination, event_id, event_at, available_at, priority, rank, person)
  SELECT name, id, $7, $7, priority,
    CASE WHEN priority = 0 AND bool_or(is_request) OVER (PARTITION BY name, email) THEN 0 ELSE 1 END, $1 || ' ' || coalesce(email, '')
  FROM classed ORDER BY event_name <> 'identify', i, n
), promoted AS (
  UPDATE outbox o SET rank = 0 FROM (SELECT DISTINCT name, email FROM classed WHERE is_request) r
  WHERE o.destination = r.name AND o.person = $1 || ' ' || coalesce(r.email, '') AND o.priority = 0 AND o.rank = 1
), traits AS (
  SELECT input.email, input.i, t.value::jsonb AS traits
  FROM ins JOIN input USING (message_id) JOIN unnest($10::text[]) WITH ORDINALITY AS t(value, i) ON t.i = input.i
  WHERE t.value IS NOT NULL AND input.email IS NOT NULL
), people_in AS (
  INSERT INTO people AS p (site_key, email, traits, updated_at)
  SELECT $1, t.email, jsonb_object_agg(kv.key, kv.value ORDER BY t.i), $7 FROM traits t, jsonb_each(t.traits) kv GROUP BY t.email
  -- In email order, as the events go in messageId order: two batches lock the same people in the same order.
  ORDER BY t.email
  ON CONFLICT (site_key, email) DO UPDATE SET traits = p.traits || excluded.traits, updated_at = excluded.updated_at
)
SELECT message_id FROM ins`;

export async function acceptBatch(
  db: Db, destinations: readonly string[], key: string, events: WireEvent[], meta: AcceptMeta, receivedAt: string,
): Promise<Status[]> {
  const params: unknown[] = [key, ...columns(events, meta.json), receivedAt, isoOrNull(meta.sentAt)];
  if (destinations.length) params.push(destinations, traitsOf(events), DEFAULT_LEAD_EVENTS, DEFAULT_ENGAGEMENT_EVENTS, SIGN_UP_EVENTS);
  const rows = await db.query(destinations.length ? ACCEPT_AND_QUEUE : ACCEPT, params);
  const fresh = new Set(rows.map((r) => r.message_id as string));
  // Only the first copy of a new messageId counts; a later copy in the same batch is a duplicate.
  return events.map((e) => (fresh.delete(e.messageId) ? 'accepted' : 'duplicate'));
}

/** messageIds, names, emails, times, and the bodies as one JSON array, for the first copy of each messageId. */
function columns(events: WireEvent[], json?: readonly string[]): unknown[] {
  const seen = new Set<string>();
  const ids: string[] = [], names: string[] = [], emails: (string | null)[] = [], times: (string | null)[] = [], bodies: string[] = [];
  events.forEach((e, i) => {
    if (seen.has(e.messageId)) return;
    seen.add(e.messageId);
    ids.push(e.messageId);
    names.push(e.event);
    emails.push(typeof e.identify?.email === 'string' ? e.identify.email : null);
    // Through Date and back: V8 reads 2026-02-30 as 2 March, which PostgreSQL would refuse, failing the batch.
    times.push(isoOrNull(e.timestamp));
    bodies.push(json?.[i] ?? JSON.stringify(e));
  });
  return [ids, names, emails, times, '[' + bodies.join(',') + ']'];
}

/**
 * Each first copy's traits as JSON text, for the person's record; null without traits, and for traits jsonb would
 * refuse (a \u0000, a lone surrogate): the event keeps them in its body, the record goes without.
 */
function traitsOf(events: WireEvent[]): (string | null)[] {
  const seen = new Set<string>();
  const out: (string | null)[] = [];
  for (const e of events) {
    if (seen.has(e.messageId)) continue;
    seen.add(e.messageId);
    const traits = e.identify?.traits;
    const json = traits && typeof traits === 'object' && Object.keys(traits).length ? JSON.stringify(traits) : null;
    out.push(json && !UNSAFE_FOR_JSONB.test(json) ? json : null);
  }
  return out;
}

// JSON.stringify writes a lone surrogate as a \udXXX escape and a valid pair as itself: any such escape is lone.
const UNSAFE_FOR_JSONB = /\\u0000|\\ud[89a-f]/i;

export function isoOrNull(ts: unknown): string | null {
  const ms = typeof ts === 'number' ? ts : typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
