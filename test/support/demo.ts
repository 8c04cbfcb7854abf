// demo.ts: the demo site (demo/site, with dist/ as /js/) served for a test, its collector address routed to the test's collector.
import path from 'node:path';
import { startSite } from '../../server/dev/static.js';
import { test as pages } from './pages.js';

/** The address the committed demo pages send to (the snippet in demo/site). */
export const DEMO_COLLECTOR = 'http://127.0.0.1:8787';

export const test = pages.extend<{ demo: string }, { demoSite: { url: string; close(): Promise<void> } }>({
  demoSite: [
    async ({}, use) => {
      const root = path.resolve('.');
      const s = await startSite({ port: 0, mounts: { '/': path.join(root, 'demo/site'), '/js/': path.join(root, 'dist') } });
      await use(s);
      await s.close();
    },
    { scope: 'worker' },
  ],
  // The pages name the demo collector's address; this test's collector listens elsewhere, so route to it.
  demo: async ({ context, collector, demoSite }, use) => {
    await context.route(DEMO_COLLECTOR + '/**', (route) =>
      route.continue({ url: route.request().url().replace(DEMO_COLLECTOR, collector.url) }));
    await use(demoSite.url);
  },
});
