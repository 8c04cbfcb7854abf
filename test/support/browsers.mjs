// browsers.mjs: Chromium for the tests, the engine scenarios and the benches: where it is, and its one set of flags.

/** Quiet and reproducible: no sandbox (containers, root), no GPU, no QUIC, no background fetches or updates. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  // Two hosts of one site, and a host outside it, for the shared-identity tests (SPEC §8): all this machine.
  '--host-resolver-rules=MAP *.site.test 127.0.0.1, MAP other.test 127.0.0.1',
];

/** HOMING_CHROMIUM (npm test sets it to the one it found), else Debian's. */
export const chromiumPath = () => process.env.HOMING_CHROMIUM || '/usr/bin/chromium';
