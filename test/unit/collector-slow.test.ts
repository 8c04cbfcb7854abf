// collector-slow.test.ts: slow and greedy clients on raw sockets against the bin as a process (SPEC §4.1): headers
// and a body trickled a byte a second are answered 408, connections past the per-address cap 429, idle ones closed.
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type Args } from '../../server/cli/args.js';
import { startCli, type CliProcess } from './cli-helpers.js';

let cli: CliProcess;
let dir: string;
const CAP = 8;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'homing-slow-'));
  cli = await startCli(['collector', '--data', dir, '--headers-timeout', '2', '--body-timeout', '2', '--keep-alive', '3'],
    { DATABASE_URL: '', HOMING_CONNECTIONS_PER_ADDRESS: String(CAP) });
  await cli.waitForReady();
});

test.afterAll(async () => {
  await cli.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Raw {
  socket: Socket;
  /** Everything the server wrote, once it closed the connection. */
  closed: Promise<string>;
}

function open(): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect(cli.port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => (got += d));
    socket.on('error', () => undefined);
    const closed = new Promise<string>((r) => socket.on('close', () => r(got)));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

/** Writes `text` one byte a second until the server closes the connection. */
function trickle(socket: Socket, text: string): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]);
  }, 1000);
  socket.on('close', () => clearInterval(timer));
}

function parse(raw: string): { status: number; headers: Record<string, string>; body: unknown } {
  const [head, body] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)];
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: body ? JSON.parse(body) : undefined };
}

const BATCH = JSON.stringify({ events: [{ event: 'lead', identify: { email: 'jane@example.com' }, properties: {} }] });
const head = (length: number) =>
  'POST /v1/events/batch HTTP/1.1\r\nHost: collector\r\nAuthorization: Bearer pk_test_1\r\nContent-Type: application/json\r\nContent-Length: ' + length + '\r\n\r\n';

const readyz = async () => (await fetch(cli.url + '/readyz')).status;

test('a body trickled a byte a second is cut off with a 408 in the error shape, and the connection closed', async () => {
  const raw = await open();
  raw.socket.write(head(BATCH.length));
  trickle(raw.socket, BATCH);
  const answer = parse(await raw.closed);
  expect(answer.status).toBe(408);
  expect(answer.headers['access-control-allow-origin']).toBe('*');
  expect(answer.body).toEqual({ statusCode: 408, error: 'Request Timeout', message: 'the body took more than 2 s to arrive' });
  expect(await readyz()).toBe(200);
});

test('headers trickled a byte a second are cut off with a 408 in the error shape', async () => {
  const raw = await open();
  trickle(raw.socket, 'POST /v1/events/batch HTTP/1.1\r\nHost: collector\r\nX-Slow: ' + 'a'.repeat(200) + '\r\n\r\n');
  const answer = parse(await raw.closed);
  expect(answer.status).toBe(408);
  expect(answer.body).toMatchObject({ statusCode: 408, error: 'Request Timeout' });
  expect(await readyz()).toBe(200);
});

test('a browser\'s six connections are served; past the per-address cap a connection is answered 429 and closed', async () => {
  const held = await Promise.all(Array.from({ length: 6 }, open));
  // Six at once, as a browser's pool: each posts a batch and is answered.
  const answers = await Promise.all(held.map((r) => new Promise<string>((resolve) => {
    let got = '';
    r.socket.on('data', (d) => { got += d; if (got.includes('"errors"')) resolve(got); });
    r.socket.write(head(BATCH.length) + BATCH);
  })));
  expect(answers.map((a) => parse(a).status)).toEqual([200, 200, 200, 200, 200, 200]);
  held.push(...(await Promise.all(Array.from({ length: CAP - 6 }, open))));
  const extra = await open();
  const refused = parse(await extra.closed);
  expect(refused.status).toBe(429);
  expect(refused.headers['retry-after']).toBe('1');
  expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'more than ' + CAP + ' connections from one address' });
  // A connection let go frees its place.
  const gone = held.pop() as Raw;
  gone.socket.destroy();
  await gone.closed;
  await expect.poll(readyz).toBe(200);
  for (const r of held) r.socket.destroy();
});

test('an idle keep-alive connection is served again within the keep-alive time, and closed by the server after it', async () => {
  const raw = await open();
  const answers: string[] = [];
  raw.socket.on('data', (d) => answers.push(String(d)));
  const get = 'GET /readyz HTTP/1.1\r\nHost: collector\r\n\r\n';
  raw.socket.write(get);
  await expect.poll(() => answers.join('')).toContain('"ready":true');
  // Idle past the headers timeout (2 s) but within keep-alive (3 s): the next request is not a slow one.
  await new Promise((r) => setTimeout(r, 2500));
  answers.length = 0;
  raw.socket.write(get);
  await expect.poll(() => answers.join('')).toContain('"ready":true');
  // Then left idle: the server closes it (the test's own timeout bounds the wait).
  await raw.closed;
  expect(raw.socket.destroyed).toBe(true);
});

test('each limit is a flag or a variable with a default; behind a trusted proxy the per-address cap is off unless set', () => {
  const limits = (argv: string[], env = {}) => (parseArgs(argv, env) as Args).limits;
  expect(limits([])).toEqual({ headersSeconds: 10, bodySeconds: 10, perAddress: 256, keepAliveSeconds: 65 });
  expect(limits(['--body-timeout', '3'], { HOMING_BODY_TIMEOUT: '7', HOMING_KEEP_ALIVE: '5' })).toMatchObject({ bodySeconds: 3, keepAliveSeconds: 5 });
  expect(limits(['--trust-proxy']).perAddress).toBe(0);
  expect(limits([], { HOMING_TRUST_PROXY: '1' }).perAddress).toBe(0);
  expect(limits(['--trust-proxy', '--connections-per-address', '50']).perAddress).toBe(50);
  expect(parseArgs(['--body-timeout', '0'], {})).toBe('--body-timeout needs a number of seconds from 1 to 3600, not "0"');
});
