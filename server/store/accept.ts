// accept.ts: a batch in one statement, so one transaction: insert with dedup by the unique key, and queue
// each new event for every relay destination. When the statement returns, the batch has committed.
import type { Db } from './db.js';
import type { AcceptMeta, Status, WireEvent } from './store.js';

// Rows go in messageId order so two concurrent batches lock their keys in the same order (no deadlock).
const INPUT = `
WITH input AS (
  SELECT b.i, b.r->'e' AS e, b.r->'e'->>'messageId' AS message_id, (b.r->>'t')::timestamptz AS ts
  FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS b(r, i)
)`;
const INSERT = `
INSERT INTO events (site_key, message_id, event_name, email, occurred_at, received_at, sent_at, body)
SELECT $1, message_id, e->>'event', e#>>'{identify,email}', ts, $3, $4, e FROM input ORDER BY message_id
ON CONFLICT (site_key, message_id) DO NOTHING`;

/** No destinations: the insert alone (the outbox step costs a fifth of the statement even when it queues nothing). */
const ACCEPT = INPUT + INSERT + ' RETURNING message_id';

// The outbox keeps the batch's own order, which is the order a relay sends in.
const ACCEPT_AND_QUEUE = INPUT + `, ins AS (${INSERT} RETURNING id, message_id
), queued AS (
  INSERT INTO outbox (destination, event_id, available_at)
  SELECT d.name, ins.id, $3 FROM ins JOIN input USING (message_id)
  CROSS JOIN jsonb_array_elements_text($5::jsonb) WITH ORDINALITY AS d(name, n)
  ORDER BY input.i, d.n
)
SELECT message_id FROM ins`;

export async function acceptBatch(
  db: Db, destinations: readonly string[], key: string, events: WireEvent[], meta: AcceptMeta, receivedAt: string,
): Promise<Status[]> {
  const params: unknown[] = [key, inputJson(events, meta.json), receivedAt, isoOrNull(meta.sentAt)];
  if (destinations.length) params.push(JSON.stringify(destinations));
  const rows = await db.query(destinations.length ? ACCEPT_AND_QUEUE : ACCEPT, params);
  const fresh = new Set(rows.map((r) => r.message_id as string));
  // Only the first copy of a new messageId counts; a later copy in the same batch is a duplicate.
  return events.map((e) => (fresh.delete(e.messageId) ? 'accepted' : 'duplicate'));
}

/** `[{ "t": occurred at, "e": the event }, …]` for the first copy of each messageId, reusing JSON the caller made. */
function inputJson(events: WireEvent[], json?: readonly string[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  events.forEach((e, i) => {
    if (seen.has(e.messageId)) return;
    seen.add(e.messageId);
    const t = isoOrNull(e.timestamp);
    parts.push('{"t":' + (t ? '"' + t + '"' : 'null') + ',"e":' + (json?.[i] ?? JSON.stringify(e)) + '}');
  });
  return '[' + parts.join(',') + ']';
}

export function isoOrNull(ts: unknown): string | null {
  const ms = typeof ts === 'number' ? ts : typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
