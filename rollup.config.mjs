// rollup.config.mjs: the script-tag builds (full and core), and the ES module with its types.
import fs from 'node:fs';
import path from 'node:path';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

const ts = () => typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts'], noEmitOnError: true });

/**
 * Swaps modules for the script-tag builds: the core build sends the raw user agent instead of
 * shipping ua-parser-js; both script-tag builds check crawlers with isbot's naive pattern.
 */
const swap = (map) => ({
  name: 'swap',
  resolveId(source, importer) {
    if (map[source] && importer && importer.includes(`${path.sep}src${path.sep}`)) return path.resolve(map[source]);
    return null;
  },
});
const snippet = { './crawler.js': 'src/crawler.snippet.ts' };

const minify = () =>
  terser({
    ecma: 2020,
    compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
    mangle: true,
    format: { comments: false },
  });

const iife = (file, extra = []) => ({
  input: 'src/snippet.ts',
  output: { file, format: 'iife', sourcemap: false, strict: true },
  plugins: [...extra, ts(), resolve({ browser: true }), commonjs(), minify()],
  treeshake: { moduleSideEffects: (id) => id.endsWith('snippet.ts') },
});

export default [
  iife('dist/homing.min.js', [swap(snippet)]),
  iife('dist/homing.core.min.js', [swap({ ...snippet, './device.js': 'src/device.core.ts' })]),
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
