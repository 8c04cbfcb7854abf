// story.ts: a visitor's events as the collector stores them: every SPEC §3 type, with realistic fields.
import type { WireEvent } from '../../server/store/store.js';

export const CONTEXT = {
  library: { name: 'homing', version: '0.1.0' },
  device: { type: 'mobile', vendor: 'Apple', model: 'iPhone' },
  browser: { name: 'Mobile Safari', version: '17.4' },
  os: { name: 'iOS', version: '17.4' },
  locale: 'en-US',
  timezone: 'America/Los_Angeles',
  screen: { width: 390, height: 844 },
  identitySource: 'call',
};

export const PROPERTY = {
  id: 'prop-123', address: '123 Main St, Portland, OR 97201', price: 500000, currency: 'USD', beds: 3, baths: 2,
  sqft: 1800, propertyType: 'house', listingUrl: 'https://realty.example/listings/123',
};
export const SEARCH = { minPrice: 300000, maxPrice: 500000, beds: 3, baths: 2, location: 'Portland, OR', propertyType: 'house', keywords: 'garage', resultCount: 12 };
export const CAMPAIGN = { name: 'Spring 2026 Listings', id: 'cmp-7', source: 'newsletter', medium: 'email' };

let seq = 0;
const T0 = Date.parse('2026-11-22T12:00:00.000Z');

export function wire(event: string, properties: Record<string, unknown>, o: { email?: string; traits?: Record<string, unknown>; minute?: number; messageId?: string } = {}): WireEvent {
  const identify: WireEvent['identify'] = { email: o.email ?? 'jane@example.com' };
  if (o.traits) identify.traits = o.traits;
  return {
    event, identify,
    properties: { pageUrl: 'https://realty.example/listings/123', campaign: CAMPAIGN, context: CONTEXT, ...properties },
    timestamp: new Date(T0 + (o.minute ?? seq) * 60_000).toISOString(),
    messageId: o.messageId ?? 'msg-' + event + '-' + ++seq + '-' + Math.random().toString(36).slice(2, 8),
  };
}

/** One of each SPEC §3 type for `email`, in the order a visit produces them; opens 30 minutes apart. */
export function visitorStory(email = 'jane@example.com', start = 0): WireEvent[] {
  const m = (n: number) => ({ email, minute: start + n });
  return [
    wire('page_view', { pageTitle: '123 Main St | Realty', pageReferrer: 'https://www.google.com/' }, m(0)),
    wire('search', { propertySearch: SEARCH }, m(1)),
    wire('property_view', { property: PROPERTY }, m(2)),
    wire('saved_property', { property: { ...PROPERTY, savedToList: 'Favorites' }, metadata: { savedFrom: 'property detail page' } }, m(3)),
    wire('document_downloaded', { metadata: { url: 'https://realty.example/brochures/123.pdf', name: 'Brochure 123 Main St' } }, m(4)),
    wire('identify', {}, { ...m(5), traits: { firstName: 'Jane', lastName: 'Doe', phone: '+1-555-1234', company: 'Acme Realty Buyers', tags: ['website-lead'], firstTouch: { source: 'google', landingPage: '/listings/123' } } }),
    wire('form_submission', { metadata: { formName: 'Contact Us', formId: 'contact-1', fields: { budget: '300k-500k' } } }, m(6)),
    wire('inquiry', { property: PROPERTY, message: 'Is the garage heated?' }, m(7)),
    wire('appointment_scheduled', { property: PROPERTY, metadata: { date: '2026-11-29T15:00:00.000Z' } }, m(8)),
    wire('email_opened', { campaign: CAMPAIGN }, m(9)),
    wire('email_clicked', { campaign: CAMPAIGN, pageUrl: 'https://realty.example/listings/456' }, m(10)),
    wire('email_opened', { campaign: CAMPAIGN }, m(40)),
    // The tracker derives a confirmation's messageId from its orderId (SPEC §5).
    wire('offer_submitted', { property: PROPERTY, orderId: 'offer-' + (991 + start), amount: 495000 }, { ...m(41), messageId: 'order:offer_submitted:offer-' + (991 + start) }),
  ];
}
