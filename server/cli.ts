#!/usr/bin/env node
// cli.ts: the homing-collector bin: the collector alone, or the demo (collector with faults + the demo site).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCollector } from './collector.js';
import { startSite } from './static.js';

const HELP = `homing-collector [command] [flags]

Commands:
  collector   the batch endpoint alone (default)
  demo        the collector (fault switch on) and the demo site, with the built SDK at /js/

Flags:
  --port N        collector port (default 8787)
  --site-port N   demo site port (default 8080)
  --data DIR      where events.jsonl is kept (default .data)
  --help          this text
`;

interface Args {
  command: 'collector' | 'demo';
  port: number;
  sitePort: number;
  dataDir: string;
  isHelp: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { command: 'collector', port: 8787, sitePort: 8080, dataDir: '.data', isHelp: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') args.isHelp = true;
    else if (arg === 'collector' || arg === 'demo') args.command = arg;
    else if (arg === '--data') {
      if (!argv[i + 1]) return '--data needs a directory';
      args.dataDir = argv[++i];
    }
    else if (arg === '--port' || arg === '--site-port') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0 || n > 65535) return arg + ' needs a port number';
      if (arg === '--port') args.port = n;
      else args.sitePort = n;
    } else return 'unknown argument: ' + arg;
  }
  return args;
}

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
  const isDemo = args.command === 'demo';
  const collector = await startCollector({ port: args.port, dataDir: resolve(args.dataDir), faults: isDemo });
  console.log('collector  ' + collector.url + '/v1/events/batch  (data in ' + resolve(args.dataDir) + ')');
  const closers = [collector.close];
  if (isDemo) {
    const root = packageRoot();
    const site = await startSite({ port: args.sitePort, mounts: { '/': join(root, 'demo/site'), '/js/': join(root, 'dist') } });
    closers.unshift(site.close);
    console.log('demo site  ' + site.url + '/');
    if (args.port !== 8787) console.log('note: demo/site/index.html points at port 8787');
    if (!existsSync(join(root, 'dist/homing.min.js'))) console.log('note: dist/homing.min.js is missing; run npm run build');
  }
  onSignals(async () => {
    for (const close of closers) await close();
  });
}

function onSignals(close: () => Promise<void>): void {
  let isClosing = false;
  const stop = () => {
    if (isClosing) process.exit(1); // a second signal does not wait
    isClosing = true;
    close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
