// crm.ts: a mock of references 000/001: POST /api/partner/events, person matching, 200/201, X-RateLimit-*.
import { bearer, depthOf, isRecord, startMock, type Clock, type Mock, type MockReply } from './mock.js';

export interface CrmPerson {
  id: string;
  firstName?: string;
  lastName?: string;
  emails: string[];
  phones: string[];
  tags: string[];
  companyId?: string;
}

export interface CrmStoredEvent {
  id: string;
  personId: string;
  eventType: string;
  occurredAt?: string;
  body: Record<string, any>;
}

export interface CrmMock extends Mock {
  events: CrmStoredEvent[];
  people: CrmPerson[];
  companies: { id: string; name: string }[];
  /** Refuse events of this type with a 422 (a rule stricter than the relay knows). */
  reject(type: string): void;
  /** Takes events of this type again. */
  allow(type: string): void;
}

export interface CrmOptions {
  token: string;
  /** X-RateLimit-Limit per window (000's example: 100). */
  limit?: number;
  /** The window X-RateLimit-Reset counts down (000's example: 3600 s). */
  windowMs?: number;
  now?: Clock;
}

const MAX_METADATA_BYTES = 262_144;
const MAX_METADATA_KEYS = 100;
const MAX_METADATA_DEPTH = 10;

const fail = (status: number, message: string, headers: Record<string, string>, errors?: string[]): MockReply =>
  ({ status, body: { error: message, ...(errors ? { errors } : {}) }, headers });

export async function startCrmMock(opts: CrmOptions): Promise<CrmMock> {
  const now = opts.now ?? Date.now;
  const limit = opts.limit ?? 100;
  const windowMs = opts.windowMs ?? 3_600_000;
  const events: CrmStoredEvent[] = [];
  const people: CrmPerson[] = [];
  const companies: { id: string; name: string }[] = [];
  const rejected = new Set<string>();
  let window = { start: 0, used: 0 };
  let seq = 0;

  function rateHeaders(): { headers: Record<string, string>; isOver: boolean } {
    const t = now();
    if (t - window.start >= windowMs) window = { start: t, used: 0 };
    window.used++;
    const reset = Math.max(1, Math.ceil((window.start + windowMs - t) / 1000));
    const headers = {
      'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(Math.max(0, limit - window.used)),
      'X-RateLimit-Reset': String(reset), 'X-RateLimit-Context': 'token:POST.events',
    };
    return { headers, isOver: window.used > limit };
  }

  const mock = await startMock((req) => {
    if (req.path !== '/api/partner/events' || req.method !== 'POST') return fail(404, 'Not Found', {});
    if (bearer(req.headers) !== opts.token) return fail(401, 'Unauthorized', {});
    const { headers, isOver } = rateHeaders();
    if (isOver) return fail(429, 'Too Many Requests', headers);
    const body = req.json;
    if (!isRecord(body)) return fail(400, 'Bad Request: the body must be a JSON object', headers);
    const errors = validate(body);
    if (rejected.has(body.type)) errors.push('type: ' + body.type + ' is not accepted by this account');
    if (errors.length) return fail(422, 'Unprocessable Entity', headers, errors);
    const { person, isNew: isNewPerson } = matchPerson(body);
    const company = body.company ? matchCompany(body.company, person) : { isNew: false };
    const event: CrmStoredEvent = { id: 'evt-' + ++seq, personId: person.id, eventType: body.type, occurredAt: body.occurredAt, body };
    events.push(event);
    const created = isNewPerson || company.isNew;
    return { status: created ? 201 : 200, headers, body: { event, person, created, wasPersonCreated: isNewPerson, wasCompanyCreated: company.isNew } };
  });

  function matchPerson(body: Record<string, any>): { person: CrmPerson; isNew: boolean } {
    if (typeof body.personId === 'string') return { person: people.find((p) => p.id === body.personId)!, isNew: false };
    const p = body.person;
    const emails = (p.emails ?? []).map((e: any) => String(typeof e === 'string' ? e : e.value).toLowerCase());
    const phones = (p.phones ?? []).map((e: any) => String(typeof e === 'string' ? e : e.value));
    let person = people.find((x) => x.emails.some((e) => emails.includes(e)) || x.phones.some((n) => phones.includes(n)));
    const isNew = !person;
    if (!person) people.push((person = { id: 'person-' + (people.length + 1), emails: [], phones: [], tags: [] }));
    if (p.firstName) person.firstName = p.firstName;
    if (p.lastName) person.lastName = p.lastName;
    for (const e of emails) if (!person.emails.includes(e)) person.emails.push(e);
    for (const n of phones) if (!person.phones.includes(n)) person.phones.push(n);
    for (const t of p.tags ?? []) if (!person.tags.includes(t)) person.tags.push(t);
    return { person, isNew };
  }

  function matchCompany(c: Record<string, any>, person: CrmPerson): { isNew: boolean } {
    const found = c.id ? companies.find((x) => x.id === c.id) : companies.find((x) => x.name.toLowerCase() === String(c.name).trim().toLowerCase());
    if (found) { person.companyId = found.id; return { isNew: false }; }
    const company = { id: 'company-' + (companies.length + 1), name: String(c.name).trim() };
    companies.push(company);
    person.companyId = company.id;
    return { isNew: true };
  }

  function validate(body: Record<string, any>): string[] {
    const errors: string[] = [];
    if (typeof body.type !== 'string' || !body.type) errors.push('type: required');
    if (typeof body.personId === 'string') {
      if (!people.some((p) => p.id === body.personId)) errors.push('personId: no such person');
    } else if (!isRecord(body.person)) errors.push('person or personId: required');
    else {
      const emails = body.person.emails ?? [];
      const phones = body.person.phones ?? [];
      if (!Array.isArray(emails) || !Array.isArray(phones)) errors.push('person.emails, person.phones: arrays');
      else if (!emails.length && !phones.length) errors.push('person: an email or a phone is required to match or create a person');
      else for (const e of [...emails, ...phones]) if (typeof e !== 'string' && !(isRecord(e) && typeof e.value === 'string')) errors.push('person: emails and phones are strings or { value }');
    }
    if (body.occurredAt !== undefined && Number.isNaN(Date.parse(body.occurredAt))) errors.push('occurredAt: ISO 8601');
    for (const k of ['property', 'propertySearch', 'campaign', 'metadata', 'company']) if (body[k] !== undefined && !isRecord(body[k])) errors.push(k + ': an object');
    for (const k of ['pageUrl', 'pageTitle', 'pageReferrer', 'message', 'description', 'source', 'system', 'userAgent'])
      if (body[k] !== undefined && typeof body[k] !== 'string') errors.push(k + ': a string');
    if (isRecord(body.company) && !body.company.id && !(typeof body.company.name === 'string' && body.company.name.trim())) errors.push('company.name: required if no id');
    if (isRecord(body.company) && body.company.id && !companies.some((c) => c.id === body.company.id)) errors.push('company.id: no such company');
    if (isRecord(body.metadata)) {
      if (Buffer.byteLength(JSON.stringify(body.metadata)) > MAX_METADATA_BYTES) errors.push('metadata: over 256 KB');
      if (Object.keys(body.metadata).length > MAX_METADATA_KEYS) errors.push('metadata: over 100 keys at its root');
      if (depthOf(body.metadata) > MAX_METADATA_DEPTH) errors.push('metadata: nested deeper than 10 levels');
    }
    return errors;
  }

  return Object.assign(mock, { events, people, companies, reject: (type: string) => void rejected.add(type),
    allow: (type: string) => void rejected.delete(type) });
}
