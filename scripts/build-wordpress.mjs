// build-wordpress.mjs: the build's WordPress step: packages wordpress/ with the built script tag, its stub and their
// SRI hashes as dist/homing-wordpress.zip (one folder, homing/, as WordPress's plugin uploader takes it).
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';

const SOURCE = 'wordpress';
const OUT = 'dist/homing-wordpress.zip';
// Files the site serves from the plugin's own folder: nothing is loaded from anywhere else.
const ASSETS = ['homing.min.js', 'homing.stub.js'];
// Development files that stay out of the plugin a site installs.
const LEFT_OUT = new Set(['phpcs.xml']);
// A fixed time for every entry, so that the same sources make the same zip.
const MTIME = new Date('2026-01-01T00:00:00Z');

function sourceFiles(dir = SOURCE) {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return LEFT_OUT.has(e.name) ? [] : [p];
  });
}

export function buildWordPressZip(out = OUT) {
  const sri = JSON.parse(fs.readFileSync('dist/sri.json', 'utf8'));
  const zip = new yazl.ZipFile();
  const add = (buffer, name) => zip.addBuffer(buffer, 'homing/' + name, { mtime: MTIME, mode: 0o100644 });
  for (const f of sourceFiles()) add(fs.readFileSync(f), path.relative(SOURCE, f));
  for (const f of ASSETS) {
    if (!sri[f]) throw new Error(`build-wordpress: dist/sri.json has no hash for ${f}; run the SDK build first`);
    add(fs.readFileSync('dist/' + f), 'assets/' + f);
  }
  const hashes = Object.fromEntries(ASSETS.map((f) => [f, sri[f]]));
  add(Buffer.from(JSON.stringify(hashes, null, 2) + '\n'), 'assets/sri.json');
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(out)).on('close', () => resolve(out)).on('error', reject);
  });
}

if (import.meta.url === 'file://' + process.argv[1]) {
  const out = await buildWordPressZip();
  console.log(`wordpress ${out} ${fs.statSync(out).size} bytes`);
}
