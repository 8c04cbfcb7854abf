// keys.test.ts: the site key list (SPEC §4.1 "Which keys, from where") and the admin gate, as pure functions.
import { test, expect } from '@playwright/test';
import type { IncomingMessage } from 'node:http';
import { createAdminGate, tokenProblem } from '../../server/admin/gate.js';
import { judgeKey, parseKeyFile, parseKeyNames } from '../../server/collector/keys.js';

test('a key file names each key\'s origins; HOMING_KEYS takes keys from any origin', () => {
  const list = parseKeyFile('{ "pk_live_a": ["https://Example.com:443", "https://www.example.com"], "pk_live_b": [] }');
  if (typeof list === 'string') throw new Error(list);
  expect(judgeKey('pk_live_a', 'https://example.com', list)).toBeUndefined();
  expect(judgeKey('pk_live_a', 'https://www.example.com', list)).toBeUndefined();
  expect(judgeKey('pk_live_a', 'https://evil.example', list)).toBe('wrong_origin');
  expect(judgeKey('pk_live_a', 'null', list), 'a sandboxed page').toBe('wrong_origin');
  expect(judgeKey('pk_live_a', undefined, list), 'a server sends no Origin').toBeUndefined();
  expect(judgeKey('pk_live_b', 'https://anywhere.example', list)).toBeUndefined();
  expect(judgeKey('pk_live_c', undefined, list)).toBe('unknown_key');
  expect(judgeKey('sk_live_a', undefined, list)).toBe('secret');
  expect(judgeKey(null, undefined, list)).toBe('missing');
  const names = parseKeyNames('pk_live_a, pk_live_b pk_live_c');
  expect(typeof names !== 'string' && [...names.keys()]).toEqual(['pk_live_a', 'pk_live_b', 'pk_live_c']);
  expect(judgeKey('pk_anything', 'https://x.example', undefined), 'no list: any publishable key').toBeUndefined();
});

test('a bad key list says which key and what is wrong', () => {
  expect(parseKeyFile('[1]')).toBe('keys file: must be an object of key → [origins]');
  expect(parseKeyFile('{"pk_a": "https://example.com"}')).toContain('pk_a must list its origins');
  expect(parseKeyFile('{"pk_a": ["https://example.com/shop"]}')).toContain('"https://example.com/shop" is not an origin');
  expect(parseKeyFile('{"sk_live_x": []}')).toContain('"sk_live_x" is not a publishable key');
  expect(parseKeyFile('{')).toContain('keys file: not JSON');
  expect(parseKeyNames('pk_ok sk_live_nope')).toContain('"sk_live_nope" is not a publishable key');
});

const request = (headers: Record<string, string>, remoteAddress = '203.0.113.9') =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

test('the admin gate: off without a token, the token or its session cookie, loopback only in dev', () => {
  const token = 'a'.repeat(24);
  expect(createAdminGate({}).judge(request({ authorization: 'Bearer ' + token }))).toBe('off');
  const gate = createAdminGate({ token });
  expect(gate.judge(request({}))).toBe('denied');
  expect(gate.judge(request({ authorization: 'Bearer ' + 'b'.repeat(24) }))).toBe('denied');
  expect(gate.judge(request({ authorization: 'Bearer ' + token.slice(1) }))).toBe('denied');
  expect(gate.judge(request({ authorization: 'Bearer ' + token }))).toBe('ok');
  const cookie = gate.sessionCookie(false).split(';')[0];
  expect(cookie).not.toContain(token);
  expect(gate.judge(request({ cookie: 'other=1; ' + cookie }))).toBe('ok');
  expect(gate.judge(request({ cookie: 'homing_admin=' + token }))).toBe('denied');
  const dev = createAdminGate({ isLoopbackOpen: true });
  expect(dev.judge(request({}, '127.0.0.1'))).toBe('ok');
  expect(dev.judge(request({}, '::1'))).toBe('ok');
  expect(dev.judge(request({}))).toBe('denied');
  expect(tokenProblem('short')).toContain('at least 16 characters');
  expect(tokenProblem(token)).toBeUndefined();
});
