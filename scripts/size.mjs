// scripts/size.mjs: raw, gzip and brotli bytes of every build against the issues' budgets; --check fails above
// the ceilings (a regression guard at today's size with autocapture, which the budgets cannot hold).
import fs from 'node:fs';
import zlib from 'node:zlib';

/** Budgets in brotli bytes (issue "The spine": core ≤ 7 KiB, full ≤ 15 KiB). Printed, not met with autocapture. */
export const BUDGETS = { 'dist/homing.core.min.js': 7 * 1024, 'dist/homing.min.js': 15 * 1024 };
/**
 * What --check (and so CI) enforces: SPEC §6 autocapture in the script tag costs 3.4 KiB, which the budgets above
 * leave no room for (README "Size"). Until the budgets are decided again, CI fails on any growth past these
 * (core raised by 10 B for the messageId check that keeps NUL and lone surrogates out of the store).
 */
export const CEILINGS = { 'dist/homing.core.min.js': 11_300, 'dist/homing.min.js': 19_040 };
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
  console.log('file                      raw B   gzip B  brotli B  brotli KiB  budget (issue)   ceiling (CI)');
  for (const f of FILES) {
    if (!fs.existsSync(f)) { console.log(`${f}: missing (run npm run build)`); over++; continue; }
    const m = measure(f);
    const budget = BUDGETS[f];
    const ceiling = CEILINGS[f];
    if (ceiling && m.brotli > ceiling) over++;
    const b = budget ? `${kib(budget)} KiB ${m.brotli <= budget ? 'ok' : 'OVER by ' + (m.brotli - budget)}` : '-';
    const c = ceiling ? `${ceiling} B ${m.brotli <= ceiling ? 'ok' : 'OVER'}` : '-';
    console.log(`${f.padEnd(24)} ${String(m.raw).padStart(7)} ${String(m.gzip).padStart(8)} ${String(m.brotli).padStart(9)} ${kib(m.brotli).padStart(11)}  ${b.padEnd(16)} ${c}`);
  }
  if (process.argv.includes('--check') && over) {
    console.error(`size check failed: ${over} build(s) over their ceiling or missing`);
    process.exit(1);
  }
}
