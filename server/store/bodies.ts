// bodies.ts: the events behind outbox rows, read with their days as parameters. A join from the outbox to `events`
// would have PostgreSQL open every day table for each claim (measured on a year: seconds a claim); bounds known when
// the statement starts let it plan (or prune at start) only the days that hold them.
import type { Db, Row } from './db.js';

const READ = `
SELECT e.id, e.site_key, e.message_id, e.email, e.event_name, e.received_at, e.sent_at, e.body, p.traits
FROM events e LEFT JOIN people p ON p.site_key = e.site_key AND p.email = e.email
WHERE e.received_at BETWEEN $1 AND $2 AND e.id = ANY($3::bigint[])`;

const BOUNDS = 'SELECT min(event_at) AS lo, max(event_at) AS hi FROM outbox WHERE destination = $1 AND id = ANY($2::bigint[])';

const iso = (v: unknown) => new Date(v as string | Date).toISOString();

/** The earliest and latest day of these rows' events (rows with `event_at`), as ISO times. */
export function boundsOf(rows: readonly Row[]): [string, string] | undefined {
  if (!rows.length) return undefined;
  const times = rows.map((r) => Date.parse(iso(r.event_at)));
  return [new Date(Math.min(...times)).toISOString(), new Date(Math.max(...times)).toISOString()];
}

/** The same for outbox rows known by id (undefined when none is left). */
export async function boundsOfIds(db: Db, destination: string, ids: readonly string[]): Promise<[string, string] | undefined> {
  const [row] = await db.query(BOUNDS, [destination, ids]);
  return row?.lo == null ? undefined : [iso(row.lo), iso(row.hi)];
}

/** Each outbox row's event (with the person's traits), by event id. */
export async function eventsOf(db: Db, rows: readonly Row[]): Promise<Map<string, Row>> {
  const bounds = boundsOf(rows);
  if (!bounds) return new Map();
  const found = await db.query(READ, [...bounds, rows.map((r) => String(r.event_id))]);
  return new Map(found.map((e) => [String(e.id), e]));
}
