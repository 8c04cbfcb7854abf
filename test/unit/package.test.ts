import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

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
