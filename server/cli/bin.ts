#!/usr/bin/env node
// bin.ts: the homing-collector bin: collector, relay worker or both (in N processes), the demo, and store chores.
import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { createLogger } from '../ops/logger.js';
import { createMetrics, serveWorkerMetrics } from '../ops/metrics.js';
import { DAY_MS } from '../ops/pruner.js';
import { writeLines } from '../store/export.js';
import { openStore } from '../store/open.js';
import { tokenProblem } from '../admin/gate.js';
import { loadKeys, type KeyList } from '../collector/keys.js';
import { HELP, parseArgs, type Args } from './args.js';
import { onStop, runCluster } from './cluster.js';
import { readAddress, recordAddress } from './address.js';
import { exportFrom, replayOn, whereOn, type Running } from './remote.js';
import { configureRelay } from './relay.js';
import { startRoles } from './roles.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(args + '\n\n' + HELP);
    process.exit(2);
  }
  if (args.isHelp) return void process.stdout.write(HELP);
  const problem = args.adminToken ? tokenProblem(args.adminToken) : undefined;
  if (problem) {
    console.error(problem);
    process.exit(2);
  }
  // Demo mode is the only one that loads server/dev/ (the fault switch, the request log, the site server).
  if (args.command === 'demo') {
    const dev = await import('../dev/demo.js').catch(() => undefined);
    if (!dev) throw new Error('demo mode runs from the repository (npm start): the homing-collector package ships without server/dev/');
    return dev.runDemo(args);
  }
  if (['export', 'replay', 'where', 'migrate', 'prune'].includes(args.command)) return runChore(args);
  const keys = loadKeys(args.keysFile, args.keyNames);
  if (typeof keys === 'string') {
    console.error(keys);
    process.exit(2);
  }
  return runServers(args, keys);
}

async function runServers(args: Args, keys: KeyList | undefined): Promise<void> {
  const logger = createLogger({ pid: process.pid });
  const dataDir = resolve(args.dataDir);
  await runCluster({
    workers: args.workers,
    logger,
    prepare: async () => {
      await (await openStore({ dataDir, databaseUrl: args.databaseUrl })).close();
      logger('info', 'migrations done', { workers: args.workers });
    },
    start: async () => {
      const metrics = createMetrics({ processMetrics: true });
      if (cluster.isWorker) serveWorkerMetrics(metrics.registry);
      const running = await startRoles({
        collector: args.command !== 'relay', relay: args.command !== 'collector', port: args.port, host: args.host, dataDir,
        databaseUrl: args.databaseUrl, retentionDays: args.retentionDays, ratePerMinute: args.rate, metrics, logger,
        keys, adminToken: args.adminToken, isTrustingProxy: args.isTrustingProxy, limits: args.limits,
      });
      const forget = ownsAddress(args) ? recordAddress(dataDir, running.url) : undefined;
      return async () => { forget?.(); await running.close(); };
    },
  });
  // With several workers, the primary holds the address: it outlives each of them.
  if (args.workers > 1 && !cluster.isWorker && ownsAddress(args)) recordAddress(dataDir, 'http://' + args.host + ':' + args.port);
}

/** The collector (or all) process of this data directory records where it listens; a worker of several leaves it to the primary. */
const ownsAddress = (args: Args) => args.command !== 'relay' && !cluster.isWorker;

/** export, replay, where, migrate and prune: open the store, do the one thing, close; on PGlite a running collector holds, ask it. */
async function runChore(args: Args): Promise<void> {
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore({ dataDir: resolve(args.dataDir), databaseUrl: args.databaseUrl });
  } catch (err) {
    const isHeld = /is in use by process/.test((err as Error).message);
    if (isHeld && args.command !== 'migrate' && args.command !== 'prune') return askRunning(args, (err as Error).message);
    throw err;
  }
  try {
    if (args.command === 'export') {
      const n = await writeLines(store, process.stdout, { since: args.since, key: args.key });
      console.error(n + ' events');
    } else if (args.command === 'replay') {
      const names = configureRelay(false, createLogger({ pid: process.pid }))?.destinations ?? [];
      if (!names.includes(args.destination as string))
        return fail('replay: ' + args.destination + ' is not a configured destination (' + (names.join(', ') || 'none: set HOMING_RELAY_DESTINATIONS') + ')');
      const n = await store.replay(args.destination as string, args.id);
      console.error(replayed(n, args.destination as string));
    } else if (args.command === 'where') {
      console.log(JSON.stringify(await store.trail({ email: args.email, messageId: args.messageId, key: args.key }), null, 2));
    } else if (args.command === 'prune') {
      console.error(await store.prune(new Date(Date.now() - args.retentionDays * DAY_MS)) + ' events pruned');
    } else console.error('migrations done (' + store.engine + ')');
  } finally {
    await store.close();
  }
}

const replayed = (n: number, destination: string) => n + ' dead letter' + (n === 1 ? '' : 's') + ' of ' + destination + ' queued again';

/** The data directory is the running collector's (PGlite is one process): ask it over HTTP, with the admin token. */
async function askRunning(args: Args, held: string): Promise<void> {
  const recorded = args.isPortGiven ? undefined : readAddress(resolve(args.dataDir));
  const to: Running = { url: recorded ?? 'http://127.0.0.1:' + args.port, token: args.adminToken };
  if (args.command === 'export') {
    const query = new URLSearchParams();
    if (args.since) query.set('since', args.since.toISOString());
    if (args.key) query.set('key', args.key);
    const asked = await exportFrom(to, query, process.stdout);
    if (!asked.ok) return fail(held + '; asked the running collector: ' + asked.message);
    return void console.error(asked.lines + ' events (from the running collector at ' + to.url + ')');
  }
  if (args.command === 'where') {
    const query = new URLSearchParams(Object.entries({ email: args.email, messageId: args.messageId, key: args.key }).filter(([, v]) => v) as [string, string][]);
    const asked = await whereOn(to, query);
    if (!asked.ok) return fail(held + '; asked the running collector: ' + asked.message);
    return void console.log(JSON.stringify((asked.body as { trail: unknown }).trail, null, 2));
  }
  const asked = await replayOn(to, args.destination as string, args.id);
  if (!asked.ok) return fail(held + '; asked the running collector: ' + asked.message);
  console.error(replayed((asked.body as { replayed: number }).replayed, args.destination as string) + ' (by the running collector at ' + to.url + ')');
}

function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

main().catch((err: Error) => {
  createLogger({ pid: process.pid })('error', 'stopped', { error: err });
  process.exit(1);
});
