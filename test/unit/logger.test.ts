// logger.test.ts: JSON log lines never carry an email, a token or a database password.
import { test, expect } from '@playwright/test';
import { createLogger, scrub } from '../../server/ops/logger.js';

test('scrub hides emails, bearer tokens, secret keys, token parameters and URL passwords', () => {
  expect(scrub('lead jane.doe+x@example.co.uk sent')).toBe('lead [email] sent');
  expect(scrub('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer [redacted]');
  expect(scrub('refused sk_live_0123456789')).toBe('refused sk_[redacted]');
  expect(scrub('POST /v1/track/event?api_token=cs_123&x=1')).toBe('POST /v1/track/event?api_token=[redacted]&x=1');
  expect(scrub('connect postgres://app:hunter2@db.internal:5432/homing failed')).not.toContain('hunter2');
});

test('a log line is one JSON object; token and email fields are dropped, nested strings scrubbed', () => {
  const lines: string[] = [];
  const log = createLogger({ pid: 1 }, (l) => lines.push(l));
  log('warn', 'relay failed for bob@example.com', { destination: 'crm', token: 'crm_tok', email: 'bob@example.com', error: new Error('401 for Bearer xyz') });
  expect(lines).toHaveLength(1);
  expect(lines[0].endsWith('\n')).toBe(true);
  const line = JSON.parse(lines[0]);
  expect(line).toMatchObject({ level: 'warn', msg: 'relay failed for [email]', pid: 1, destination: 'crm', error: '401 for Bearer [redacted]' });
  expect(line).not.toHaveProperty('token');
  expect(line).not.toHaveProperty('email');
});
