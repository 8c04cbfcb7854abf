// playwright.config.ts: unit tests (no browser) and browser tests (Debian's Chromium) in one run.
import { defineConfig } from '@playwright/test';

const chromium = process.env.HOMING_CHROMIUM || '/usr/bin/chromium';

export default defineConfig({
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
        launchOptions: {
          executablePath: chromium,
          args: [
            '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--no-first-run',
          ],
        },
      },
    },
  ],
});
