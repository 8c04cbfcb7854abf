// rollup.config.mjs: the script-tag builds (full and core), and the ES module with its types.
import path from 'node:path';
import typescript from '@rollup/plugin-typescript';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

const ts = () => typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts'], noEmitOnError: true });

/** The core build sends the raw user agent instead of shipping ua-parser-js. */
const coreDevice = {
  name: 'core-device',
  resolveId(source, importer) {
    if (source === './device.js' && importer && importer.includes(`${path.sep}src${path.sep}`))
      return path.resolve('src/device.core.ts');
    return null;
  },
};

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
  iife('dist/homing.min.js'),
  iife('dist/homing.core.min.js', [coreDevice]),
  {
    input: 'src/index.ts',
    output: { file: 'dist/homing.mjs', format: 'es', sourcemap: true },
    external: ['idb-keyval', 'isbot', 'ua-parser-js'],
    plugins: [ts(), resolve({ browser: true })],
  },
];
