// fuzz.mjs: what the internet may post to the batch endpoint (fast-check arbitraries) and what the answer must be
// (SPEC §4's shapes, never a 5xx), for the CI test (test/unit/collector-fuzz.test.ts) and `npm run bench:fuzz`.
import fc from 'fast-check';
import { Agent, request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { checkEvent, checkNesting, CODES, MAX_BATCH_BYTES } from '../server/build/src/validate.js';
import { pickEvent } from '../server/build/server/collector/batch.js';
import { isPublishableKey } from '../server/build/server/collector/key.js';

const KEY = 'pk_fuzz_1';
const USER_AGENT = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/** Any UTF-16 unit, lone surrogates and NUL included, with the characters that break parsers often. */
const unit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\0', '\ud800', '\udfff', '😀', '"', '\\', '__proto__', 'constructor', '\u2028', '\ufeff', '.', '@'),
  fc.string({ unit: 'binary-ascii', maxLength: 1 }),
);
const text = fc.string({ unit, maxLength: 80 });
const json = fc.jsonValue({ maxDepth: 4 });
/** Any JSON value, or a string of any units, or one nested thousands deep. */
const anything = fc.oneof(
  json, text, fc.integer({ min: 4, max: 40_000 }).map((n) => ({ __deep: n })),
  fc.oneof(fc.double(), fc.integer({ min: 0, max: 4e12 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
  fc.constantFrom('x'.repeat(1001), 'é'.repeat(20_000), USER_AGENT, Array(101).fill(1), Object.fromEntries(Array.from({ length: 101 }, (_, i) => ['k' + i, i]))),
);

/** A valid event of the tracker's shape. */
const validEvent = fc.record({
  event: fc.stringMatching(/^[A-Za-z0-9_\-.:]{1,60}$/),
  identify: fc.record({ email: fc.constantFrom('jane@example.com', 'j.o+b@x-y.co.uk') }),
  properties: fc.dictionary(text, fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 8 }),
  timestamp: fc.constant('now'),
  messageId: fc.uuid(),
});

const FIELDS = [
  'event', 'identify', 'identify.email', 'identify.traits', 'identify.traits.k', 'properties', 'timestamp', 'messageId', 'extra',
  'properties.k', 'properties.a.b.c', 'properties.context', 'properties.context.userAgent', 'properties.context.userAgentData',
  'properties.context.userAgentData.platform', 'properties.context.userAgentData.brands', 'properties.context.device',
];

/** A valid event with some of its fields replaced by anything (or removed). */
const oddEvent = fc.tuple(validEvent, fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.option(anything, { nil: undefined })), { minLength: 1, maxLength: 3 }))
  .map(([e, changes]) => {
    const out = structuredClone(e);
    for (const [field, value] of changes) set(out, field.split('.'), value);
    return out;
  });

function set(o, path, value) {
  for (const k of path.slice(0, -1)) o = o[k] = o[k] && typeof o[k] == 'object' ? o[k] : {};
  if (value === undefined) delete o[path[path.length - 1]];
  // A copy: the constants of `anything` are shared between cases, and later changes write into what they set.
  else o[path[path.length - 1]] = structuredClone(value);
}

/** One request: what it is (for the report) and what to send. */
export const requests = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.array(fc.oneof(validEvent, oddEvent, oddEvent, anything), { minLength: 1, maxLength: 12 }), fc.option(anything, { nil: undefined }))
    .map(([events, sentAt]) => ({ kind: 'events', events, sentAt })) },
  { weight: 1, arbitrary: fc.tuple(validEvent, fc.integer({ min: 150, max: 201 })).map(([e, n]) => ({ kind: 'events', events: Array(n).fill(e) })) },
  { weight: 1, arbitrary: json.map((body) => ({ kind: 'json', body })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((bytes) => ({ kind: 'bytes', bytes })) },
  { weight: 1, arbitrary: fc.tuple(fc.array(validEvent, { minLength: 1, maxLength: 5 }), fc.double({ min: 0, max: 1, noNaN: true })).map(([events, cut]) => ({ kind: 'truncated gzip', events, cut })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((bytes) => ({ kind: 'gzip of bytes', bytes })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((n) => ({ kind: 'gzip bomb', n })) },
  { weight: 1, arbitrary: fc.tuple(text, json).map(([encoding, body]) => ({ kind: 'encoding', encoding, body })) },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(text, fc.constantFrom('pk_live_a', 'sk_live_a', 'a'.repeat(201))), validEvent).map(([key, e]) => ({ kind: 'key', key: key.toWellFormed(), events: [e] })) },
);

/** Zeros that inflate to 1.6 MB past the 6.4 MB limit, per unit of n: a few KB on the wire. */
const bombs = new Map();
const bomb = (n) => bombs.get(n) ?? bombs.set(n, gzipSync(Buffer.alloc(MAX_BATCH_BYTES + n * 1_600_000), { level: 9 })).get(n);

/** `{"a":{"a":…}}` n deep, as text: no stack is spent making it. */
const deepText = (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

/** The body text of events, with "now" timestamps made current and deep markers expanded. */
function eventsText(events, sentAt) {
  const now = new Date().toISOString();
  return JSON.stringify({ events, sentAt }, (k, v) => (k === 'timestamp' && v === 'now' ? now : v))
    .replace(/\{"__deep":(\d+)\}/g, (_, n) => deepText(Number(n)));
}

/** The wire form of a request: body bytes and headers. */
export function wire(r) {
  const headers = { Authorization: 'Bearer ' + KEY, 'Content-Type': 'application/json' };
  // A key of any text travels in the query, as keepalive requests send it; the path carries it.
  if (r.kind === 'key') return { body: Buffer.from(eventsText(r.events)), headers: { 'Content-Type': 'text/plain' }, path: '?key=' + encodeURIComponent(r.key) };
  if (r.kind === 'events') return { body: Buffer.from(eventsText(r.events, r.sentAt)), headers };
  if (r.kind === 'json') return { body: Buffer.from(JSON.stringify(r.body)), headers };
  if (r.kind === 'bytes') return { body: Buffer.from(r.bytes), headers: { ...headers, 'Content-Type': 'text/plain' } };
  const gz = { ...headers, 'Content-Encoding': 'gzip' };
  if (r.kind === 'truncated gzip') {
    const full = gzipSync(eventsText(r.events));
    return { body: full.subarray(0, Math.floor(r.cut * (full.length - 1))), headers: gz };
  }
  if (r.kind === 'gzip of bytes') return { body: gzipSync(r.bytes), headers: gz };
  if (r.kind === 'gzip bomb') return { body: bomb(r.n), headers: gz };
  // A header value Node can send: printable Latin-1, no CR or LF.
  const encoding = r.encoding.replace(/[^\x20-\x7e]/g, '').trim() || 'br';
  return { body: Buffer.from(JSON.stringify(r.body)), headers: { ...headers, 'Content-Encoding': encoding } };
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** Posts one request; resolves with its status, headers and body text. */
export function send(url, r) {
  const { body, headers, path = '' } = wire(r);
  return new Promise((resolve, reject) => {
    const req = request(url + '/v1/events/batch' + path, { method: 'POST', agent, headers: { ...headers, 'Content-Length': body.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const fail = (why, answer) => { throw new Error(why + ': ' + answer.status + ' ' + answer.text.slice(0, 400)); };
const isCount = (n) => Number.isInteger(n) && n >= 0;

/** Throws unless `answer` is one of SPEC §4's shapes with the status `r` calls for. */
export function judge(r, answer) {
  if (answer.status >= 500) fail('a 5xx for a client\'s body', answer);
  if (answer.headers['access-control-allow-origin'] !== '*') fail('no CORS header', answer);
  let body;
  try { body = JSON.parse(answer.text); } catch { fail('not JSON', answer); }
  const isBatch = answer.status === 200 || answer.status === 207 || (answer.status === 400 && Array.isArray(body.events));
  if (isBatch) judgeBatch(body, answer);
  else if (body.statusCode !== answer.status || typeof body.error !== 'string' || typeof body.message !== 'string') fail('not { statusCode, error, message }', answer);
  const want = expected(r);
  if (want.status && !want.status.includes(answer.status)) fail(r.kind + ': expected ' + want.status.join(' or '), answer);
  if (want.codes) {
    const got = new Map(body.errors.map((e) => [e.index, e.errors[0].code]));
    want.codes.forEach((code, i) => { if ((got.get(i) ?? null) !== code) fail('event ' + i + ': expected ' + code + ', got ' + got.get(i), answer); });
  }
}

function judgeBatch(b, answer) {
  if (![b.accepted, b.failed, b.duplicated].every(isCount) || !Array.isArray(b.errors)) fail('not the batch shape', answer);
  if (b.accepted !== b.events.length || b.failed !== b.errors.length) fail('counts do not match the lists', answer);
  if (answer.status === 200 && b.failed) fail('200 with failures', answer);
  if (answer.status === 207 && !(b.accepted && b.failed)) fail('207 without both', answer);
  if (answer.status === 400 && b.accepted) fail('400 with accepted events', answer);
  for (const e of b.events)
    if (!isCount(e.index) || typeof e.messageId !== 'string' || !/^(accepted|duplicate)$/.test(e.status)) fail('a bad event entry', answer);
  for (const e of b.errors)
    if (!isCount(e.index) || !Array.isArray(e.errors) || !e.errors.every((x) => CODES.includes(x.code) && typeof x.message === 'string')) fail('a bad error entry', answer);
}

/** The statuses a request calls for and, for a batch, each event's code as the shared validation gives it. */
function expected(r) {
  if (r.kind === 'gzip bomb') return { status: [413] };
  if (r.kind === 'truncated gzip' || r.kind === 'bytes' || r.kind === 'gzip of bytes') return { status: [400] };
  if (r.kind === 'json') return { status: [400] };
  if (r.kind === 'key') return { status: [r.key && isPublishableKey(r.key) ? 200 : 401] };
  if (r.kind === 'encoding') return { status: /^(gzip|x-gzip|identity)$/i.test(wire(r).headers['Content-Encoding']) ? [400] : [415] };
  const text = eventsText(r.events, r.sentAt);
  if (Buffer.byteLength(text) > MAX_BATCH_BYTES) return { status: [413] };
  if (r.events.length > 200) return { status: [413] };
  const now = Date.now();
  const { events } = JSON.parse(text);
  // As the collector: an event nested too deep is refused at parse, any other is checked with its own fields picked.
  const codes = events.map((e) => (checkNesting(e) ?? checkEvent(e && typeof e == 'object' && !Array.isArray(e) ? pickEvent(e) : e, now))?.code ?? null);
  const refused = codes.filter(Boolean).length;
  return { status: [refused === 0 ? 200 : refused === codes.length ? 400 : 207], codes };
}

/** Runs `numRuns` cases (or until `ms` have passed) against the collector at `url`; resolves with what fast-check found. */
export async function fuzz({ url, seed, numRuns = Number.POSITIVE_INFINITY, ms, onCase = () => {} }) {
  const property = fc.asyncProperty(requests, async (r) => {
    onCase(r);
    judge(r, await send(url, r));
  });
  return fc.check(property, { seed, numRuns: Number.isFinite(numRuns) ? numRuns : 1e9, interruptAfterTimeLimit: ms, markInterruptAsFailure: false });
}

export { fc, KEY };
