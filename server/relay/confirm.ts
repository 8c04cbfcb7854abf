// confirm.ts: group commit for confirmations: ids confirmed while one query runs go together in the next.
import type { End, Outbox } from '../store/store.js';

export type Confirm = (ends: (number | End)[]) => Promise<void>;

/**
 * One outbox query per round instead of one per event (a PGlite statement costs milliseconds), with no
 * added delay: an id waits at most for the query already running. Rejects when its round's query fails.
 */
export function createConfirmer(outbox: Outbox, destination: string): Confirm {
  let waiting: { ids: (number | End)[]; settle: { resolve(): void; reject(err: unknown): void }[] } | undefined;
  let running: Promise<void> | undefined;

  async function drain(): Promise<void> {
    while (waiting) {
      const round = waiting;
      waiting = undefined;
      try {
        await outbox.confirm(destination, round.ids);
        for (const s of round.settle) s.resolve();
      } catch (err) {
        for (const s of round.settle) s.reject(err);
      }
    }
    running = undefined;
  }

  return (ids) => new Promise<void>((resolve, reject) => {
    waiting ??= { ids: [], settle: [] };
    waiting.ids.push(...ids);
    waiting.settle.push({ resolve, reject });
    // A microtask later, so that ids confirmed in the same tick (a batch's) share the first round too.
    running ??= Promise.resolve().then(drain);
  });
}
