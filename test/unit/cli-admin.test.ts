// cli-admin.test.ts: the bin as deployed: its keys and origins, the admin token, export, where, the live view and replay
// while a PGlite collector runs (found by the address it records, without --port).
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, freePort, startCli, type CliProcess } from './cli-helpers.js';
import { visitorStory } from '../relay/story.js';
import { heldIds, startMocks, TOKENS, type Mocks } from '../relay/world.js';

const TOKEN = 'test-admin-token-0123456789abcdef';
let dir: string;
const procs: CliProcess[] = [];
test.beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'homing-cli-admin-')); });
test.afterEach(async () => {
  for (const p of procs.splice(0)) await p.stop();
  await rm(dir, { recursive: true, force: true });
});

async function start(args: string[], env: Record<string, string> = {}): Promise<CliProcess> {
  const cli = await startCli([...args, '--data', dir], { DATABASE_URL: '', HOMING_KEYS: '', HOMING_KEYS_FILE: '', HOMING_ADMIN_TOKEN: '', ...env });
  procs.push(cli);
  await cli.waitForReady();
  return cli;
}

const event = (messageId: string, name = 'property_view', email = 'jane@example.com') =>
  ({ event: name, identify: { email }, properties: { property: { id: 'p1' } }, timestamp: new Date().toISOString(), messageId });

function post(url: string, key: string, o: { origin?: string; keepalive?: boolean; events?: unknown[] } = {}) {
  const headers: Record<string, string> = o.keepalive ? { 'Content-Type': 'text/plain;charset=UTF-8' } : { Authorization: 'Bearer ' + key };
  if (o.origin) headers.Origin = o.origin;
  const body = JSON.stringify({ events: o.events ?? [event('m-' + Math.random())] });
  return fetch(url + '/v1/events/batch' + (o.keepalive ? '?key=' + key : ''), { method: 'POST', headers, body });
}

/** Runs the bin to the end; its stdout, stderr and exit status. */
function run(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: '', ...env } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

const metric = (text: string, name: string) => Number(new RegExp('^' + name.replace(/[{}"]/g, '\\$&') + ' (\\d+)', 'm').exec(text)?.[1] ?? 0);

test('a key list: the right key from its origin is taken; another key, another origin, a keepalive from another origin get 401, counted', async () => {
  const keys = join(dir, 'keys.json');
  await writeFile(keys, JSON.stringify({ pk_live_site: ['https://site.example'], pk_live_any: [] }));
  const cli = await start(['collector'], { HOMING_KEYS_FILE: keys });
  expect((await post(cli.url, 'pk_live_site', { origin: 'https://site.example' })).status).toBe(200);
  expect((await post(cli.url, 'pk_live_site', { keepalive: true, origin: 'https://site.example' })).status).toBe(200);
  expect((await post(cli.url, 'pk_live_site')).status, 'no Origin: a server, judged by its key').toBe(200);
  expect((await post(cli.url, 'pk_live_any', { origin: 'https://elsewhere.example' })).status).toBe(200);
  const wrongKey = await post(cli.url, 'pk_live_other', { origin: 'https://site.example' });
  expect(wrongKey.status).toBe(401);
  expect((await wrongKey.json()).message).toBe('unknown site key');
  const wrongOrigin = await post(cli.url, 'pk_live_site', { origin: 'https://evil.example' });
  expect(wrongOrigin.status).toBe(401);
  expect((await wrongOrigin.json()).message).toBe('this site key is not taken from this origin');
  expect((await post(cli.url, 'pk_live_site', { keepalive: true, origin: 'https://evil.example' })).status).toBe(401);
  const metrics = await (await fetch(cli.url + '/metrics')).text();
  expect(metric(metrics, 'homing_batch_requests_total{status="401"}')).toBe(3);
  expect(metric(metrics, 'homing_batch_refused_total{reason="unknown_key"}')).toBe(1);
  expect(metric(metrics, 'homing_batch_refused_total{reason="wrong_origin"}')).toBe(2);
  expect(cli.lines.some((l) => l.level === 'warn' && /key/.test(String(l.msg)))).toBe(false);
  expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
});

test('without a key list or an admin token the collector says so at start, and its admin routes are off', async () => {
  const cli = await start(['collector']);
  const warned = cli.lines.filter((l) => l.level === 'warn').map((l) => String(l.msg));
  expect(warned.some((m) => m.includes('no key list'))).toBe(true);
  expect(warned.some((m) => m.includes('admin routes are off'))).toBe(true);
  expect(warned.some((m) => m.includes('no relay destination'))).toBe(true);
  for (const path of ['/qa', '/qa/events', '/__export', '/__where?email=a@b.co', '/__deadletters', '/__log', '/__faults'])
    expect((await fetch(cli.url + path, { headers: { Authorization: 'Bearer ' + TOKEN } })).status, path).toBe(404);
  expect((await post(cli.url, 'pk_anything')).status, 'any publishable-looking key').toBe(200);
});

test('admin routes: none without the token, none with a wrong one; the right one opens them, uncached, with no CORS', async () => {
  const cli = await start(['collector'], { HOMING_ADMIN_TOKEN: TOKEN });
  await post(cli.url, 'pk_live_a', { events: [event('m-1')] });
  const get = (path: string, token?: string) => fetch(cli.url + path, { headers: token ? { Authorization: 'Bearer ' + token } : {}, redirect: 'manual' });
  for (const path of ['/__export', '/__where?email=jane@example.com', '/__deadletters', '/qa/events']) {
    expect((await get(path)).status, path + ' without a token').toBe(401);
    expect((await get(path, TOKEN.slice(0, -1) + 'x')).status, path + ' with a wrong token').toBe(401);
  }
  const exported = await get('/__export', TOKEN);
  expect(exported.status).toBe(200);
  expect(exported.headers.get('cache-control')).toBe('no-store');
  expect(exported.headers.get('access-control-allow-origin')).toBeNull();
  expect((await exported.text()).trim().split('\n').map((l) => JSON.parse(l).messageId)).toEqual(['m-1']);
  const trail = await (await get('/__where?email=jane@example.com', TOKEN)).json();
  expect(trail.trail.map((t: any) => [t.messageId, t.destinations])).toEqual([['m-1', []]]);
  const preflight = await fetch(cli.url + '/__export', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' } });
  expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

  // The panel: a sign-in page, then a session cookie that is not the token.
  const page = await get('/qa');
  expect(page.status).toBe(401);
  expect(await page.text()).toContain('Sign in');
  const form = (token: string) => fetch(cli.url + '/qa/login', {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'token=' + encodeURIComponent(token),
  });
  expect((await form('wrong-token-wrong-token')).status).toBe(401);
  const signedIn = await form(TOKEN);
  expect(signedIn.status).toBe(303);
  const cookie = signedIn.headers.get('set-cookie')!;
  expect(cookie).toContain('HttpOnly');
  expect(cookie).toContain('SameSite=Strict');
  expect(cookie).not.toContain(TOKEN);
  const panel = await fetch(cli.url + '/qa', { headers: { Cookie: cookie.split(';')[0] } });
  expect(panel.status).toBe(200);
  expect(await panel.text()).toContain('homing QA');
  await cli.stop();
  expect(JSON.stringify(cli.lines)).not.toContain(TOKEN);
});

test('export, where and the live view work while a PGlite collector runs: the CLI finds it without --port', async () => {
  const cli = await start(['collector'], { HOMING_ADMIN_TOKEN: TOKEN });
  const controller = new AbortController();
  const stream = await fetch(cli.url + '/qa/events', { headers: { Authorization: 'Bearer ' + TOKEN }, signal: controller.signal });
  expect(stream.status).toBe(200);
  const reader = stream.body!.getReader();
  await post(cli.url, 'pk_live_a', { events: [event('live-1'), event('live-2', 'inquiry')] });
  let seen = '';
  while (!seen.includes('live-2')) seen += new TextDecoder().decode((await reader.read()).value);
  expect(seen).toContain('event: entry');
  expect(seen).toContain('"messageId":"live-1"');
  controller.abort();

  // No --port: the running collector recorded its address in the data directory.
  const exported = await run(['export', '--data', dir, '--key', 'pk_live_a'], { HOMING_ADMIN_TOKEN: TOKEN });
  expect(exported.status, exported.stderr).toBe(0);
  expect(exported.stdout.trim().split('\n').map((l) => JSON.parse(l).messageId)).toEqual(['live-1', 'live-2']);
  expect(exported.stderr).toContain('2 events (from the running collector at ' + cli.url);
  const where = await run(['where', '--data', dir, '--message-id', 'live-2'], { HOMING_ADMIN_TOKEN: TOKEN });
  expect(where.status, where.stderr).toBe(0);
  expect(JSON.parse(where.stdout)).toMatchObject([{ messageId: 'live-2', event: 'inquiry', key: 'pk_live_a' }]);
  const refused = await run(['export', '--data', dir, '--port', String(cli.port)], {});
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain('needs HOMING_ADMIN_TOKEN');
  // --port still overrides: nothing listens there.
  const elsewhere = await run(['export', '--data', dir, '--port', String(await freePort())], { HOMING_ADMIN_TOKEN: TOKEN });
  expect(elsewhere.stderr).toContain('no collector answers');
  await cli.stop();
  expect(existsSync(join(dir, 'collector.json')), 'the address leaves with the collector').toBe(false);
  const alone = await run(['export', '--data', dir], {});
  expect(alone.status, alone.stderr).toBe(0);
  expect(alone.stderr).toBe('2 events\n');
});

test('a dead letter replayed from the CLI reaches the mock CRM once', async () => {
  test.setTimeout(90_000);
  const mocks: Mocks = await startMocks();
  try {
    mocks.crm.reject('inquiry');
    const env = {
      HOMING_ADMIN_TOKEN: TOKEN, HOMING_RELAY_DESTINATIONS: 'crm',
      HOMING_RELAY_CRM_URL: mocks.crm.url + '/api/partner/events', HOMING_RELAY_CRM_TOKEN: TOKENS.crm,
    };
    const cli = await start(['all'], env);
    const events = visitorStory('replay@example.com').slice(0, 9).map((e) => ({ ...e, timestamp: new Date().toISOString() }));
    expect((await post(cli.url, 'pk_live_a', { events })).status).toBe(200);
    const inquiry = events.find((e) => e.event === 'inquiry')!;
    const held = () => heldIds(mocks).crm.filter((id) => id === inquiry.messageId).length;
    const where = async () => (await (await fetch(cli.url + '/__where?messageId=' + inquiry.messageId, { headers: { Authorization: 'Bearer ' + TOKEN } })).json()).trail[0].destinations[0];
    await expect.poll(async () => (await where()).state, { timeout: 30_000 }).toBe('dead_letter');
    expect(await where()).toMatchObject({ destination: 'crm', status: 422 });
    expect(held()).toBe(0);

    mocks.crm.allow('inquiry');
    const replayed = await run(['replay', '--destination', 'crm', '--data', dir], { HOMING_ADMIN_TOKEN: TOKEN });
    expect(replayed.status, replayed.stderr).toBe(0);
    expect(replayed.stderr).toContain('1 dead letter of crm queued again');
    await expect.poll(held, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await where()).state, { timeout: 30_000 }).toBe('sent');
    const again = await run(['replay', '--destination', 'crm', '--data', dir, '--port', String(cli.port)], { HOMING_ADMIN_TOKEN: TOKEN });
    expect(again.stderr).toContain('0 dead letters of crm queued again');
    await new Promise((r) => setTimeout(r, 500));
    expect(held(), 'once').toBe(1);
    await cli.stop();
    expect(JSON.stringify(cli.lines)).not.toContain(TOKEN);
  } finally {
    await mocks.close();
  }
});
