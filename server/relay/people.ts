// people.ts: per-event sending order: a person's events one after another, several people at once.
import type { OutboxEvent } from './types.js';

/** 002 needs the user before their events, and a timeline reads best in order; up to `concurrency` people at once. */
export async function eachByPerson(events: OutboxEvent[], concurrency: number, fn: (e: OutboxEvent) => Promise<void>): Promise<void> {
  const groups = new Map<string, OutboxEvent[]>();
  for (const e of events) {
    const email = e.person ?? e.event.identify?.email ?? '';
    const group = groups.get(email);
    if (group) group.push(e);
    else groups.set(email, [e]);
  }
  const queue = [...groups.values()];
  const lane = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) for (const e of group) await fn(e);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, lane));
}
