import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCollector } from '../../server/collector/collector.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

test('a core-build event with context.userAgent is stored with device, browser and os parsed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'homing-ua-'));
  const c = await startCollector({ port: 0, dataDir: dir });
  try {
    const event = {
      event: 'property_view', identify: { email: 'ua@example.com' }, messageId: 'ua-1', timestamp: new Date().toISOString(),
      properties: { context: { library: { name: 'homing', version: '0.1.0' }, userAgent: IPHONE } },
    };
    const r = await fetch(c.url + '/v1/events/batch?key=pk_test_ua', { method: 'POST', body: JSON.stringify({ events: [event] }) });
    expect(r.status).toBe(200);
    const [stored] = await c.collector.store.recent(1);
    expect(stored.event.properties.context).toMatchObject({
      userAgent: IPHONE, device: { type: 'mobile', vendor: 'Apple', model: 'iPhone' }, browser: { name: 'Mobile Safari' }, os: { name: 'iOS' },
    });
  } finally {
    await c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
