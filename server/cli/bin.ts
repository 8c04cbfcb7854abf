#!/usr/bin/env node
// bin.ts: the homing-collector bin: collector, relay worker or both (in N processes), the demo, and store chores.
import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { createLogger } from '../ops/logger.js';
import { createMetrics, serveWorkerMetrics } from '../ops/metrics.js';
import { DAY_MS } from '../ops/pruner.js';
import { writeLines } from '../store/export.js';
import { openStore } from '../store/open.js';
import { HELP, parseArgs, type Args } from './args.js';
import { onStop, runCluster } from './cluster.js';
import { startRoles } from './roles.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(args + '\n\n' + HELP);
    process.exit(2);
  }
  if (args.isHelp) return void process.stdout.write(HELP);
  // Demo mode is the only one that loads server/dev/ (the fault switch, the request log, the site server).
  if (args.command === 'demo') {
    const dev = await import('../dev/demo.js').catch(() => undefined);
    if (!dev) throw new Error('demo mode runs from the repository (npm start): the homing-collector package ships without server/dev/');
    return dev.runDemo(args);
  }
  if (args.command === 'export' || args.command === 'migrate' || args.command === 'prune') return runChore(args);
  return runServers(args);
}

async function runServers(args: Args): Promise<void> {
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
        collector: args.command !== 'relay', relay: args.command !== 'collector', port: args.port, dataDir,
        databaseUrl: args.databaseUrl, retentionDays: args.retentionDays, ratePerMinute: args.rate, metrics, logger,
      });
      return running.close;
    },
  });
}

/** export, migrate and prune: open the store, do the one thing, close. */
async function runChore(args: Args): Promise<void> {
  const store = await openStore({ dataDir: resolve(args.dataDir), databaseUrl: args.databaseUrl });
  try {
    if (args.command === 'export') {
      const n = await writeLines(store, process.stdout, { since: args.since, key: args.key });
      console.error(n + ' events');
    } else if (args.command === 'prune') {
      console.error(await store.prune(new Date(Date.now() - args.retentionDays * DAY_MS)) + ' events pruned');
    } else console.error('migrations done (' + store.engine + ')');
  } finally {
    await store.close();
  }
}

main().catch((err: Error) => {
  createLogger({ pid: process.pid })('error', 'stopped', { error: err });
  process.exit(1);
});
