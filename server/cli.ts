#!/usr/bin/env node
// cli.ts: the homing-collector bin: collector, relay worker or both (in N processes), the demo, and store chores.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HELP, parseArgs, type Args } from './args.js';
import { onStop, runCluster } from './cluster.js';
import { startCollector } from './collector.js';
import { createLogger } from './logger.js';
import { createMetrics, serveWorkerMetrics } from './metrics.js';
import { DAY_MS } from './pruner.js';
import { startRoles } from './run.js';
import { startSite } from './static.js';
import { writeLines } from './store/export.js';
import { openStore } from './store/open.js';

/** The package root, whether this runs from build/server/cli.js or server/cli.ts. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(args + '\n\n' + HELP);
    process.exit(2);
  }
  if (args.isHelp) return void process.stdout.write(HELP);
  if (args.command === 'demo') return runDemo(args);
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

async function runDemo(args: Args): Promise<void> {
  const dataDir = resolve(args.dataDir);
  const collector = await startCollector({ port: args.port, dataDir, databaseUrl: args.databaseUrl, faults: true });
  console.log('collector  ' + collector.url + '/v1/events/batch  (' + (args.databaseUrl ? 'PostgreSQL' : 'PGlite in ' + dataDir) + ')');
  const closers = [collector.close];
  const root = packageRoot();
  const site = await startSite({ port: args.sitePort, mounts: { '/': join(root, 'demo/site'), '/js/': join(root, 'dist') } });
  closers.unshift(site.close);
  console.log('demo site  ' + site.url + '/');
  console.log('QA panel   ' + collector.url + '/qa');
  if (args.port !== 8787) console.log('note: demo/site/index.html points at port 8787');
  if (!existsSync(join(root, 'dist/homing.min.js'))) console.log('note: dist/homing.min.js is missing; run npm run build');
  onStop(async () => {
    for (const close of closers) await close();
  });
}

main().catch((err: Error) => {
  createLogger({ pid: process.pid })('error', 'stopped', { error: err });
  process.exit(1);
});
