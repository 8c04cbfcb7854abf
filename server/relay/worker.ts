// worker.ts: the relay loop, one per destination: claim → map → send → confirm, reschedule or dead-letter.
import type { Outbox } from '../store/store.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { eachByPerson } from './people.js';
import { createRedactor, scrubEmails } from './redact.js';
import { createSettler, type DestinationStats, type Settler } from './settle.js';
import type { Destination, OutboxEvent, SendContext } from './types.js';

export type { DestinationStats };

export interface RelayOptions {
  outbox: Outbox;
  destinations: Destination[];
  /** How long a claim is ours; no request starts once too little of it is left. */
  leaseMs?: number;
  /** How often an empty outbox is asked again at first; idle, the wait doubles up to 8 times this. */
  pollMs?: number;
  /** A transient failure of an event older than this is dead-lettered. */
  maxAgeMs?: number;
  backoff?: BackoffOptions;
  now?: () => number;
  /** Tokens to keep out of errors, dead letters and logs. */
  secrets?: readonly string[];
  /** One JSON object per notable event; default: a JSON line on stdout. */
  log?: (entry: Record<string, unknown>) => void;
}

export interface Relay {
  stats(): DestinationStats[];
  /** Ends the idle waits: new events were queued (a collector in the same process calls it). */
  wake(): void;
  /** Stops claiming; waits for requests in flight and settles them. `abort: true` drops them (a crash, for tests). */
  stop(opts?: { abort?: boolean }): Promise<void>;
}

/** No request starts with less than its timeout plus this left of its lease. */
const LEASE_MARGIN_MS = 1_000;
const MAX_IDLE_FACTOR = 8;

export function startRelay(opts: RelayOptions): Relay {
  const { outbox } = opts;
  const now = opts.now ?? Date.now;
  const leaseMs = opts.leaseMs ?? 60_000;
  const pollMs = opts.pollMs ?? 250;
  const redact = createRedactor(opts.secrets ?? []);
  const log = opts.log ?? ((entry) => console.log(JSON.stringify(entry)));
  const stopping = new AbortController();
  const aborting = new AbortController();
  let wakeUp = new AbortController();

  const note = (level: string, msg: string, fields: Record<string, unknown> = {}) =>
    log({ t: new Date(now()).toISOString(), level, msg: scrubEmails(redact.text(msg)), ...fields });

  const settlers = new Map<string, Settler>(opts.destinations.map((d) => [d.name, createSettler(d, {
    outbox, now, note, redact, maxAgeMs: opts.maxAgeMs ?? 3 * 864e5, backoff: opts.backoff ?? DEFAULT_BACKOFF,
    isAborting: () => aborting.signal.aborted,
  })]));

  function sleep(ms: number, wakeable = false): Promise<void> {
    const signals = wakeable ? [stopping.signal, wakeUp.signal] : [stopping.signal];
    if (signals.some((s) => s.aborted)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); for (const s of signals) s.removeEventListener('abort', done); resolve(); };
      const timer = setTimeout(done, Math.max(1, ms));
      for (const s of signals) s.addEventListener('abort', done);
    });
  }

  function contextFor(d: Destination, claimedAt: number): SendContext {
    const lastStart = claimedAt + leaseMs - d.timeoutMs - LEASE_MARGIN_MS;
    return {
      now,
      signal: aborting.signal,
      async slot() {
        for (;;) {
          // Stopping: what has not started yet is handed back rather than started.
          if (stopping.signal.aborted || now() > lastStart) return false;
          const wait = d.pacer.take(now());
          if (wait === 0) return true;
          if (now() + wait > lastStart) return false;
          await sleep(Math.min(wait, pollMs));
        }
      },
    };
  }

  async function run(d: Destination): Promise<void> {
    const { settle } = settlers.get(d.name)!;
    let idle = pollMs;
    while (!stopping.signal.aborted) {
      const pause = d.pacer.pausedUntil() - now();
      if (pause > 0) { await sleep(Math.min(pause, pollMs)); continue; }
      let claimed: OutboxEvent[];
      try {
        claimed = await outbox.claim(d.name, d.batchSize, leaseMs);
      } catch (err) {
        note('error', 'claim failed: ' + (err as Error).message, { destination: d.name });
        await sleep(pollMs * MAX_IDLE_FACTOR);
        continue;
      }
      if (!claimed.length) {
        // Every empty claim is a query: an idle relay asks less often, and wake() brings it back at once.
        await sleep(idle, true);
        idle = Math.min(idle * 2, pollMs * MAX_IDLE_FACTOR);
        continue;
      }
      idle = pollMs;
      const ctx = contextFor(d, now());
      try {
        if (d.sendBatch) {
          const outcomes = await d.sendBatch(claimed, ctx);
          await Promise.all(claimed.map((e, i) => settle(e, outcomes[i])));
        } else {
          // A person's next event does not wait for the last one's confirmation to commit: rounds are grouped.
          const settling: Promise<void>[] = [];
          await eachByPerson(claimed, d.concurrency, async (e) => void settling.push(settle(e, await d.sendEach!(e, ctx))));
          await Promise.all(settling);
        }
      } catch (err) {
        // A bug in a sender must not stop the loop; the lease brings the events back.
        note('error', 'sending failed: ' + (err as Error).message, { destination: d.name });
      }
    }
  }

  const loops = opts.destinations.map((d) => run(d));
  note('info', 'relay started', { destinations: opts.destinations.map((d) => ({ name: d.name, type: d.type })) });

  return {
    stats: () => opts.destinations.map((d) => {
      const s = { ...settlers.get(d.name)!.stats };
      const until = d.pacer.pausedUntil();
      return until > now() ? { ...s, pausedUntil: new Date(until).toISOString() } : s;
    }),
    wake() {
      const woken = wakeUp;
      wakeUp = new AbortController();
      woken.abort();
    },
    async stop({ abort = false } = {}) {
      if (abort) aborting.abort();
      stopping.abort();
      await Promise.all(loops);
    },
  };
}
