// playwright.config.ts: unit tests (no browser), browser tests (Debian's Chromium), the WordPress plugin, and the engine
// scenarios (test/engines) once per engine: Chromium, Firefox ESR and WebKitGTK, in one run.
import { defineConfig } from '@playwright/test';
import type { EngineName } from './test/engines/driver.js';
import { CHROMIUM_ARGS, chromiumPath } from './test/support/browsers.mjs';

export default defineConfig<{ engineName: EngineName }>({
  testDir: 'test',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: [['list'], ['./test/summary-reporter.ts']],
  projects: [
    { name: 'unit', testDir: 'test/unit' },
    {
      name: 'chromium',
      testDir: 'test/browser',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
      },
    },
    // A real WordPress (Debian's wordpress, MariaDB, php -S) with the plugin from dist/homing-wordpress.zip; wp-admin
    // pages take seconds each on a busy 2-core machine (51 s for the longest test at load 22), hence 120 s a test.
    {
      name: 'wordpress',
      testDir: 'test/wordpress',
      timeout: 120_000,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
      },
    },
    // Each engine has its own time: 90 s a test, and a share of the run (HOMING_ENGINE_BUDGET_S).
    ...(['chromium', 'firefox', 'webkit'] as const).map((engineName) => ({
      name: 'engine-' + engineName,
      testDir: 'test/engines',
      timeout: 90_000,
      use: { engineName },
    })),
  ],
});
