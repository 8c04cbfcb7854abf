// collector-fuzz.test.ts: fast-check against the bin as a process (SPEC §4.1 "answered, never suffered"): arbitrary
// JSON, strings of any UTF-16 units in every field, bytes, truncated and bomb gzip. Every answer is one of SPEC §4's
// shapes with the status the shared validation calls for, never a 5xx, no error log line, and /readyz answers after.
// The seed is printed; HOMING_FUZZ_SEED=<seed> replays a run. `npm run bench:fuzz -- --minutes=N` runs it longer.
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, fuzz } from '../../scripts/fuzz.mjs';
import { startCli } from './cli-helpers.js';

test('whatever is posted, the answer is one of SPEC §4\'s shapes, never a 5xx, and the process keeps serving', async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'homing-fuzz-'));
  const cli = await startCli(['collector', '--data', dir, '--rate', '1000000'], { DATABASE_URL: '' });
  try {
    await cli.waitForReady();
    const seed = Number(process.env.HOMING_FUZZ_SEED) || Date.now() % 2 ** 31;
    console.log('fuzz seed ' + seed + ' (replay: HOMING_FUZZ_SEED=' + seed + ')');
    let cases = 0;
    const run = await fuzz({ url: cli.url, seed, numRuns: 300, ms: 40_000, onCase: () => cases++ });
    expect(run.failed, String(run.errorInstance) + '\n' + fc.defaultReportMessage(run)).toBe(false);
    expect(cases).toBeGreaterThan(50);
    expect((await fetch(cli.url + '/readyz')).status).toBe(200);
    expect(cli.proc.exitCode).toBeNull();
    expect(cli.lines.filter((l) => l.level === 'error' || 'stderr' in l)).toEqual([]);
  } finally {
    await cli.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
