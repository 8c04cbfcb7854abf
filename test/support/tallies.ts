// tallies.ts: what the browser tests and the engine scenarios count: track many, drain the queue, tally the copies.
import type { CollectorHandle } from './collector.js';

/** A Playwright page or an engine tab (test/engines/driver.ts): both run a function in the page. */
export interface Evaluates {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/** Tracks `n` property views in `page` at once (one task); resolves their messageIds. */
export function trackViews(page: Evaluates, n: number, tag: string): Promise<string[]> {
  return page.evaluate(async ({ n, tag }) => {
    const all = [];
    for (let i = 0; i < n; i++) all.push((window as any).homing.track('property_view', { tag, i, property: { id: 'p' + i, price: 400000 + i } }));
    return (await Promise.all(all)).map((r: any) => r.messageId as string);
  }, { n, tag });
}

/** For these messageIds: delivered, lost (never accepted), accepted more than once, repeats answered `duplicate`; and the requests the collector received. */
export async function tally(collector: CollectorHandle, ids: string[]) {
  const { events, requests } = await collector.log();
  const want = new Set(ids);
  const copies = new Map<string, number>();
  let duplicates = 0;
  for (const e of events) {
    if (!want.has(e.messageId)) continue;
    if (e.status === 'accepted') copies.set(e.messageId, (copies.get(e.messageId) || 0) + 1);
    if (e.status === 'duplicate') duplicates++;
  }
  return {
    delivered: copies.size,
    lost: ids.filter((id) => !copies.has(id)).length,
    twice: [...copies.values()].filter((n) => n > 1).length,
    duplicates,
    requests: requests.length,
  };
}

/** Calls flush() until the queue is empty (or `tries` run out); returns the last result. */
export function drain(page: Evaluates, tries = 10): Promise<any> {
  return page.evaluate(async (n: number) => {
    let r: any;
    for (let i = 0; i < n; i++) {
      r = await (window as any).homing.flush();
      if (!r.remaining) break;
      await new Promise((ok) => setTimeout(ok, 300));
    }
    return r;
  }, tries);
}
