// relay-cli.test.ts: the bin with the relay: `all` forwards and serves dead letters; `collector` then `relay` resumes.
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startCli, type CliProcess } from './cli-helpers.js';
import { visitorStory } from '../relay/story.js';
import { heldIds, startMocks, TOKENS, type Mocks } from '../relay/world.js';

let mocks: Mocks;
let dataDir: string;
const procs: CliProcess[] = [];
test.beforeEach(async () => {
  mocks = await startMocks();
  dataDir = await mkdtemp(join(tmpdir(), 'homing-relay-cli-'));
});
test.afterEach(async () => {
  for (const p of procs.splice(0)) await p.stop();
  await mocks.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The relay configured by environment variables alone, tokens included. */
function relayEnv(m: Mocks, adminPort?: number): Record<string, string> {
  const env: Record<string, string> = {
    HOMING_RELAY_DESTINATIONS: 'batch,crm,marketing,success',
    HOMING_RELAY_BATCH_URL: m.batch.url + '/v1/events/batch', HOMING_RELAY_BATCH_TOKEN: TOKENS.batch,
    HOMING_RELAY_CRM_URL: m.crm.url + '/api/partner/events', HOMING_RELAY_CRM_TOKEN: TOKENS.crm,
    HOMING_RELAY_MARKETING_URL: m.marketing.url + '/v1/event/', HOMING_RELAY_MARKETING_TOKEN: TOKENS.marketing,
    HOMING_RELAY_SUCCESS_URL: m.success.url + '/v1/track/event', HOMING_RELAY_SUCCESS_TOKEN: TOKENS.success,
  };
  if (adminPort) Object.assign(env, { HOMING_RELAY_ADMIN_PORT: String(adminPort), HOMING_ADMIN_TOKEN: ADMIN_TOKEN });
  return env;
}

const ADMIN_TOKEN = 'relay-cli-admin-token-0123456789';
const asAdmin = { headers: { Authorization: 'Bearer ' + ADMIN_TOKEN } };

// The story less its second open, which 002 would hold for 20 minutes of real time.
const story = (email: string, start = 0) => visitorStory(email, start).filter((e, i) => i !== 11).map((e) => ({ ...e, timestamp: new Date().toISOString() }));
const post = (url: string, events: unknown[]) => fetch(url + '/v1/events/batch', {
  method: 'POST', headers: { Authorization: 'Bearer pk_test_relay_cli', 'Content-Type': 'application/json' }, body: JSON.stringify({ events }),
});

test('`all` forwards what it accepts to every destination and serves GET /__deadletters; no token or email in its log', async () => {
  test.setTimeout(60_000);
  mocks.crm.reject('inquiry');
  const adminPort = await freePort();
  const cli = await startCli(['all', '--data', dataDir], relayEnv(mocks, adminPort));
  procs.push(cli);
  await cli.waitForReady();
  const events = story('cli.lead@example.com');
  expect((await post(cli.url, events)).status).toBe(200);
  await expect.poll(() => heldIds(mocks).success.length, { timeout: 20_000 }).toBe(events.length);
  await expect.poll(() => heldIds(mocks).crm.length, { timeout: 20_000 }).toBe(events.length - 1);
  await expect.poll(() => mocks.batch.events.size, { timeout: 20_000 }).toBe(events.length);
  const { deadLetters } = await (await fetch('http://127.0.0.1:' + adminPort + '/__deadletters', asAdmin)).json();
  expect(deadLetters.map((d: any) => [d.destination, d.event.event])).toEqual([['crm', 'inquiry']]);
  const status = await (await fetch('http://127.0.0.1:' + adminPort + '/__relay', asAdmin)).json();
  expect(status.destinations.map((d: any) => d.name)).toEqual(['batch', 'crm', 'marketing', 'success']);
  await cli.stop();
  const log = JSON.stringify(cli.lines);
  for (const token of [...Object.values(TOKENS), ADMIN_TOKEN]) expect(log).not.toContain(token);
  expect(log).not.toContain('cli.lead@example.com');
  expect(log).toContain('dead letter');
});

test('events a collector queued are forwarded by a relay started later on the same data', async () => {
  test.setTimeout(60_000);
  const collector = await startCli(['collector', '--data', dataDir], relayEnv(mocks));
  procs.push(collector);
  await collector.waitForReady();
  const events = [...story('early@example.com'), ...story('later@example.com', 100)];
  expect((await post(collector.url, events)).status).toBe(200);
  await collector.stop();
  expect(mocks.crm.requests.length).toBe(0);
  const relay = await startCli(['relay', '--data', dataDir], relayEnv(mocks));
  procs.push(relay);
  await expect.poll(() => heldIds(mocks).crm.length, { timeout: 20_000 }).toBe(events.length);
  await expect.poll(() => heldIds(mocks).success.length, { timeout: 20_000 }).toBe(events.length);
  await expect.poll(() => mocks.batch.events.size, { timeout: 20_000 }).toBe(events.length);
  await expect.poll(() => heldIds(mocks).marketing.length, { timeout: 20_000 }).toBe(events.length - 2);
});
