// args.ts: the command line of the homing-collector bin: commands, flags, the environment, and --help.
import { DEFAULT_LIMITS, type Limits } from '../http/guard.js';

export const HELP = `homing-collector [command] [flags]

Commands:
  collector   the batch endpoint (default)
  relay       a relay worker: forwards the outbox to the configured destinations
  all         the collector and a relay worker in each process
  demo        the collector (fault switch, QA panel) and the demo site, with the built SDK at /js/
  export      writes the stored events to stdout as JSON lines (events.jsonl), oldest first; on a
              PGlite directory a running collector holds, asks it (the address it recorded in --data,
              or 127.0.0.1:--port when given; the admin token)
  replay      puts dead letters of --destination (or only --id N) back into the outbox, to be sent again
  where       where a lead's events (--email) or one event (--message-id) went at each destination
  migrate     applies the database migrations and exits
  prune       deletes events older than --retention-days now and exits

Flags:
  --port N             HTTP port (default 8787; relay: 8788, for /healthz, /readyz, /metrics and the admin routes)
  --host ADDR          the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --keys FILE          the site keys taken, each with its origins: { "pk_live_a": ["https://example.com"] }
  --admin-token TOKEN  opens the admin routes (QA panel /qa, /__export, /__where, /__replay, /__deadletters,
                       /__relay) to this token; prefer HOMING_ADMIN_TOKEN, which other users cannot read
  --trust-proxy        behind your reverse proxy: read X-Forwarded-For and X-Forwarded-Proto (default: not)
  --workers N          processes on this machine (node:cluster, default 1); more than 1 needs DATABASE_URL
  --data DIR           where PGlite keeps its database when DATABASE_URL is unset (default .data)
  --retention-days N   events older than this are pruned, in small batches (default 30; never under 1)
  --rate N             batch requests per minute per site key, shared by every process (default 50)
  --headers-timeout S  seconds a request's headers may take to arrive, then 408 (default 10)
  --body-timeout S     seconds a batch body may take once its headers are in, then 408 (default 10)
  --connections-per-address N
                       open connections one client address may hold; the next is answered 429
                       (default 256; 0: no cap; off with --trust-proxy, where every one is the proxy's)
  --keep-alive S       seconds an idle connection is kept open (default 65)
  --site-port N        demo site port (default 8080)
  --since ISO          export: only events received at or after this time
  --key KEY            export: only this site key's events
  --destination NAME   replay: the destination whose dead letters are sent again
  --id N               replay: only this dead letter (its id in /__deadletters)
  --email EMAIL        where: a lead's events, in capture order
  --message-id ID      where: one event (with --key when several sites share it)
  --help               this text

Environment:
  DATABASE_URL         postgres://user:password@host:5432/db: use this PostgreSQL server (any number of
                       processes and machines) instead of PGlite in --data (one process)
  HOMING_KEYS          site keys taken from any origin, e.g. "pk_live_a pk_live_b"
  HOMING_KEYS_FILE     as --keys; without a key list any publishable-looking key is taken (a warning says so)
  HOMING_ADMIN_TOKEN   as --admin-token (at least 16 characters); without one the admin routes are off
  HOMING_TRUST_PROXY   1: as --trust-proxy
  HOMING_HEADERS_TIMEOUT, HOMING_BODY_TIMEOUT, HOMING_CONNECTIONS_PER_ADDRESS, HOMING_KEEP_ALIVE
                       as the flags of the same names

Relay (relay, all; a collector alone reads them too, to queue each event for each destination):
  HOMING_RELAY_CONFIG             a JSON file: { "destinations": { NAME: { type, url, token, ... } },
                                  "relay": { leaseMs, pollMs, maxAgeMs, backoff, adminPort } }
  HOMING_RELAY_DESTINATIONS       or, without a file, the destinations' names: crm,smashsend
  HOMING_RELAY_<NAME>_TYPE        batch (SMASHSEND's batch API), crm (Sure Send CRM), marketing (the 002
                                  platform), success (Salesmachine); default: the name
  HOMING_RELAY_<NAME>_URL         the destination's endpoint
  HOMING_RELAY_<NAME>_TOKEN       its API token (never logged, never in an answer)
  HOMING_RELAY_<NAME>_RATE_PER_MINUTE, _BATCH_SIZE, _CONCURRENCY, _TIMEOUT_MS
                                  its pace (batch: 50 a minute, 200 events), parallel requests, timeout
  HOMING_RELAY_ADMIN_PORT, HOMING_RELAY_ADMIN_HOST
                                  a relay alone also serves /__deadletters and /__relay there (with the token)
  Without a destination the relay role warns at start: events are stored, not forwarded.
`;

export type Command = 'collector' | 'relay' | 'all' | 'demo' | 'export' | 'replay' | 'where' | 'migrate' | 'prune';
const COMMANDS: readonly string[] = ['collector', 'relay', 'all', 'demo', 'export', 'replay', 'where', 'migrate', 'prune'];

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
  host: string;
  /** --keys or HOMING_KEYS_FILE. */
  keysFile?: string;
  /** HOMING_KEYS. */
  keyNames?: string;
  adminToken?: string;
  isTrustingProxy: boolean;
  destination?: string;
  id?: number;
  email?: string;
  messageId?: string;
  /** --port was given: it wins over the address a running collector recorded. */
  isPortGiven: boolean;
  isHelp: boolean;
  limits: Limits;
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
  '--host': (a, v) => { a.host = v; },
  '--keys': (a, v) => { a.keysFile = v; },
  '--admin-token': (a, v) => { a.adminToken = v; },
  '--destination': (a, v) => { a.destination = v; },
  '--headers-timeout': int(1, 3600, (a, n) => { a.limits.headersSeconds = n; }, 'a number of seconds from 1 to 3600'),
  '--body-timeout': int(1, 3600, (a, n) => { a.limits.bodySeconds = n; }, 'a number of seconds from 1 to 3600'),
  '--connections-per-address': int(0, 1_000_000, (a, n) => { a.limits.perAddress = n; }, 'a number of connections (0: no cap)'),
  '--keep-alive': int(1, 3600, (a, n) => { a.limits.keepAliveSeconds = n; }, 'a number of seconds from 1 to 3600'),
  '--email': (a, v) => { a.email = v; },
  '--message-id': (a, v) => { a.messageId = v; },
  '--id': int(1, Number.MAX_SAFE_INTEGER, (a, n) => { a.id = n; }, 'a dead letter\'s id'),
  '--since': (a, v) => {
    if (Number.isNaN(Date.parse(v))) return 'an ISO date and time';
    a.since = new Date(v);
  },
};

/** The environment's limits, read as the flags they stand for (a flag given too wins). */
const LIMIT_ENV: Record<string, string> = {
  HOMING_HEADERS_TIMEOUT: '--headers-timeout', HOMING_BODY_TIMEOUT: '--body-timeout',
  HOMING_CONNECTIONS_PER_ADDRESS: '--connections-per-address', HOMING_KEEP_ALIVE: '--keep-alive',
};

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Args | string {
  const args: Args = {
    command: 'collector', port: 8787, sitePort: 8080, dataDir: '.data', workers: 1, retentionDays: 30, rate: 50,
    databaseUrl: env.DATABASE_URL || undefined, isHelp: false, isPortGiven: false, host: '127.0.0.1',
    keysFile: env.HOMING_KEYS_FILE || undefined, keyNames: env.HOMING_KEYS || undefined,
    adminToken: env.HOMING_ADMIN_TOKEN || undefined, isTrustingProxy: env.HOMING_TRUST_PROXY === '1' || env.HOMING_TRUST_PROXY === 'true',
    limits: { ...DEFAULT_LIMITS },
  };
  const fromEnv = Object.entries(LIMIT_ENV).filter(([name]) => env[name]).flatMap(([name, flag]) => [flag, env[name] as string]);
  argv = [...fromEnv, ...argv];
  if (args.isTrustingProxy || argv.includes('--trust-proxy')) args.limits.perAddress = 0;
  let hasPort = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') args.isHelp = true;
    else if (arg === '--trust-proxy') args.isTrustingProxy = true;
    else if (COMMANDS.includes(arg)) args.command = arg as Command;
    else if (FLAGS[arg]) {
      const value = argv[++i];
      if (value === undefined) return arg + ' needs a value';
      const problem = FLAGS[arg](args, value);
      if (problem) return arg + ' needs ' + problem + ', not ' + JSON.stringify(value);
      hasPort ||= arg === '--port';
    } else return 'unknown argument: ' + arg;
  }
  args.isPortGiven = hasPort;
  if (args.command === 'relay' && !hasPort) args.port = 8788;
  if (args.command === 'where' && !args.email && !args.messageId) return 'where needs --email EMAIL (a lead) or --message-id ID (one event)';
  if (args.command === 'replay' && !args.destination) return 'replay needs --destination NAME (one of the relay\'s destinations)';
  if (args.workers > 1 && !args.databaseUrl)
    return '--workers ' + args.workers + ' needs DATABASE_URL: PGlite (the default) is one process';
  return args;
}
