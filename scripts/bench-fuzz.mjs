// bench-fuzz.mjs: `npm run bench:fuzz -- --minutes=N [--seed=S]`: the fuzz of test/unit/collector-fuzz.test.ts for N
// minutes (default 1) against the bin as a process (PGlite, the live log on): cases run, cases per second, every finding with its seed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, fuzz } from './fuzz.mjs';

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith('--' + name + '='))?.split('=')[1] ?? fallback);
const minutes = arg('minutes', 1);
let seed = arg('seed', Date.now() % 2 ** 31);

const port = await new Promise((resolve) => { const s = createServer().listen(0, () => { const p = s.address().port; s.close(() => resolve(p)); }); });
const dir = mkdtempSync(join(tmpdir(), 'homing-fuzz-'));
const proc = spawn(process.execPath, ['server/build/server/cli/bin.js', 'collector', '--port', String(port), '--data', dir, '--rate', '1000000'],
  { env: { ...process.env, DATABASE_URL: '', HOMING_ADMIN_TOKEN: 'bench-fuzz-admin-token-0123' }, stdio: ['ignore', 'pipe', 'inherit'] });
const errors = [];
proc.stdout.on('data', (d) => { for (const line of String(d).split('\n')) if (line.includes('"level":"error"')) errors.push(line); });
const url = 'http://127.0.0.1:' + port;
for (let i = 0; !(await fetch(url + '/readyz').then((r) => r.ok, () => false)); i++) {
  if (i > 300) throw new Error('the collector did not start');
  await new Promise((r) => setTimeout(r, 100));
}

console.log('bench:fuzz ' + minutes + ' min, load ' + loadavg().map((l) => l.toFixed(1)).join(' ') + ', first seed ' + seed);
const until = Date.now() + minutes * 60_000;
const started = Date.now();
const kinds = {};
const findings = [];
let cases = 0;
// One fast-check run per seed; a finding is shrunk, reported and the next seed goes on, until the time is up.
while (Date.now() < until) {
  const run = await fuzz({ url, seed, ms: until - Date.now(), onCase: (r) => { cases++; kinds[r.kind] = (kinds[r.kind] ?? 0) + 1; } });
  if (run.failed) {
    findings.push({ seed, message: String(run.errorInstance).slice(0, 600), counterexample: fc.stringify(run.counterexample).slice(0, 300) });
    console.log('FINDING (replay: HOMING_FUZZ_SEED=' + seed + ')\n' + fc.defaultReportMessage(run)?.slice(0, 1200));
  }
  seed = (seed + 1) % 2 ** 31;
}
const seconds = (Date.now() - started) / 1000;
const ready = await fetch(url + '/readyz').then((r) => r.status, () => 0);
console.log(JSON.stringify({ cases, seconds: Math.round(seconds), casesPerSecond: +(cases / seconds).toFixed(1), kinds, findings: findings.length, errorLogLines: errors.length, readyzAfter: ready, processAlive: proc.exitCode === null }));
for (const f of findings) console.log(JSON.stringify(f));
proc.kill('SIGTERM');
await new Promise((r) => proc.once('exit', r));
rmSync(dir, { recursive: true, force: true });
process.exit(findings.length || errors.length || ready !== 200 ? 1 : 0);
