// scripts/size.mjs: raw, gzip and brotli bytes of every build against the budgets; --check (CI) fails
// above the ceilings (today's size: a regression guard while the budgets are not met, README "Size");
// --modules: what each module of the default script tag weighs (README "Size", by module).
import fs from 'node:fs';
import zlib from 'node:zlib';

/** Budgets in brotli bytes (issue 28, with this round's forms and embeds): default ≤ 13 KiB, device ≤ 20.5 KiB; the module is reported. */
export const BUDGETS = { 'dist/homing.min.js': 13 * 1024, 'dist/homing.device.min.js': 20.5 * 1024 };
/**
 * What --check (and so CI) enforces. isbot's full pattern (SPEC §1: both builds) alone costs ~1.26 KiB
 * brotli, which the 11 KiB budget leaves no room for beside autocapture; until the budgets are decided
 * again, CI fails on any growth past these (both raised by about 810 B for gzip on the wire, several
 * events to an IndexedDB record and the back-off shared by tabs; by about 740 B for time on page, listing
 * references in forms, searches sent as the page is left and the install and console messages; by about
 * 110 B for the IndexedDB transaction a page entering the back/forward cache aborts and runs again; by
 * about 100 B for events stamped with one stringify and the chunks a page knows kept in memory; by about
 * 550 B for the script tag's recorder, which makes the tracker in an idle moment with the calls it kept; by
 * 515 B for reading listing markup only when it changes and an app's route when it has rendered, issue 28; by
 * 100 B / 78 B for homing_email taken out of the address bar as the script's first act, the stub's `homing.e`
 * and referrers without it; by 497 B / 482 B for the embeds that tell the page (Calendly, HubSpot, Typeform,
 * Tally); by 420 B / 419 B for data-cookie-domain, one identity across the site's own hosts; by 1,889 B /
 * 1,908 B for forms as real sites run them, SPEC §6.2: one event per submission that succeeded, the plugins'
 * signals, the visitor's fields by label, national ids by value; by 728 B / 733 B for never stuck, issue 27; then lowered to today's size + 20 B after shorter messages and
 * code, 18,568 B / 26,195 B).
 */
export const CEILINGS = { 'dist/homing.min.js': 19_290, 'dist/homing.device.min.js': 26_920 };
const FILES = ['dist/homing.min.js', 'dist/homing.device.min.js', 'dist/homing.mjs'];
/** The build's terser options (rollup.config.mjs), for --modules. */
const MINIFY = {
  ecma: 2020, module: true, compress: { passes: 5, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
  mangle: { properties: { regex: /^_[a-z]/, keep_quoted: true } }, format: { comments: false },
};

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
  console.log('file                        raw B   gzip B  brotli B  brotli KiB  budget (issue)   ceiling (CI)');
  for (const f of FILES) {
    if (!fs.existsSync(f)) { console.log(`${f}: missing (run npm run build)`); over++; continue; }
    const m = measure(f);
    const budget = BUDGETS[f];
    const ceiling = CEILINGS[f];
    if (ceiling && m.brotli > ceiling) over++;
    const b = budget ? `${kib(budget)} KiB ${m.brotli <= budget ? 'ok' : 'OVER by ' + (m.brotli - budget)}` : '-';
    const c = ceiling ? `${ceiling} B ${m.brotli <= ceiling ? 'ok' : 'OVER'}` : '-';
    console.log(`${f.padEnd(26)} ${String(m.raw).padStart(7)} ${String(m.gzip).padStart(8)} ${String(m.brotli).padStart(9)} ${kib(m.brotli).padStart(11)}  ${b.padEnd(16)} ${c}`);
  }
  if (process.argv.includes('--modules')) await byModule();
  if (process.argv.includes('--check') && over) {
    console.error(`size check failed: ${over} build(s) over their ceiling or missing`);
    process.exit(1);
  }
}

/**
 * Each module of the default build minified with the build's own terser options and compressed alone,
 * then scaled to the build's brotli size: alone, a module cannot share the strings and names of the
 * others, so the sum of the parts is larger than the whole; the share is what the table compares.
 */
async function byModule() {
  const { rollup } = await import('rollup');
  const { minify } = await import('terser');
  const [iife] = (await import('../rollup.config.mjs')).default;
  const terserPlugin = iife.plugins.find((p) => p.name == 'terser');
  const bundle = await rollup({ input: iife.input, plugins: iife.plugins.filter((p) => p != terserPlugin), treeshake: iife.treeshake });
  const { output } = await bundle.generate({ format: 'es', preserveModules: true });
  const br = (s) => zlib.brotliCompressSync(Buffer.from(s), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const rows = [];
  for (const chunk of output) {
    if (chunk.type != 'chunk') continue;
    const { code } = await minify(chunk.code, MINIFY);
    rows.push([br(code.replace(/^import[^;]*;|export\s*\{[^}]*\};?/gm, '')), chunk.fileName.replace(/^_virtual\/|\.js$/g, '')]);
  }
  const whole = measure('dist/homing.min.js').brotli;
  const sum = rows.reduce((a, [n]) => a + n, 0);
  console.log(`\nby module (default build; alone ${sum} B, scaled to the build's ${whole} B):`);
  for (const [n, f] of rows.sort((a, b) => b[0] - a[0])) console.log(`${String(Math.round((n * whole) / sum)).padStart(6)} B  ${f}`);
}
