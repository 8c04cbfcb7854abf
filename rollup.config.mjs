// rollup.config.mjs: the script-tag builds (default and device), and the ES module with its types.
import fs from 'node:fs';
import path from 'node:path';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

const ts = () => typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts'], noEmitOnError: true });

/**
 * Swaps modules for the script-tag builds: the default build sends the raw user agent (the
 * collector parses it) instead of shipping ua-parser-js; the device build parses it in the page.
 */
const swap = (map) => ({
  name: 'swap',
  resolveId(source, importer) {
    if (map[source] && importer && importer.includes(`${path.sep}src${path.sep}`)) return path.resolve(map[source]);
    return null;
  },
});

/**
 * The device build reads only device, browser and os from ua-parser-js 1.x (pinned in the
 * lockfile): its cpu and engine tables and its jQuery hook are cut from the bundle. Each cut
 * must match exactly once, so a changed ua-parser-js fails the build instead of shipping wrong.
 */
const trimUAParser = () => ({
  name: 'trim-ua-parser',
  transform(code, id) {
    if (!/ua-parser-js[\\/]src[\\/]ua-parser\.js$/.test(id)) return null;
    const cuts = [
      [/\n {8}cpu : \[\[[\s\S]*?\n {8}\],\n/, '\n        cpu : [],\n'],
      [/\n {8}engine : \[\[[\s\S]*?\n {8}\],\n/, '\n        engine : [],\n'],
      [/\n {4}var \$ = typeof window[\s\S]*?\n {4}\}\n/, '\n'],
    ];
    for (const [re, by] of cuts) {
      if ((code.match(new RegExp(re.source, 'g')) || []).length !== 1) this.error('trim-ua-parser: no single match for ' + re);
      code = code.replace(re, by);
    }
    return { code, map: null };
  },
});

const minify = () =>
  terser({
    ecma: 2020,
    // The IIFE is strict code with no top-level names of its own: module rules are safe and save bytes.
    module: true,
    compress: { passes: 5, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
    // Internal-only property names start with one underscore (never the wire format, the API or config).
    mangle: { properties: { regex: /^_[a-z]/, keep_quoted: true } },
    format: { comments: false, wrap_func_args: false },
  });

const iife = (file, extra = []) => ({
  input: 'src/snippet.ts',
  output: { file, format: 'iife', sourcemap: false, strict: true },
  plugins: [...extra, ts(), resolve({ browser: true }), trimUAParser(), commonjs(), minify()],
  treeshake: { moduleSideEffects: (id) => id.endsWith('snippet.ts') },
});

export default [
  iife('dist/homing.min.js', [swap({ './device.js': 'src/device.core.ts' })]),
  iife('dist/homing.device.min.js'),
  {
    input: 'src/index.ts',
    output: { file: 'dist/homing.mjs', format: 'es', sourcemap: true },
    external: ['idb-keyval', 'isbot', 'ua-parser-js'],
    plugins: [
      ts(),
      resolve({ browser: true }),
      // The declarations are emitted by `tsc -p tsconfig.types.json` into dist/types.
      { name: 'types-entry', writeBundle: () => fs.writeFileSync('dist/homing.d.ts', "export * from './types/index.js';\n") },
    ],
  },
];
