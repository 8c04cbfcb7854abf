// success.map.ts: a SPEC §4 event → the customer-success platform's tracking event (reference 003); pure.
import type { WireEvent } from '../store/store.js';
import { flatten, humanName, isObject, isoOf, omit, snakeCase, stringOf, type Json } from './shape.js';

export interface SuccessEvent {
  /** 003: "a unique id in your application like database id or email address": the email. */
  contact_uid: string;
  /** 003: the event name in snake case; a page view is `pageview`. */
  event_uid: string;
  params: Json;
}

export const PAGEVIEW = 'pageview';

export function mapSuccessEvent(e: WireEvent): SuccessEvent {
  const p = e.properties ?? {};
  const isPageView = e.event === 'page_view';
  const fields = isPageView ? omit(p, ['pageUrl', 'pageTitle', 'context']) : omit(p, ['context']);
  const params: Json = {
    display_name: isPageView ? stringOf(p.pageTitle) ?? 'Page view' : humanName(e.event),
    message_id: e.messageId,
    occurred_at: isoOf(e.timestamp),
    ...flatten(fields, '', ['metadata']),
  };
  if (isPageView) params.visit_url = stringOf(p.pageUrl) ?? '';
  if (e.event === 'identify') Object.assign(params, flatten(e.identify.traits ?? {}));
  const device = isObject(p.context) && isObject(p.context.device) ? p.context.device.type : undefined;
  if (typeof device === 'string') params.device_type = device;
  return { contact_uid: e.identify.email, event_uid: isPageView ? PAGEVIEW : snakeCase(e.event) || 'event', params };
}
