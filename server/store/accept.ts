// accept.ts: a batch in one statement, so one transaction: insert with dedup by the unique key, and queue
// each new event for every relay destination. When the statement returns, the batch has committed.
import type { Db } from './db.js';
import type { AcceptMeta, Status, WireEvent } from './store.js';

// The collector reads the few columns out of each event itself and sends them as arrays beside the bodies
// (one JSON array, split by PostgreSQL's JSON scanner and stored as text): PostgreSQL never parses a body.
const INPUT = `
WITH input AS (
  SELECT u.i, u.message_id, u.event_name, u.email, u.ts, j.body
  FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS u(message_id, event_name, email, ts, i)
  JOIN json_array_elements($6::json) WITH ORDINALITY AS j(body, i) USING (i)
)`;
// Rows go in messageId order so two concurrent batches lock their keys in the same order (no deadlock).
const INSERT = `
INSERT INTO events (site_key, message_id, event_name, email, occurred_at, received_at, sent_at, body)
SELECT $1, message_id, event_name, email, ts, $7, $8, body FROM input ORDER BY message_id
ON CONFLICT (site_key, message_id) DO NOTHING`;

/** No destinations: the insert alone (the outbox step costs a fifth of the statement even when it queues nothing). */
const ACCEPT = INPUT + INSERT + ' RETURNING message_id';

// The outbox keeps the batch's own order, which is the order a relay sends in.
const ACCEPT_AND_QUEUE = INPUT + `, ins AS (${INSERT} RETURNING id, message_id
), queued AS (
  INSERT INTO outbox (destination, event_id, available_at)
  SELECT d.name, ins.id, $7 FROM ins JOIN input USING (message_id)
  CROSS JOIN unnest($9::text[]) WITH ORDINALITY AS d(name, n)
  ORDER BY input.i, d.n
)
SELECT message_id FROM ins`;

export async function acceptBatch(
  db: Db, destinations: readonly string[], key: string, events: WireEvent[], meta: AcceptMeta, receivedAt: string,
): Promise<Status[]> {
  const params: unknown[] = [key, ...columns(events, meta.json), receivedAt, isoOrNull(meta.sentAt)];
  if (destinations.length) params.push(destinations);
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

export function isoOrNull(ts: unknown): string | null {
  const ms = typeof ts === 'number' ? ts : typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
