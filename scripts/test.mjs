// scripts/test.mjs: `npm test`: find (or install) a Chromium, build, run every test, the engine
// scenarios in each engine installed (Chromium, Firefox ESR, WebKitGTK).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { findEngines, isCI } from './engines.mjs';

function findChromium() {
  for (const p of [process.env.HOMING_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (p && fs.existsSync(p)) return p;
  try {
    const own = spawnSync(process.execPath, ['-e', "process.stdout.write(require('playwright-core').chromium.executablePath())"], { encoding: 'utf8' }).stdout;
    if (own && fs.existsSync(own)) return own;
  } catch { /* no Playwright browser either */ }
  return undefined;
}

function install() {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && fs.existsSync('/usr/bin/apt-get')) {
    console.log('homing test: no Chromium found; installing Debian\'s chromium with apt-get');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit' });
  } else {
    console.log('homing test: no Chromium found; trying Playwright\'s installer');
    spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  }
  return findChromium();
}

const chromium = findChromium() || install();
if (!chromium) {
  console.error('homing test: no Chromium. Install one (Debian: `sudo apt-get install chromium`) or set HOMING_CHROMIUM=/path/to/chrome.');
  process.exit(1);
}
process.env.HOMING_CHROMIUM = chromium;
const engines = findEngines();
const missing = Object.entries(engines).filter(([, e]) => !e.ok);
for (const [name, e] of missing) {
  console.log(`homing test: ${name} is not installed: its engine scenarios are skipped (Debian: apt-get install ${e.install})`);
}
if (missing.length && isCI()) {
  console.error('homing test: CI runs the engine scenarios in every engine; .ci/run installs them');
  process.exit(1);
}
console.log('homing test: engines: ' + Object.entries(engines).filter(([, e]) => e.ok).map(([n]) => n).join(', '));

const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

if (run('npm', ['run', '--silent', 'build']) !== 0) process.exit(1);
process.exit(run('npx', ['playwright', 'test', ...process.argv.slice(2)], { HOMING_CHROMIUM: chromium }));
