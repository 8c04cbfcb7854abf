// demo.ts: `homing-collector demo`: the collector with its dev routes and the QA panel, and the demo site with the built SDK.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Args } from '../cli/args.js';
import { onStop } from '../cli/cluster.js';
import { findUp } from '../http/files.js';
import { startDevCollector } from './collector.js';
import { startSite } from './static.js';

export async function runDemo(args: Args): Promise<void> {
  const dataDir = resolve(args.dataDir);
  const collector = await startDevCollector({
    port: args.port, host: args.host, dataDir, databaseUrl: args.databaseUrl, faults: true, adminToken: args.adminToken, isTrustingProxy: args.isTrustingProxy,
  });
  console.log('collector  ' + collector.url + '/v1/events/batch  (' + (args.databaseUrl ? 'PostgreSQL' : 'PGlite in ' + dataDir) + ')');
  const closers = [collector.close];
  // The repository's demo/ (beside dist/), found from server/dev or server/build/server/dev.
  const demo = dirname(findUp('demo/site') ?? resolve('demo/site'));
  const site = await startSite({ port: args.sitePort, mounts: { '/': join(demo, 'site'), '/js/': join(demo, '../dist') } });
  closers.unshift(site.close);
  console.log('demo site  ' + site.url + '/');
  // Without a token the panel and the dev routes answer this machine only (loopback); with one, they ask for it.
  console.log('QA panel   ' + collector.url + '/qa' + (args.adminToken ? '  (sign in with HOMING_ADMIN_TOKEN)' : '  (this machine only)'));
  if (args.port !== 8787) console.log('note: demo/site/index.html points at port 8787');
  if (!existsSync(join(demo, '../dist/homing.min.js'))) console.log('note: dist/homing.min.js is missing; run npm run build');
  onStop(async () => {
    for (const close of closers) await close();
  });
}
