// device.test.ts: readDevice (full and core builds) and the collector's enrichUserAgent.
import { test, expect } from '@playwright/test';
import UserAgent from 'user-agents';
import { readDevice } from '../../src/device.js';
import { readDevice as readCoreDevice } from '../../src/device.core.js';
import { enrichUserAgent } from '../../server/collector/ua.js';

const UA = {
  iPhoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  iPad: 'Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  windowsEdge:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
  macFirefox: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0',
};

test('device type agrees with the user-agents labels for at least 98% of them', () => {
  const all = UserAgent.top();
  const agree = all.filter((u) => readDevice(u.userAgent).device.type === (u as any).deviceCategory).length;
  console.log(`device type agreement: ${((agree / all.length) * 100).toFixed(2)}% of ${all.length} user agents`);
  expect(all.length).toBeGreaterThanOrEqual(5000);
  expect(agree / all.length).toBeGreaterThanOrEqual(0.98);
});

test('an iPhone is a mobile Apple iPhone on iOS', () => {
  expect(readDevice(UA.iPhoneSafari)).toEqual({
    device: { type: 'mobile', vendor: 'Apple', model: 'iPhone' },
    browser: { name: 'Mobile Safari', version: '17.1' },
    os: { name: 'iOS', version: '17.1' },
  });
});

test("Chrome's reduced Android user agent is mobile, without the placeholder model", () => {
  expect(readDevice(UA.androidChrome)).toEqual({
    device: { type: 'mobile' },
    browser: { name: 'Chrome', version: '120.0.0.0' },
    os: { name: 'Android', version: '10' },
  });
});

test('an iPad is a tablet', () => {
  expect(readDevice(UA.iPad).device).toEqual({ type: 'tablet', vendor: 'Apple', model: 'iPad' });
});

test('Windows Edge and macOS Firefox are desktops', () => {
  expect(readDevice(UA.windowsEdge)).toEqual({
    device: { type: 'desktop' },
    browser: { name: 'Edge', version: '120.0.2210.91' },
    os: { name: 'Windows', version: '10' },
  });
  expect(readDevice(UA.macFirefox)).toEqual({
    device: { type: 'desktop', vendor: 'Apple', model: 'Macintosh' },
    browser: { name: 'Firefox', version: '121.0' },
    os: { name: 'Mac OS', version: '10.15' },
  });
});

test('smart TVs and consoles keep the type ua-parser gives', () => {
  const tv = 'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36';
  const ps5 = 'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.0 Safari/605.1.15';
  expect(readDevice(tv).device.type).toBe('smarttv');
  expect(readDevice(ps5).device.type).toBe('console');
});

test('userAgentData fills the type and the os when the user agent says nothing', () => {
  const bare = 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
  const ctx = readDevice(bare, { mobile: true, platform: 'Android', brands: [{ brand: 'Google Chrome', version: '120' }] });
  expect(ctx.device.type).toBe('mobile');
  expect(ctx.os).toEqual({ name: 'Android' });
  expect(readDevice(bare, { mobile: false, platform: 'Unknown' })).toEqual({ device: { type: 'desktop' }, browser: { name: 'Chrome', version: '120.0.0.0' }, os: {} });
});

test('userAgentData does not override what the user agent says', () => {
  expect(readDevice(UA.iPad, { mobile: true, platform: 'Linux' })).toEqual(readDevice(UA.iPad));
});

test('readDevice leaves out every undefined field', () => {
  const leaves = (o: object): unknown[] => Object.values(o).flatMap((v) => (typeof v == 'object' ? leaves(v) : [v]));
  for (const ua of [...Object.values(UA), '', 'curl/8.0'])
    expect(leaves(readDevice(ua))).not.toContain(undefined);
});

test('the core build sends only the raw user agent', () => {
  expect(readCoreDevice(UA.iPhoneSafari, { mobile: true })).toEqual({ userAgent: UA.iPhoneSafari });
});

test('enrichUserAgent gives core events the same device, browser and os as the full build', () => {
  for (const ua of Object.values(UA)) {
    const properties = { pageUrl: 'https://example.com/', context: { locale: 'en-US', ...readCoreDevice(ua) } };
    const enriched = enrichUserAgent(properties) as any;
    const { device, browser, os } = enriched.context;
    expect({ device, browser, os }).toEqual(readDevice(ua));
    expect(enriched.context.locale).toBe('en-US');
    expect(enriched.pageUrl).toBe('https://example.com/');
  }
});

test('enrichUserAgent never mutates its input', () => {
  const properties = { context: { userAgent: UA.iPad } };
  const copy = structuredClone(properties);
  expect(enrichUserAgent(properties)).not.toBe(properties);
  expect(properties).toEqual(copy);
});

test('enrichUserAgent leaves events that already have a device, or no user agent, as they are', () => {
  const full = { context: { userAgent: UA.iPad, device: { type: 'desktop' } } };
  for (const properties of [full, {}, { context: 'x' }, { context: { userAgent: 42 } }, { context: null }])
    expect(enrichUserAgent(properties as any)).toBe(properties);
});
