// sri.mjs: the build's last step: writes the stub file for strict CSP pages, then prints and writes (dist/sri.json)
// the Subresource Integrity hash (sha384) of every script in dist/.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const DIST = 'dist';
// The inline stub of the README, as a file a page with `script-src 'self'` can load (no 'unsafe-inline'):
// it keeps the calls made before the library arrives, and takes a campaign link's homing_email out of the
// address bar at once, kept in homing.e for the library (SPEC §1: ≤ 400 bytes).
export const STUB =
  'window.homing=window.homing||function(){(homing.q=homing.q||[]).push(arguments)};' +
  '(function(u,e){try{e=(u=new URL(location.href)).searchParams.get("homing_email");' +
  'if(e!=null){homing.e=e;u.searchParams.delete("homing_email");history.replaceState(history.state,"",u.href)}}catch(x){}})();\n';

/** `sha384-…` of a file's bytes, as the integrity attribute takes it. */
export const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');

export function writeInstallFiles(dir = DIST) {
  writeFileSync(dir + '/homing.stub.js', STUB);
  const hashes = {};
  for (const f of readdirSync(dir).filter((f) => /\.m?js$/.test(f)).sort()) hashes[f] = sri(readFileSync(dir + '/' + f));
  writeFileSync(dir + '/sri.json', JSON.stringify(hashes, null, 2) + '\n');
  return hashes;
}

if (import.meta.url === 'file://' + process.argv[1]) {
  for (const [f, h] of Object.entries(writeInstallFiles())) console.log('integrity ' + DIST + '/' + f + ' ' + h);
}
