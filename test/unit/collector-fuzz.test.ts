// collector-fuzz.test.ts: fast-check against the bin as a process (SPEC §4.1 "answered, never suffered"): arbitrary
// JSON, strings of any UTF-16 unit in every field, bytes, truncated and bomb gzip. Every answer is one of SPEC §4's
// shapes with the status the shared validation calls for, never a 5xx; the live log (admin token) and the relay's
// mapping to the four destinations walk what was taken; no error log line, and /readyz answers after.
// The seed is printed; HOMING_FUZZ_SEED=<seed> replays a run. `npm run bench:fuzz -- --minutes=N` runs it longer.
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, fuzz } from '../../scripts/fuzz.mjs';
import { DESTINATIONS, startMocks, TOKENS } from '../relay/world.js';
import { startCli } from './cli-helpers.js';

const ADMIN = 'fuzz-admin-token-0123456789';

test('whatever is posted, the answer is one of SPEC §4\'s shapes, never a 5xx, and the process keeps serving', async () => {
  test.setTimeout(150_000);
  const dir = mkdtempSync(join(tmpdir(), 'homing-fuzz-'));
  const mocks = await startMocks();
  const cli = await startCli(['all', '--data', dir, '--rate', '1000000'], {
    DATABASE_URL: '', HOMING_ADMIN_TOKEN: ADMIN, HOMING_RELAY_DESTINATIONS: DESTINATIONS.join(','),
    HOMING_RELAY_BATCH_URL: mocks.batch.url + '/v1/events/batch', HOMING_RELAY_BATCH_TOKEN: TOKENS.batch,
    HOMING_RELAY_CRM_URL: mocks.crm.url + '/api/partner/events', HOMING_RELAY_CRM_TOKEN: TOKENS.crm,
    HOMING_RELAY_MARKETING_URL: mocks.marketing.url + '/v1/event/', HOMING_RELAY_MARKETING_TOKEN: TOKENS.marketing,
    HOMING_RELAY_SUCCESS_URL: mocks.success.url + '/v1/track/event', HOMING_RELAY_SUCCESS_TOKEN: TOKENS.success,
  });
  try {
    await cli.waitForReady();
    const seed = Number(process.env.HOMING_FUZZ_SEED) || Date.now() % 2 ** 31;
    console.log('fuzz seed ' + seed + ' (replay: HOMING_FUZZ_SEED=' + seed + ')');
    let cases = 0;
    const run = await fuzz({ url: cli.url, seed, numRuns: 250, ms: 40_000, onCase: () => cases++ });
    expect(run.failed, String(run.errorInstance) + '\n' + fc.defaultReportMessage(run)).toBe(false);
    expect(cases).toBeGreaterThan(50);
    // The relay has mapped and sent everything taken (or dead-lettered what a destination refused).
    const lag = async () => {
      const relay = await (await fetch(cli.url + '/__relay', { headers: { Authorization: 'Bearer ' + ADMIN } })).json();
      return relay.destinations.map((d: { lag: { pending: number } }) => d.lag.pending);
    };
    await expect.poll(lag, { timeout: 60_000 }).toEqual([0, 0, 0, 0]);
    expect(mocks.batch.events.size).toBeGreaterThan(0);
    expect((await fetch(cli.url + '/readyz')).status).toBe(200);
    expect(cli.proc.exitCode).toBeNull();
    expect(cli.lines.filter((l) => l.level === 'error' || 'stderr' in l)).toEqual([]);
  } finally {
    await cli.stop();
    await mocks.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
