// site.ts: the fixture pages and the SDK builds on their own origin, and the address of a page loading homing.
import path from 'node:path';
import { startSite } from '../../server/dev/static.js';
import type { CollectorHandle } from './collector.js';

export interface OpenOptions {
  fixture?: string;
  key?: string;
  bots?: string;
  consent?: string;
  privacySignals?: string;
  autocapture?: string;
  flushAt?: string;
  flushInterval?: string;
  build?: '' | '.device';
  wait?: boolean;
}

/** The fixture pages and the builds on one origin (the collector is on another), for a worker's tests. */
export async function serveSite({}, use: (s: { url: string }) => Promise<void>): Promise<void> {
  const root = path.resolve('.');
  const s = await startSite({ port: 0, mounts: { '/fixtures/': path.join(root, 'test/fixtures'), '/dist/': path.join(root, 'dist') } });
  await use(s);
  await s.close();
}

/** The address of a fixture page loading homing with these options. */
export function fixtureUrl(siteUrl: string, collector: CollectorHandle, o: OpenOptions = {}): string {
  const q = new URLSearchParams({
    endpoint: collector.endpoint, key: o.key ?? 'pk_test_spine', bots: o.bots ?? 'allow',
    consent: o.consent ?? '', privacySignals: o.privacySignals ?? '', autocapture: o.autocapture ?? '',
    flushAt: o.flushAt ?? '', flushInterval: o.flushInterval ?? '', build: o.build ?? '',
  });
  return `${siteUrl}/fixtures/${o.fixture ?? 'basic.html'}?${q}`;
}

