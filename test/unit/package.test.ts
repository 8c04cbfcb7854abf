import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// These read the builds: run `npm run build` first (npm test does).
const BUILDS = ['dist/homing.min.js', 'dist/homing.device.min.js', 'dist/homing.mjs'];

test('isBot from the module build works in Node, without a DOM', () => {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e',
    "import { isBot, createTracker } from 'homing'; console.log(JSON.stringify([isBot('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'), isBot('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'), typeof createTracker]))"],
  { encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual([true, false, 'function']);
});

test('a TypeScript site type-checks against dist/homing.d.ts through the exports map', () => {
  const tsc = 'node_modules/typescript/bin/tsc';
  const run = () => execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2020', '--lib', 'es2020,dom', '--skipLibCheck', 'test/fixtures/consumer/consumer.ts'], { encoding: 'utf8' });
  expect(run).not.toThrow();
});

test('no build uses eval or new Function, so a strict CSP never breaks it', () => {
  for (const f of BUILDS) {
    const code = fs.readFileSync(f, 'utf8');
    expect(code, f).not.toMatch(/\beval\s*\(|new Function\s*\(|\bFunction\s*\(\s*["'`]/);
  }
});

test('in Node (server-side rendering) createTracker and every call resolve and do nothing, never throw', () => {
  const script = `
    import { createTracker } from 'homing';
    const t = createTracker({ key: 'pk_live_ssr', endpoint: 'https://collect.example.com/v1/events/batch' });
    const off = t.on('dropped', () => {});
    off();
    t.reset();
    t.optIn();
    const out = [await t.track('property_view', { property: { id: 'p1' } }), await t.identify('lead@example.com'), await t.page(),
      await t.flush(), await t.optOut(), await t.stats()];
    console.log(JSON.stringify(out));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  const [tracked, identified, paged, flushed, optedOut, stats] = out;
  for (const r of [tracked, identified, paged]) expect(r.error).toMatchObject({ code: 'NO_BROWSER', field: 'window' });
  expect(flushed).toEqual({ sent: 0, failed: 0, remaining: 0 });
  expect(optedOut).toBeNull();
  expect(stats).toMatchObject({ queued: 0, stopped: true });
});

test('the packed homing installs into a fresh app with its three runtime dependencies and nothing of the server', () => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'homing-pack-'));
  try {
    // --ignore-scripts: dist/ is built already (npm test builds first); `prepare` would rebuild it.
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { encoding: 'utf8' }));
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    expect(files.filter((f) => !f.startsWith('dist/') && f !== 'package.json' && !/^(README|LICENSE)/i.test(f))).toEqual([]);
    expect(files).toContain('dist/homing.mjs');
    const app = path.join(dir, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(dir, packed[0].filename)], { cwd: app, encoding: 'utf8' });
    const installed = fs.readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.')).sort();
    expect(installed).toEqual(['homing', 'idb-keyval', 'isbot', 'ua-parser-js']);
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', "import { isBot } from 'homing'; console.log(JSON.stringify(isBot('Googlebot/2.1')))"],
      { cwd: app, encoding: 'utf8' });
    expect(out.trim()).toBe('true');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
