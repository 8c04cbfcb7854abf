// browsers.mjs: Chromium for the tests, the engine scenarios and the benches: where it is, and its one set of flags.

/** Quiet and reproducible: no sandbox (containers, root), no GPU, no QUIC, no background fetches or updates. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** HOMING_CHROMIUM (npm test sets it to the one it found), else Debian's. */
export const chromiumPath = () => process.env.HOMING_CHROMIUM || '/usr/bin/chromium';
