// success.ts: a mock of reference 003: POST /v1/track/event?api_token=…, contact_uid, snake_case event_uid, params.
import { isRecord, startMock, type Mock, type MockReply } from './mock.js';

export interface SuccessStoredEvent {
  contact_uid: string;
  event_uid: string;
  params: Record<string, any>;
}

export interface SuccessMock extends Mock {
  events: SuccessStoredEvent[];
  reject(eventUid: string): void;
}

const SNAKE_CASE = /^[a-z0-9]+(_[a-z0-9]+)*$/;
const fail = (status: number, message: string): MockReply => ({ status, body: { status: 'error', message } });

export async function startSuccessMock(opts: { token: string }): Promise<SuccessMock> {
  const events: SuccessStoredEvent[] = [];
  const rejected = new Set<string>();
  const mock = await startMock((req) => {
    if (req.method !== 'POST' || req.path !== '/v1/track/event') return fail(404, 'not found');
    if (req.query.get('api_token') !== opts.token) return fail(401, 'invalid api token');
    const b = req.json;
    if (!isRecord(b)) return fail(400, 'the body must be a JSON object');
    if (typeof b.contact_uid !== 'string' || !b.contact_uid) return fail(400, 'contact_uid is required');
    if (typeof b.event_uid !== 'string' || !SNAKE_CASE.test(b.event_uid)) return fail(400, 'event_uid is required, in snake case');
    if (b.params !== undefined && !isRecord(b.params)) return fail(400, 'params must be an object');
    const params = b.params ?? {};
    for (const k of ['account_uid', 'display_name', 'visit_url']) if (params[k] !== undefined && typeof params[k] !== 'string') return fail(400, 'params.' + k + ' must be a string');
    if (b.event_uid === 'pageview' && !/^https?:\/\//.test(params.visit_url ?? '')) return fail(400, 'a pageview needs params.visit_url');
    if (rejected.has(b.event_uid)) return fail(422, 'event_uid ' + b.event_uid + ' is not accepted');
    events.push({ contact_uid: b.contact_uid, event_uid: b.event_uid, params });
    return { status: 200, body: { status: 'success' } };
  });
  return Object.assign(mock, { events, reject: (uid: string) => void rejected.add(uid) });
}
