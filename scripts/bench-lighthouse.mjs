// bench-lighthouse.mjs: `npm run bench:lighthouse`: Lighthouse 12.2.3 (mobile and desktop presets) on a demo
// listing page, homing beside Snowplow and Plausible, in one interleaved run (the peer bench's harness).
// Lighthouse never enters the root install: the harness folder has its own package.json, installed here on demand.
//
//   npm run bench:lighthouse [-- --rounds=5 --desktop-rounds=3 --only=homing,snowplow,plausible --build=device]
//   LIGHTHOUSE_BENCH=<folder of the harness's run.mjs> (default: ../peer-bench/lighthouse beside this checkout)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HARNESS = path.resolve(ROOT, process.env.LIGHTHOUSE_BENCH || '../peer-bench/lighthouse');
const args = process.argv.slice(2);
const build = (args.find((a) => a.startsWith('--build=')) || '--build=default').slice(8);
const pass = args.filter((a) => !a.startsWith('--build='));
if (!pass.some((a) => a.startsWith('--only='))) pass.push('--only=homing,snowplow,plausible');
if (!pass.some((a) => a.startsWith('--rounds='))) pass.push('--rounds=5');

if (!fs.existsSync(path.join(HARNESS, 'run.mjs'))) {
  console.error(`no Lighthouse harness at ${HARNESS} (set LIGHTHOUSE_BENCH to the folder holding run.mjs)`);
  process.exit(2);
}
const run = (cmd, argv, env) => execFileSync(cmd, argv, { cwd: HARNESS, stdio: 'inherit', env: { ...process.env, ...env } });
if (!fs.existsSync(path.join(HARNESS, 'node_modules', 'lighthouse'))) run('npm', ['ci', '--no-audit', '--no-fund']);
const js = path.join(ROOT, 'dist', build == 'device' ? 'homing.device.min.js' : 'homing.min.js');
if (!fs.existsSync(js)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
// The harness serves HOMING_JS as /js/homing.min.js, as the demo site installs it.
run(process.execPath, ['run.mjs', ...pass], { HOMING_JS: js, DEMO_SITE: path.join(ROOT, 'demo', 'site') });
