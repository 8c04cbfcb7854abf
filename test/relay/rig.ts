// rig.ts: a PGlite store queuing for the four mocks, and a relay between them, on a clock tests can move.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destinationNames, startRelayFromConfig, type Relay, type RelayConfig } from '../../server/relay/index.js';
import { openPgliteStore } from '../../server/store/pglite.js';
import type { SqlStore, WireEvent } from '../../server/store/store.js';
import { DESTINATIONS, relayConfigFor, startMocks, type ConfigOptions, type MockOptions, type Mocks } from './world.js';

export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
}

export interface Rig {
  store: SqlStore;
  mocks: Mocks;
  config: RelayConfig;
  relay: Relay;
  clock: TestClock;
  logs: Record<string, unknown>[];
  dir: string;
  accept(events: WireEvent[], key?: string): Promise<void>;
  /** Stops the relay (gracefully, or as a crash with `abort`), reopens the store from disk, starts a new relay. */
  restart(opts?: { abort?: boolean }): Promise<void>;
  /** Events not yet confirmed, per destination. */
  pending(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** `only`: these destinations alone (default: all four). */
export async function startRig(o: { mocks?: MockOptions; config?: ConfigOptions; clock?: TestClock; only?: string[] } = {}): Promise<Rig> {
  const clock = o.clock ?? testClock();
  const dir = await mkdtemp(join(tmpdir(), 'homing-relay-'));
  const mocks = await startMocks({ now: clock.now, ...o.mocks });
  const config = relayConfigFor(mocks, o.config);
  if (o.only) config.destinations = config.destinations.filter((d) => o.only!.includes(d.name));
  const logs: Record<string, unknown>[] = [];
  const open = () => openPgliteStore(join(dir, 'pglite'), { destinations: destinationNames(config), now: clock.now });
  const start = (store: SqlStore) => startRelayFromConfig(store, config, { now: clock.now, log: (e) => logs.push(e) });
  const rig: Rig = {
    store: await open(),
    mocks, config, clock, logs, dir,
    relay: undefined as unknown as Relay,
    async accept(events, key = 'pk_test_relay') {
      await rig.store.accept(key, events, { receivedAt: new Date(clock.now()).toISOString() });
      rig.relay.wake();
    },
    async restart(opts) {
      await rig.relay.stop(opts);
      await rig.store.close();
      rig.store = await open();
      rig.relay = start(rig.store);
    },
    async pending() {
      const out: Record<string, number> = {};
      for (const d of DESTINATIONS) out[d] = o.only && !o.only.includes(d) ? 0 : (await rig.store.lag(d)).pending;
      return out;
    },
    async close() {
      await rig.relay.stop({ abort: true });
      await rig.store.close();
      await mocks.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  rig.relay = start(rig.store);
  return rig;
}

export const NOTHING_PENDING = { batch: 0, crm: 0, marketing: 0, success: 0 };

/**
 * Waits until no destination has anything pending; moves the clock 21 minutes whenever only waits
 * remain (002's second email open of a person is held 20 minutes after the first).
 */
export async function deliverAll(rig: Pick<Rig, 'pending' | 'clock'>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = '';
  let still = 0;
  for (;;) {
    const pending = await rig.pending();
    if (Object.values(pending).every((n) => n === 0)) return;
    if (Date.now() > end) throw new Error('still pending: ' + JSON.stringify(pending));
    const now = JSON.stringify(pending);
    still = now === last ? still + 1 : 0;
    last = now;
    if (still >= 10) { rig.clock.advance(21 * 60_000); still = 0; }
    await new Promise((r) => setTimeout(r, 50));
  }
}
