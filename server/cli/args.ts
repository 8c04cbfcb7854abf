// args.ts: the command line of the homing-collector bin: commands, flags, the environment, and --help.

export const HELP = `homing-collector [command] [flags]

Commands:
  collector   the batch endpoint (default)
  relay       a relay worker: forwards the outbox to the configured destinations
  all         the collector and a relay worker in each process
  demo        the collector (fault switch, QA panel) and the demo site, with the built SDK at /js/
  export      writes the stored events to stdout as JSON lines (events.jsonl), oldest first
  migrate     applies the database migrations and exits
  prune       deletes events older than --retention-days now and exits

Flags:
  --port N             HTTP port (default 8787; relay: 8788, for /healthz, /readyz, /metrics)
  --workers N          processes on this machine (node:cluster, default 1); more than 1 needs DATABASE_URL
  --data DIR           where PGlite keeps its database when DATABASE_URL is unset (default .data)
  --retention-days N   events older than this are pruned, in small batches (default 30; never under 1)
  --rate N             batch requests per minute per site key, shared by every process (default 50)
  --site-port N        demo site port (default 8080)
  --since ISO          export: only events received at or after this time
  --key KEY            export: only this site key's events
  --help               this text

Environment:
  DATABASE_URL         postgres://user:password@host:5432/db: use this PostgreSQL server (any number of
                       processes and machines) instead of PGlite in --data (one process)
`;

export type Command = 'collector' | 'relay' | 'all' | 'demo' | 'export' | 'migrate' | 'prune';
const COMMANDS: readonly string[] = ['collector', 'relay', 'all', 'demo', 'export', 'migrate', 'prune'];

export interface Args {
  command: Command;
  port: number;
  sitePort: number;
  dataDir: string;
  workers: number;
  retentionDays: number;
  rate: number;
  since?: Date;
  key?: string;
  databaseUrl?: string;
  isHelp: boolean;
}

type Setter = (args: Args, value: string) => string | void;

const int = (min: number, max: number, set: (args: Args, n: number) => void, what: string): Setter => (args, value) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) return what;
  set(args, n);
};

const FLAGS: Record<string, Setter> = {
  '--port': int(0, 65535, (a, n) => { a.port = n; }, 'a port number'),
  '--site-port': int(0, 65535, (a, n) => { a.sitePort = n; }, 'a port number'),
  '--workers': int(1, 256, (a, n) => { a.workers = n; }, 'a number of processes from 1 to 256'),
  '--retention-days': int(1, 36_500, (a, n) => { a.retentionDays = n; }, 'a number of days, at least 1 (the dedup window is 24 hours)'),
  '--rate': int(1, 1_000_000, (a, n) => { a.rate = n; }, 'a number of requests a minute'),
  '--data': (a, v) => { a.dataDir = v; },
  '--key': (a, v) => { a.key = v; },
  '--since': (a, v) => {
    if (Number.isNaN(Date.parse(v))) return 'an ISO date and time';
    a.since = new Date(v);
  },
};

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Args | string {
  const args: Args = {
    command: 'collector', port: 8787, sitePort: 8080, dataDir: '.data', workers: 1, retentionDays: 30, rate: 50,
    databaseUrl: env.DATABASE_URL || undefined, isHelp: false,
  };
  let hasPort = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') args.isHelp = true;
    else if (COMMANDS.includes(arg)) args.command = arg as Command;
    else if (FLAGS[arg]) {
      const value = argv[++i];
      if (value === undefined) return arg + ' needs a value';
      const problem = FLAGS[arg](args, value);
      if (problem) return arg + ' needs ' + problem + ', not ' + JSON.stringify(value);
      hasPort ||= arg === '--port';
    } else return 'unknown argument: ' + arg;
  }
  if (args.command === 'relay' && !hasPort) args.port = 8788;
  if (args.workers > 1 && !args.databaseUrl)
    return '--workers ' + args.workers + ' needs DATABASE_URL: PGlite (the default) is one process';
  return args;
}
