// scripts/engines.mjs: where the three browser engines of the tests live, and what installs a missing one.
import fs from 'node:fs';
import path from 'node:path';

const first = (paths) => paths.find((p) => p && fs.existsSync(p));

/** WebKitGTK's MiniBrowser sits in a per-architecture, per-API-version folder. */
function miniBrowser() {
  if (process.env.HOMING_MINIBROWSER) return first([process.env.HOMING_MINIBROWSER]);
  for (const lib of ['/usr/lib', '/usr/libexec']) {
    let dirs = [];
    try { dirs = fs.readdirSync(lib); } catch { continue; }
    for (const d of [lib, ...dirs.map((x) => path.join(lib, x))]) {
      let found;
      try { found = fs.readdirSync(d).filter((x) => /^webkit2?gtk-[\d.]+$/.test(x)).sort().reverse(); } catch { continue; }
      const hit = first(found.map((x) => path.join(d, x, 'MiniBrowser')));
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * Each engine: `ok`, the paths it runs from, and `install` (the Debian packages that bring it)
 * when something is missing.
 */
export function findEngines() {
  const chromium = first([process.env.HOMING_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']);
  const firefox = first([process.env.HOMING_FIREFOX, '/usr/bin/firefox-esr', '/usr/bin/firefox']);
  const webkit = {
    driver: first([process.env.HOMING_WEBKITWEBDRIVER, '/usr/bin/WebKitWebDriver']),
    browser: miniBrowser(),
    xvfb: first(['/usr/bin/Xvfb']),
  };
  const webkitMissing = [!(webkit.driver && webkit.browser) && 'webkit2gtk-driver', !webkit.xvfb && 'xvfb'].filter(Boolean);
  return {
    chromium: { ok: !!chromium, path: chromium, install: chromium ? undefined : 'chromium' },
    firefox: { ok: !!firefox, path: firefox, install: firefox ? undefined : 'firefox-esr' },
    webkit: { ok: webkitMissing.length === 0, ...webkit, install: webkitMissing.join(' ') || undefined },
  };
}

/** True when tests must not skip a missing engine: in CI (CI=1 or CI=true). */
export const isCI = () => !!process.env.CI && process.env.CI !== '0' && process.env.CI !== 'false';
