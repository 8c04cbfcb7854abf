// cli.test.ts: the homing-collector bin: --help, its refusals, N workers on one PostgreSQL, /readyz, /metrics, logs.
import { test, expect } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli } from './cli-helpers.js';
import { findPgBin, startPgServer, type PgServer } from './pg-server.js';

const CLI = 'server/build/server/cli/bin.js';
const event = (messageId: string, email = 'jane@example.com') =>
  ({ event: 'page_view', identify: { email }, properties: {}, timestamp: new Date().toISOString(), messageId });

test('--help lists the commands, the flags and DATABASE_URL', () => {
  const help = execFileSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
  for (const word of ['collector', 'relay', 'all', 'export', '--port', '--workers', '--data', '--retention-days', 'DATABASE_URL'])
    expect(help).toContain(word);
});

test('several workers without DATABASE_URL are refused: PGlite is one process', () => {
  const r = spawnSync(process.execPath, [CLI, '--workers', '2'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('needs DATABASE_URL');
});

test('a second process on a PGlite data directory is refused while the first runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'homing-cli-'));
  const first = await startCli(['collector', '--data', dir], { DATABASE_URL: '' });
  try {
    await first.waitForReady();
    const second = spawnSync(process.execPath, [CLI, 'export', '--data', dir], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    expect(second.status).toBe(1);
    // export then asks the running collector at the address it recorded (its admin routes are off here), and says both.
    expect(second.stderr).toContain('in use by process ' + first.proc.pid);
    expect(second.stderr).toContain('the running collector at ' + first.url + ' has its admin routes off');
  } finally {
    await first.stop();
  }
  const after = spawnSync(process.execPath, [CLI, 'export', '--data', dir], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  expect(after.stderr).toContain('0 events');
  rmSync(dir, { recursive: true, force: true });
});

test.describe('on PostgreSQL', () => {
  let server: PgServer | undefined;
  test.beforeAll(async () => {
    test.setTimeout(90_000);
    const bin = findPgBin();
    if (!bin && process.env.CI) throw new Error('no PostgreSQL under /usr/lib/postgresql: CI must install it (apt-get install postgresql)');
    test.skip(!bin, 'no PostgreSQL server installed (apt-get install postgresql)');
    server = await startPgServer(bin as string, 'homing_cli');
  });
  test.afterAll(async () => { await server?.stop(); });

  test('two workers share the port, a killed one is replaced, and /metrics sums both', async () => {
    test.setTimeout(60_000);
    const cli = await startCli(['collector', '--workers', '2'], { DATABASE_URL: (server as PgServer).url });
    try {
      await cli.waitForReady();
      const started = () => cli.lines.filter((l) => l.msg === 'started').map((l) => l.pid as number);
      await cli.waitForLine(() => started().length === 2);
      const post = (id: string) => fetch(cli.url + '/v1/events/batch?key=pk_cluster', { method: 'POST', body: JSON.stringify({ events: [event(id)] }) });
      for (let i = 0; i < 6; i++) expect((await post('w' + i)).status).toBe(200);
      process.kill(started()[0], 'SIGKILL');
      await cli.waitForLine((l) => l.msg === 'worker exited; starting another' && l.signal === 'SIGKILL');
      await cli.waitForLine(() => started().length === 3);
      expect((await post('w-after')).status).toBe(200);
      const metrics = await (await fetch(cli.url + '/metrics')).text();
      // Six batches went to the two first workers and one to the new one; the dead worker's count died with it.
      const accepted = Number(/homing_events_total\{status="accepted"\} (\d+)/.exec(metrics)?.[1]);
      expect(accepted).toBeGreaterThanOrEqual(1);
      expect(accepted).toBeLessThanOrEqual(7);
      expect(metrics).toContain('homing_batch_request_seconds_bucket');
    } finally {
      await cli.stop();
    }
  });

  test('the rate window is shared: the limit holds across two processes', async () => {
    const env = { DATABASE_URL: (server as PgServer).url };
    const [a, b] = await Promise.all([startCli(['collector', '--rate', '4'], env), startCli(['collector', '--rate', '4'], env)]);
    try {
      await Promise.all([a.waitForReady(), b.waitForReady()]);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await fetch((i % 2 ? a : b).url + '/v1/events/batch?key=pk_shared_rate', { method: 'POST', body: JSON.stringify({ events: [event('r' + i)] }) });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('logs are JSON lines without emails or the database password; /readyz says ready', async () => {
    const url = (server as PgServer).url.replace('postgres@', 'postgres:s3cret-pass@');
    const cli = await startCli(['collector'], { DATABASE_URL: url });
    try {
      await cli.waitForReady();
      expect(await (await fetch(cli.url + '/readyz')).json()).toEqual({ ready: true });
      await fetch(cli.url + '/v1/events/batch?key=pk_logs', { method: 'POST', body: JSON.stringify({ events: [event('l1', 'lead.person@example.com')] }) });
    } finally {
      await cli.stop();
    }
    const text = JSON.stringify(cli.lines);
    expect(cli.lines.every((l) => typeof l.time === 'string' && typeof l.level === 'string')).toBe(true);
    expect(text).not.toContain('lead.person@example.com');
    expect(text).not.toContain('s3cret-pass');
  });
});
