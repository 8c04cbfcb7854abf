// marketing.map.ts: a SPEC §4 event → the marketing platform's `{ user, event }` (reference 002); pure.
import type { WireEvent } from '../store/store.js';
import { flatten, isObject, isoOf, omit, type Json } from './shape.js';

// 002 names its standard events (Login, Update, Confirmation, Email Open) and shows `update` and
// `generic` on the wire; the other keys are spelled the same way.
export const LOGIN = 'login';
export const UPDATE = 'update';
export const CONFIRMATION = 'confirmation';
export const EMAIL_OPEN = 'email_open';
export const GENERIC = 'generic';

export interface MarketingBody {
  user: { email: string };
  event: Json;
}

/** 002's example writes `firstname`; the other traits are flattened to snake_case attributes. */
const ATTRIBUTE_NAMES: Record<string, string> = { firstName: 'firstname', lastName: 'lastname' };

/**
 * `identify` → `login` for a user the platform may not have yet (it creates them), else `update`;
 * an event with an `orderId` → `confirmation` (002 discards a repeated orderId);
 * `email_opened` → `email_open`; anything else → `generic` with its `event_name`.
 */
export function mapMarketingEvent(e: WireEvent, isKnownUser: boolean): MarketingBody {
  const user = { email: e.identify.email };
  if (e.event === 'identify') return { user, event: { [isKnownUser ? UPDATE : LOGIN]: attributesOf(e.identify.traits ?? {}) } };
  const p = e.properties ?? {};
  const data: Json = { event_name: e.event, message_id: e.messageId, occurred_at: isoOf(e.timestamp), ...fieldsOf(p) };
  if (isOrderId(p.orderId)) return { user, event: { [CONFIRMATION]: { orderId: p.orderId, ...omit(data, ['order_id']) } } };
  if (e.event === 'email_opened') return { user, event: { [EMAIL_OPEN]: data } };
  return { user, event: { [GENERIC]: { [GENERIC]: data } } };
}

/** 002: the user must exist before its events; `login` identifies (and so creates) them. */
export function loginBody(email: string): MarketingBody {
  return { user: { email }, event: { [LOGIN]: {} } };
}

export function isOrderId(v: unknown): v is string | number {
  return (typeof v === 'string' && v !== '') || typeof v === 'number';
}

export function attributesOf(traits: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(traits)) {
    if (v === undefined) continue;
    if (ATTRIBUTE_NAMES[k]) out[ATTRIBUTE_NAMES[k]] = v;
    else Object.assign(out, flatten({ [k]: v }));
  }
  return out;
}

/** Flat snake_case fields; `metadata` lends its children unprefixed; of `context`, only the device type. */
function fieldsOf(p: Json): Json {
  const out = flatten(omit(p, ['context']), '', ['metadata']);
  const device = isObject(p.context) && isObject(p.context.device) ? p.context.device.type : undefined;
  if (typeof device === 'string') out.device_type = device;
  return out;
}
