// marketing.ts: a mock of reference 002: `{ user, event }`, the user must exist first, orderId dedup, one open per 20 minutes.
import { bearer, isRecord, startMock, type Clock, type Mock, type MockReply } from './mock.js';

export interface MarketingUser {
  email: string;
  attributes: Record<string, unknown>;
}

export interface MarketingEvent {
  email: string;
  type: string;
  data: Record<string, any>;
  at: number;
}

export interface MarketingMock extends Mock {
  users: Map<string, MarketingUser>;
  /** Events the platform kept (login and update included). */
  events: MarketingEvent[];
  /** Events it took but discarded by its own rules (a repeated orderId, an open within 20 minutes). */
  discarded: (MarketingEvent & { why: string })[];
  /** Refuse events of this type (a 400 other than "user not found"). */
  reject(type: string): void;
}

export interface MarketingOptions {
  token: string;
  path?: string;
  now?: Clock;
}

export const EMAIL_OPEN_WINDOW_MS = 20 * 60_000;

const created: MockReply = { status: 200, body: { results: { message: 'Event created', email: 'Event was created for the specified user' } } };
const fail = (message: string, description: string, status = 400): MockReply => ({ status, body: { errors: [{ message, description }] } });

export async function startMarketingMock(opts: MarketingOptions): Promise<MarketingMock> {
  const now = opts.now ?? Date.now;
  const path = opts.path ?? '/v1/event/';
  const users = new Map<string, MarketingUser>();
  const events: MarketingEvent[] = [];
  const discarded: (MarketingEvent & { why: string })[] = [];
  const orderIds = new Set<string>();
  const lastOpen = new Map<string, number>();
  const rejected = new Set<string>();

  const mock = await startMock((req) => {
    if (req.method !== 'POST' || req.path !== path) return fail('Not found', 'no such endpoint', 404);
    if (bearer(req.headers) !== opts.token) return fail('Unauthorized', 'invalid API key', 401);
    const body = req.json;
    if (!isRecord(body) || !isRecord(body.user)) return fail('Missing user information', 'Please send user information along with event');
    if (!isRecord(body.event) || Object.keys(body.event).length !== 1) return fail('Missing event information', 'Please send event information along with user');
    const email = typeof body.user.email === 'string' ? body.user.email.toLowerCase() : undefined;
    if (!email) return fail('Missing user information', 'user.email or user._id is required');
    const [type, data] = Object.entries(body.event)[0] as [string, unknown];
    if (!isRecord(data)) return fail('Invalid event', 'the event ' + type + ' must be an object');
    if (rejected.has(type)) return fail('Invalid event', 'the event ' + type + ' is not accepted');
    const event: MarketingEvent = { email, type, data, at: now() };
    if (type === 'login') {
      const user = users.get(email) ?? { email, attributes: {} };
      users.set(email, user);
      Object.assign(user.attributes, data);
      events.push(event);
      return created;
    }
    const user = users.get(email);
    if (!user) return fail('User not found', 'Note that user must exist in the database beforehand');
    const problem = check(type, data);
    if (problem) return fail('Invalid event', problem);
    if (type === 'update') Object.assign(user.attributes, data);
    const why = discardReason(type, data, email, event.at);
    if (why) discarded.push({ ...event, why });
    else events.push(event);
    return created;
  });

  function check(type: string, data: Record<string, any>): string | undefined {
    if (type === 'confirmation' && !(typeof data.orderId === 'string' || typeof data.orderId === 'number')) return 'confirmation needs an orderId';
    if (type === 'generic' && !(isRecord(data.generic) && typeof data.generic.event_name === 'string')) return 'generic needs generic.event_name';
  }

  /** 002's own rules: a repeated orderId, and an email open within 20 minutes of the last one. */
  function discardReason(type: string, data: Record<string, any>, email: string, at: number): string | undefined {
    if (type === 'confirmation') {
      const id = String(data.orderId);
      if (orderIds.has(id)) return 'orderId ' + id + ' already confirmed';
      orderIds.add(id);
    }
    if (type === 'email_open') {
      const last = lastOpen.get(email);
      if (last !== undefined && at - last < EMAIL_OPEN_WINDOW_MS) return 'email open within 20 minutes';
      lastOpen.set(email, at);
    }
  }

  return Object.assign(mock, { users, events, discarded, reject: (type: string) => void rejected.add(type) });
}
