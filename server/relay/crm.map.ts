// crm.map.ts: a SPEC §4 event → the real-estate CRM's partner event (reference 000/001); pure.
import type { WireEvent } from '../store/store.js';
import { isObject, isoOf, listingName, omit, stringOf, type Json } from './shape.js';

/** The fields of `properties` that have a place of their own in the partner event. */
const PLACED = ['pageUrl', 'pageTitle', 'pageReferrer', 'pageDuration', 'property', 'propertySearch', 'campaign', 'metadata', 'message', 'context'];
/** Traits that become the person or the company; the rest go to metadata.traits. */
const PERSON_TRAITS = ['firstName', 'lastName', 'phone', 'phones', 'tags', 'company'];
/** 000: metadata holds at most 100 keys at its root. */
export const MAX_METADATA_ROOT_KEYS = 100;

export interface CrmPerson {
  firstName?: string;
  lastName?: string;
  emails: { value: string; isPrimary: boolean }[];
  phones?: { value: string; isPrimary: boolean }[];
  tags?: string[];
}

export interface CrmEvent {
  type: string;
  person: CrmPerson;
  company?: Json;
  occurredAt: string;
  message: string;
  description?: string;
  source: 'website';
  system: 'homing';
  pageUrl?: string;
  pageTitle?: string;
  pageReferrer?: string;
  pageDuration?: number;
  userAgent?: string;
  property?: Json;
  propertySearch?: Json;
  campaign?: Json;
  metadata: Json;
}

export function mapCrmEvent(e: WireEvent): CrmEvent {
  const p = e.properties ?? {};
  const traits = e.identify.traits ?? {};
  const out: CrmEvent = {
    type: e.event, person: personOf(e.identify.email, traits), occurredAt: isoOf(e.timestamp),
    message: summarize(e.event, p), source: 'website', system: 'homing', metadata: {},
  };
  const company = companyOf(traits.company);
  if (company) out.company = company;
  for (const k of ['pageUrl', 'pageTitle', 'pageReferrer'] as const) if (typeof p[k] === 'string') out[k] = p[k] as string;
  if (typeof p.pageDuration === 'number') out.pageDuration = p.pageDuration;
  for (const k of ['property', 'propertySearch', 'campaign'] as const) if (isObject(p[k])) out[k] = p[k] as Json;
  if (typeof p.message === 'string') out.description = p.message;
  const context = isObject(p.context) ? p.context : undefined;
  if (typeof context?.userAgent === 'string') out.userAgent = context.userAgent;
  out.metadata = metadataOf(e, p, traits, context);
  return out;
}

function personOf(email: string, traits: Json): CrmPerson {
  const person: CrmPerson = { emails: [{ value: email, isPrimary: true }] };
  if (typeof traits.firstName === 'string') person.firstName = traits.firstName;
  if (typeof traits.lastName === 'string') person.lastName = traits.lastName;
  const phones = [traits.phone, ...(Array.isArray(traits.phones) ? traits.phones : [])].map(stringOf).filter((v): v is string => !!v);
  if (phones.length) person.phones = [...new Set(phones)].map((value, i) => ({ value, isPrimary: i === 0 }));
  if (Array.isArray(traits.tags)) person.tags = traits.tags.map(stringOf).filter((v): v is string => !!v);
  return person;
}

/** 000: a company is found by id, else by name (case-insensitive), else created; a name alone is enough. */
function companyOf(company: unknown): Json | undefined {
  if (typeof company === 'string' && company.trim()) return { name: company.trim() };
  if (isObject(company) && (stringOf(company.name) || stringOf(company.id))) return company;
  return undefined;
}

function metadataOf(e: WireEvent, p: Json, traits: Json, context: Json | undefined): Json {
  const own = isObject(p.metadata) ? p.metadata : p.metadata !== undefined ? { value: p.metadata } : {};
  const rest = omit(traits, PERSON_TRAITS);
  const m: Json = { ...omit(p, PLACED), ...own };
  if (Object.keys(rest).length) m.traits = rest;
  if (context) m.context = context;
  // No idempotency field in 000: the messageId travels here so a repeat can be recognised downstream.
  m.messageId = e.messageId;
  return fitMetadata(m);
}

/** Keeps the root within 000's 100 keys: what does not fit moves under `more` (messageId always stays). */
export function fitMetadata(m: Json): Json {
  const keys = Object.keys(m);
  if (keys.length <= MAX_METADATA_ROOT_KEYS) return m;
  const kept = ['messageId', ...keys.filter((k) => k !== 'messageId')].slice(0, MAX_METADATA_ROOT_KEYS - 1);
  const out: Json = {};
  for (const k of kept) out[k] = m[k];
  out.more = omit(m, kept);
  return out;
}

/** 000's `message`: a short sentence a person reads in the timeline. */
export function summarize(name: string, p: Json): string {
  const listing = listingName(p.property);
  const meta = isObject(p.metadata) ? p.metadata : {};
  const campaign = isObject(p.campaign) ? stringOf(p.campaign.name) : undefined;
  const search = isObject(p.propertySearch) ? stringOf(p.propertySearch.location) : undefined;
  const saved = isObject(p.property) ? stringOf(p.property.savedToList) : undefined;
  const line: Record<string, string> = {
    page_view: 'Viewed ' + (stringOf(p.pageTitle) ?? stringOf(p.pageUrl) ?? 'a page'),
    property_view: 'Viewed ' + (listing ?? 'a listing'),
    saved_property: 'Saved ' + (listing ?? 'a listing') + (saved ? ' to ' + saved : ''),
    search: 'Searched for homes' + (search ? ' in ' + search : ''),
    form_submission: (stringOf(meta.formName) ?? stringOf(meta.formId) ?? 'A form') + ' submitted',
    inquiry: 'Inquiry' + (listing ? ' about ' + listing : ''),
    email_opened: 'Opened ' + (campaign ?? 'a campaign email'),
    email_clicked: 'Clicked a link in ' + (campaign ?? 'a campaign email'),
    appointment_scheduled: 'Booked a showing' + (listing ? ' of ' + listing : ''),
    document_downloaded: 'Downloaded ' + (stringOf(meta.name) ?? stringOf(meta.url) ?? 'a document'),
    identify: 'Identified on the website',
    website_activity: stringOf(p.message) ?? 'Browsed the website',
    page_engagement: 'Spent ' + durationOf(p.pageDuration) + ' on ' + (listing ?? stringOf(p.pageTitle) ?? stringOf(p.pageUrl) ?? 'a page'),
  };
  return (Object.hasOwn(line, name) ? line[name] : name).slice(0, 1000);
}

/** Time on page as a person reads it: "45 s", "12 min". */
const durationOf = (s: unknown) => (typeof s != 'number' ? 'time' : s < 60 ? Math.round(s) + ' s' : Math.round(s / 60) + ' min');
