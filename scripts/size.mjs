// scripts/size.mjs: raw, gzip and brotli bytes of every build; --check fails above the budgets.
import fs from 'node:fs';
import zlib from 'node:zlib';

/** Budgets in brotli bytes (issue "The spine": core ≤ 7 KiB, full ≤ 15 KiB). */
export const BUDGETS = { 'dist/homing.core.min.js': 7 * 1024, 'dist/homing.min.js': 15 * 1024 };
const FILES = ['dist/homing.min.js', 'dist/homing.core.min.js', 'dist/homing.mjs'];

export function measure(file) {
  const buf = fs.readFileSync(file);
  return {
    file,
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''));
if (isMain) {
  const kib = (n) => (n / 1024).toFixed(2);
  let over = 0;
  console.log('file                      raw B   gzip B  brotli B  brotli KiB  budget');
  for (const f of FILES) {
    if (!fs.existsSync(f)) { console.log(`${f}: missing (run npm run build)`); over++; continue; }
    const m = measure(f);
    const budget = BUDGETS[f];
    const ok = !budget || m.brotli <= budget;
    if (!ok) over++;
    console.log(`${f.padEnd(24)} ${String(m.raw).padStart(7)} ${String(m.gzip).padStart(8)} ${String(m.brotli).padStart(9)} ${kib(m.brotli).padStart(11)}  ${budget ? `${kib(budget)} KiB ${ok ? 'ok' : 'OVER'}` : '-'}`);
  }
  if (process.argv.includes('--check') && over) {
    console.error(`size check failed: ${over} build(s) over budget or missing`);
    process.exit(1);
  }
}
