// static.test.ts: the demo and fixture file server: templates, types, no escaping its mounts.
import { test, expect } from '@playwright/test';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSite, type RunningSite } from '../../server/dev/static.js';

let dir: string;
let site: RunningSite;
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homing-site-'));
  await mkdir(join(dir, 'site/fixtures'), { recursive: true });
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'site/index.html'), '<h1>home</h1>');
  await writeFile(join(dir, 'site/fixtures/basic.html'), '<script data-endpoint="{{endpoint}}" data-key="{{ key }}" data-x="{{missing}}"></script>');
  await writeFile(join(dir, 'dist/homing.min.js'), 'window.x=1');
  await writeFile(join(dir, 'secret.txt'), 'outside the mounts');
  site = await startSite({ mounts: { '/': join(dir, 'site'), '/js/': join(dir, 'dist') } });
});
test.afterEach(async () => {
  await site.close();
  await rm(dir, { recursive: true, force: true });
});

test('an HTML page gets its {{name}} slots from the query, escaped for an attribute', async () => {
  const res = await fetch(site.url + '/fixtures/basic.html?endpoint=http://127.0.0.1:5555/v1/events/batch&key=pk_"1"<');
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(await res.text()).toBe('<script data-endpoint="http://127.0.0.1:5555/v1/events/batch" data-key="pk_&#34;1&#34;&#60;" data-x=""></script>');
});

test('a directory serves its index.html', async () => {
  expect(await (await fetch(site.url + '/')).text()).toBe('<h1>home</h1>');
});

test('a script under /js/ comes from its own mount as JavaScript', async () => {
  const res = await fetch(site.url + '/js/homing.min.js');
  expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(await res.text()).toBe('window.x=1');
});

test('a path climbing out of its mount is a 404', async () => {
  for (const path of ['/..%2fsecret.txt', '/js/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt']) {
    expect((await fetch(site.url + path)).status).toBe(404);
  }
});

test('a missing file is a 404', async () => {
  expect((await fetch(site.url + '/nope.html')).status).toBe(404);
});
