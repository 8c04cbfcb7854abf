// worker.ts: the relay loop, one per destination: claim → map → send → confirm, reschedule or dead-letter.
import type { Lag, Outbox, SqlStore } from '../store/store.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { BudgetView } from './budget.js';
import { createRedactor, scrubEmails } from './redact.js';
import { sendRound } from './round.js';
import { createSettler, type DestinationStats as Counts, type Settler } from './settle.js';
import type { Destination, OutboxEvent, SendContext } from './types.js';

export interface DestinationStats extends Counts {
  budget: BudgetView;
  /** Pending browsing would take longer than the horizon at the budget: browsing goes condensed. */
  isCondensing: boolean;
  /** Per class: pending and the oldest's age in seconds (read every few seconds). */
  classes?: Record<string, { pending: number; oldestAgeSeconds?: number }>;
}

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
/** How often each destination's pending per class is read, to decide on condensing. */
const LAG_EVERY_MS = 3_000;
const BROWSING_ONLY: [number, number] = [1, 2];
const LEAD_ONLY: [number, number] = [0, 0];

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

  function wake() {
    const woken = wakeUp;
    wakeUp = new AbortController();
    woken.abort();
  }

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

  function contextFor(d: Destination, claimedAt: number, isLead: boolean): SendContext {
    const lastStart = claimedAt + leaseMs - d.timeoutMs - LEASE_MARGIN_MS;
    return {
      now,
      signal: aborting.signal,
      async slot() {
        for (;;) {
          // Stopping: what has not started yet is handed back rather than started.
          if (stopping.signal.aborted || now() > lastStart) return false;
          const wait = d.pacer.take(now(), isLead);
          if (wait === 0) return true;
          if (now() + wait > lastStart) return false;
          await sleep(Math.min(wait, pollMs));
        }
      },
    };
  }

  const lags = new Map<string, { lag: Lag; at: number }>();
  async function readLag(d: Destination): Promise<Lag | undefined> {
    const last = lags.get(d.name);
    if (last && now() - last.at < LAG_EVERY_MS) return last.lag;
    const lag = await outbox.lag(d.name).catch(() => undefined);
    if (lag) lags.set(d.name, { lag, at: now() });
    return lag;
  }

  /** SPEC §7: condense once the pending browsing would take longer than the horizon at the measured budget. */
  function isCondensing(d: Destination): boolean {
    const rate = d.pacer.rate();
    const browsing = lags.get(d.name)?.lag.classes?.browsing?.pending ?? 0;
    return d.condenseAfterMs !== undefined && !d.sendBatch && rate !== undefined && browsing / rate > d.condenseAfterMs;
  }

  /** As many as the window lets start before half the lease is gone (all of a batch when no budget is known). */
  function claimSize(d: Destination, isLeadLoop: boolean): number {
    // A batch request carries many events: its budget counts requests, not events.
    if (d.sendBatch) return d.batchSize;
    const at = now();
    const free = d.pacer.free(at);
    if (!Number.isFinite(free)) return d.batchSize;
    // Leads may spend the reserve too; a generous budget lets them be claimed many at a time.
    if (isLeadLoop) return Math.max(d.concurrency, Math.min(d.batchSize, free));
    const resetAt = d.pacer.budget(at).resetAt;
    const gap = resetAt ? Math.max(1, (Date.parse(resetAt) - at) / Math.max(1, free)) : 1;
    return Math.max(1, Math.min(d.batchSize, free, Math.floor(leaseMs / 2 / gap) + 1));
  }

  /** One loop claims this destination's lead events (they wait for no one); another the rest, paced. */
  async function run(d: Destination, priorities: [number, number] | undefined): Promise<void> {
    const settler = settlers.get(d.name)!;
    const isLeadLoop = priorities === LEAD_ONLY;
    let idle = pollMs;
    while (!stopping.signal.aborted) {
      const pause = Math.max(d.pacer.pausedUntil() - now(), d.pacer.waitFor(now(), isLeadLoop));
      if (pause > 0) { await sleep(Math.min(pause, pollMs), isLeadLoop); continue; }
      if (!isLeadLoop) await readLag(d);
      let claimed: OutboxEvent[];
      try {
        claimed = await outbox.claim(d.name, claimSize(d, isLeadLoop), leaseMs, priorities ? { priorities } : {});
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
      const claimedAt = now();
      try {
        await sendRound(d, claimed, {
          outbox, leaseMs, settler, isCondensing: isCondensing(d), contextFor: (isLead) => contextFor(d, claimedAt, isLead),
        });
      } catch (err) {
        // A bug in a sender must not stop the loop; the lease brings the events back.
        note('error', 'sending failed: ' + (err as Error).message, { destination: d.name });
      }
    }
  }

  // Every accept from now on queues with these destinations' classes, in any process on this database.
  for (const d of opts.destinations) outbox.setClasses?.(d.name, d.classes.lead, d.classes.engagement)
    ?.catch((err: Error) => note('error', 'classes not stored: ' + err.message, { destination: d.name }));
  // In `all`, the collector shares this store: an accepted batch wakes the relay at once.
  const unsubscribe = (outbox as Partial<SqlStore>).onAccepted?.(() => wake());

  const loops = opts.destinations.flatMap((d) => (d.sendBatch ? [run(d, undefined)] : [run(d, LEAD_ONLY), run(d, BROWSING_ONLY)]));
  note('info', 'relay started', { destinations: opts.destinations.map((d) => ({ name: d.name, type: d.type })) });

  return {
    stats: () => opts.destinations.map((d) => {
      const s: DestinationStats = { ...settlers.get(d.name)!.stats, budget: d.pacer.budget(now()), isCondensing: isCondensing(d) };
      const classes = lags.get(d.name)?.lag.classes;
      if (classes) s.classes = Object.fromEntries(Object.entries(classes).map(([k, c]) => [k, {
        pending: c.pending, ...(c.oldestReceivedAt ? { oldestAgeSeconds: Math.max(0, Math.round((now() - Date.parse(c.oldestReceivedAt)) / 1000)) } : {}),
      }]));
      const until = d.pacer.pausedUntil();
      return until > now() ? { ...s, pausedUntil: new Date(until).toISOString() } : s;
    }),
    wake,
    async stop({ abort = false } = {}) {
      unsubscribe?.();
      if (abort) aborting.abort();
      stopping.abort();
      await Promise.all(loops);
    },
  };
}
