// pg-server.mjs: starts a throwaway PostgreSQL (initdb in a temp dir, pg_ctl on a loopback port) and removes it after.
// Used by the store tests, the chaos test and the collector bench; Debian's `postgresql` package provides the binaries.
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The newest `/usr/lib/postgresql/<version>/bin` with initdb (Debian's layout), or PG_BIN. */
export function findPgBin() {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
}

const isRoot = process.getuid?.() === 0;

// initdb refuses to run as root, so as root the server runs as the `postgres` user (Debian's package creates it).
function asServerUser(bin, args) {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

function run(bin, args, timeoutMs = 60_000) {
  const [cmd, argv] = asServerUser(bin, args);
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { timeout: timeoutMs }, (err, stdout, stderr) =>
      err ? reject(new Error(bin + ' failed: ' + (stderr || err.message))) : resolve(stdout));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function postgresIds() {
  const read = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: read('-u'), gid: read('-g') };
}

/**
 * Starts a server and creates `database`; resolves to `{ url, stop() }`. `settings` are extra
 * `-c name=value` server settings (the defaults are initdb's, durable: fsync and synchronous_commit on).
 */
export async function startPgServer(bin, database = 'homing_test', settings = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'homing-pg-'));
  if (isRoot) {
    const { uid, gid } = postgresIds();
    if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root needs the `postgres` user (apt-get install postgresql)');
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const pgCtl = join(bin, 'pg_ctl');
  let isStarted = false;
  const stopSync = () => {
    if (isStarted) {
      const [cmd, argv] = asServerUser(pgCtl, ['-D', data, '-m', 'immediate', '-w', '-t', '10', 'stop']);
      spawnSync(cmd, argv, { timeout: 15_000 });
    }
    isStarted = false;
    rmSync(dir, { recursive: true, force: true });
  };
  // A process that dies mid-run still takes its server with it.
  process.once('exit', stopSync);
  try {
    await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    const port = await freePort();
    const extra = Object.entries({ max_connections: 100, ...settings }).map(([k, v]) => `-c ${k}=${v}`).join(' ');
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 ${extra}`;
    isStarted = true;
    await run(pgCtl, ['-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', '-t', '30', 'start'], 40_000);
    const url = `postgres://postgres@127.0.0.1:${port}/`;
    const admin = new pg.Client({ connectionString: url + 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`).finally(() => admin.end());
    return {
      url: url + database,
      dataDir: data,
      async stop() {
        process.removeListener('exit', stopSync);
        stopSync();
      },
    };
  } catch (err) {
    process.removeListener('exit', stopSync);
    stopSync();
    throw err;
  }
}
