// relay-map.test.ts: each destination's mapper, field by field, for every SPEC §3 event type.
import { test, expect } from '@playwright/test';
import { batchBody, cutBatches, mapBatchEvent } from '../../server/relay/batch.map.js';
import { fitMetadata, mapCrmEvent } from '../../server/relay/crm.map.js';
import { loginBody, mapMarketingEvent } from '../../server/relay/marketing.map.js';
import { flatten, snakeCase } from '../../server/relay/shape.js';
import { mapSuccessEvent } from '../../server/relay/success.map.js';
import { CAMPAIGN, CONTEXT, PROPERTY, SEARCH, wire } from '../relay/story.js';

const EMAIL = 'jane@example.com';
const PAGE = 'https://realty.example/listings/123';
const byType = {
  page_view: wire('page_view', { pageTitle: '123 Main St | Realty', pageReferrer: 'https://www.google.com/' }, { minute: 0, messageId: 'm-pv' }),
  property_view: wire('property_view', { property: PROPERTY }, { minute: 1, messageId: 'm-prop' }),
  saved_property: wire('saved_property', { property: { ...PROPERTY, savedToList: 'Favorites' }, metadata: { savedFrom: 'search results' } }, { minute: 2, messageId: 'm-saved' }),
  search: wire('search', { propertySearch: SEARCH }, { minute: 3, messageId: 'm-search' }),
  form_submission: wire('form_submission', { metadata: { formName: 'Contact Us', formId: 'contact-1', fields: { budget: '300k-500k' } } }, { minute: 4, messageId: 'm-form' }),
  inquiry: wire('inquiry', { property: PROPERTY, message: 'Is the garage heated?' }, { minute: 5, messageId: 'm-inq' }),
  email_opened: wire('email_opened', { campaign: CAMPAIGN }, { minute: 6, messageId: 'm-open' }),
  email_clicked: wire('email_clicked', { campaign: CAMPAIGN, pageUrl: 'https://realty.example/listings/456' }, { minute: 7, messageId: 'm-click' }),
  appointment_scheduled: wire('appointment_scheduled', { property: PROPERTY, metadata: { date: '2026-11-29T15:00:00.000Z' } }, { minute: 8, messageId: 'm-appt' }),
  document_downloaded: wire('document_downloaded', { metadata: { url: 'https://realty.example/b/123.pdf', name: 'Brochure' } }, { minute: 9, messageId: 'm-doc' }),
  identify: wire('identify', {}, {
    minute: 10, messageId: 'm-id',
    traits: { firstName: 'Jane', lastName: 'Doe', phone: '+1-555-1234', company: 'Acme', tags: ['website-lead'], firstTouch: { source: 'google' } },
  }),
};
const at = (minute: number) => new Date(Date.parse('2026-11-22T12:00:00.000Z') + minute * 60_000).toISOString();

test.describe('004 batch events API: SPEC §4 itself', () => {
  test('every type passes through with exactly the five wire fields', () => {
    for (const e of Object.values(byType)) {
      const extra = { ...e, sentAt: 'x', receivedAt: 'y' } as typeof e;
      expect(mapBatchEvent(extra)).toEqual({ event: e.event, identify: e.identify, properties: e.properties, timestamp: e.timestamp, messageId: e.messageId });
      expect(Object.keys(mapBatchEvent(extra))).toEqual(['event', 'identify', 'properties', 'timestamp', 'messageId']);
    }
  });

  test('batches hold at most 200 events and 6,400,000 bytes, in order', () => {
    expect(cutBatches(Array.from({ length: 450 }, () => '{}')).map((b) => b.length)).toEqual([200, 200, 50]);
    const big = 'x'.repeat(31_000);
    const runs = cutBatches(Array.from({ length: 450 }, () => big));
    expect(runs.flat()).toEqual(Array.from({ length: 450 }, (_, i) => i));
    for (const run of runs) expect(Buffer.byteLength(batchBody(run.map(() => big), new Date().toISOString()))).toBeLessThanOrEqual(6_400_000);
    expect(runs.length).toBe(3);
  });
});

test.describe('000/001 real-estate CRM partner events', () => {
  const common = (e: (typeof byType)[keyof typeof byType], minute: number) => ({
    type: e.event, person: { emails: [{ value: EMAIL, isPrimary: true }] }, occurredAt: at(minute), source: 'website', system: 'homing',
  });

  test('page_view: page fields at the top, context and messageId in metadata', () => {
    expect(mapCrmEvent(byType.page_view)).toEqual({
      ...common(byType.page_view, 0), message: 'Viewed 123 Main St | Realty', pageUrl: PAGE, pageTitle: '123 Main St | Realty',
      pageReferrer: 'https://www.google.com/', campaign: CAMPAIGN, metadata: { context: CONTEXT, messageId: 'm-pv' },
    });
  });

  test('property_view, inquiry and appointment_scheduled carry the property as 000 shapes it', () => {
    expect(mapCrmEvent(byType.property_view)).toMatchObject({ ...common(byType.property_view, 1), property: PROPERTY, message: 'Viewed 123 Main St, Portland, OR 97201' });
    expect(mapCrmEvent(byType.inquiry)).toMatchObject({ type: 'inquiry', property: PROPERTY, message: 'Inquiry about 123 Main St, Portland, OR 97201', description: 'Is the garage heated?' });
    expect(mapCrmEvent(byType.appointment_scheduled)).toMatchObject({
      type: 'appointment_scheduled', property: PROPERTY, message: 'Booked a showing of 123 Main St, Portland, OR 97201',
      metadata: { date: '2026-11-29T15:00:00.000Z', messageId: 'm-appt' },
    });
  });

  test('saved_property keeps savedToList on the property and its metadata', () => {
    const m = mapCrmEvent(byType.saved_property);
    expect(m.property).toEqual({ ...PROPERTY, savedToList: 'Favorites' });
    expect(m.metadata).toMatchObject({ savedFrom: 'search results', messageId: 'm-saved' });
    expect(m.message).toBe('Saved 123 Main St, Portland, OR 97201 to Favorites');
  });

  test('search carries propertySearch', () => {
    expect(mapCrmEvent(byType.search)).toMatchObject({ type: 'search', propertySearch: SEARCH, message: 'Searched for homes in Portland, OR' });
  });

  test('form_submission and document_downloaded keep their metadata', () => {
    expect(mapCrmEvent(byType.form_submission)).toMatchObject({
      message: 'Contact Us submitted', metadata: { formName: 'Contact Us', formId: 'contact-1', fields: { budget: '300k-500k' } },
    });
    expect(mapCrmEvent(byType.document_downloaded)).toMatchObject({ message: 'Downloaded Brochure', metadata: { url: 'https://realty.example/b/123.pdf', name: 'Brochure' } });
  });

  test('email_opened and email_clicked carry the campaign', () => {
    expect(mapCrmEvent(byType.email_opened)).toMatchObject({ type: 'email_opened', campaign: CAMPAIGN, message: 'Opened Spring 2026 Listings' });
    expect(mapCrmEvent(byType.email_clicked)).toMatchObject({ type: 'email_clicked', campaign: CAMPAIGN, pageUrl: 'https://realty.example/listings/456' });
  });

  test('identify fills the person (names, phones, tags) and the company; other traits go to metadata', () => {
    const m = mapCrmEvent(byType.identify);
    expect(m.person).toEqual({
      firstName: 'Jane', lastName: 'Doe', emails: [{ value: EMAIL, isPrimary: true }],
      phones: [{ value: '+1-555-1234', isPrimary: true }], tags: ['website-lead'],
    });
    expect(m.company).toEqual({ name: 'Acme' });
    expect(m.metadata.traits).toEqual({ firstTouch: { source: 'google' } });
    expect(m.message).toBe('Identified on the website');
  });

  test('a custom event keeps its name as the type and its own fields in metadata', () => {
    const m = mapCrmEvent(wire('mortgage_calculated', { rate: 5.1, term: 30 }, { messageId: 'm-x' }));
    expect(m).toMatchObject({ type: 'mortgage_calculated', message: 'mortgage_calculated', metadata: { rate: 5.1, term: 30, messageId: 'm-x' } });
  });

  test('page_engagement: time on page as pageDuration, naming the page view and listing view it belongs to', () => {
    const e = wire('page_engagement', { pageDuration: 372, pageViewId: 'm-pv', propertyViewId: 'm-prop', pageTitle: '123 Main St | Realty', property: PROPERTY }, { minute: 12, messageId: 'm-eng' });
    expect(mapCrmEvent(e)).toMatchObject({
      type: 'page_engagement', pageDuration: 372, pageTitle: '123 Main St | Realty', property: PROPERTY,
      message: 'Spent 6 min on 123 Main St, Portland, OR 97201', metadata: { pageViewId: 'm-pv', propertyViewId: 'm-prop', messageId: 'm-eng' },
    });
    expect(mapCrmEvent(wire('page_engagement', { pageDuration: 6, pageTitle: 'About us' }, { minute: 12 })).message).toBe('Spent 6 s on About us');
  });

  test('metadata keeps to 100 keys at its root', () => {
    const m = fitMetadata(Object.fromEntries([...Array.from({ length: 110 }, (_, i) => ['k' + i, i]), ['messageId', 'm']]));
    expect(Object.keys(m).length).toBe(100);
    expect(m.messageId).toBe('m');
    expect(Object.keys(m.more as object).length).toBe(12);
  });
});

test.describe('002 marketing platform', () => {
  const generic = (e: (typeof byType)[keyof typeof byType]) => (mapMarketingEvent(e, true).event.generic as any).generic;

  test('identify logs a new user in with their attributes, and updates a known one', () => {
    const attributes = { firstname: 'Jane', lastname: 'Doe', phone: '+1-555-1234', company: 'Acme', tags: ['website-lead'], first_touch_source: 'google' };
    expect(mapMarketingEvent(byType.identify, false)).toEqual({ user: { email: EMAIL }, event: { login: attributes } });
    expect(mapMarketingEvent(byType.identify, true)).toEqual({ user: { email: EMAIL }, event: { update: attributes } });
    expect(loginBody(EMAIL)).toEqual({ user: { email: EMAIL }, event: { login: {} } });
  });

  test('email_opened is an email_open event', () => {
    expect(mapMarketingEvent(byType.email_opened, true)).toEqual({
      user: { email: EMAIL },
      event: { email_open: {
        event_name: 'email_opened', message_id: 'm-open', occurred_at: at(6), page_url: PAGE, campaign_name: 'Spring 2026 Listings',
        campaign_id: 'cmp-7', campaign_source: 'newsletter', campaign_medium: 'email', device_type: 'mobile',
      } },
    });
  });

  test('an event with an orderId is a confirmation carrying it', () => {
    const e = wire('offer_submitted', { orderId: 'offer-991', amount: 495000 }, { messageId: 'order:offer_submitted:offer-991' });
    const c = mapMarketingEvent(e, true).event.confirmation as any;
    expect(c).toMatchObject({ orderId: 'offer-991', event_name: 'offer_submitted', message_id: 'order:offer_submitted:offer-991', amount: 495000 });
    expect(c.order_id).toBeUndefined();
  });

  test('the other types are generic events with flat snake_case fields', () => {
    expect(generic(byType.page_view)).toMatchObject({ event_name: 'page_view', message_id: 'm-pv', page_url: PAGE, page_title: '123 Main St | Realty', page_referrer: 'https://www.google.com/' });
    expect(generic(byType.property_view)).toMatchObject({
      event_name: 'property_view', property_id: 'prop-123', property_address: PROPERTY.address, property_price: 500000, property_currency: 'USD',
      property_beds: 3, property_baths: 2, property_sqft: 1800, property_type: 'house', property_listing_url: PROPERTY.listingUrl,
    });
    expect(generic(byType.saved_property)).toMatchObject({ property_saved_to_list: 'Favorites', saved_from: 'search results' });
    expect(generic(byType.search)).toMatchObject({
      event_name: 'search', property_search_min_price: 300000, property_search_max_price: 500000, property_search_location: 'Portland, OR',
      property_search_beds: 3, property_search_property_type: 'house', property_search_keywords: 'garage', property_search_result_count: 12,
    });
    expect(generic(byType.form_submission)).toMatchObject({ form_name: 'Contact Us', form_id: 'contact-1', fields_budget: '300k-500k' });
    expect(generic(byType.inquiry)).toMatchObject({ event_name: 'inquiry', property_id: 'prop-123', message: 'Is the garage heated?' });
    expect(generic(byType.email_clicked)).toMatchObject({ event_name: 'email_clicked', campaign_name: 'Spring 2026 Listings', page_url: 'https://realty.example/listings/456' });
    expect(generic(byType.appointment_scheduled)).toMatchObject({ event_name: 'appointment_scheduled', property_id: 'prop-123', date: '2026-11-29T15:00:00.000Z' });
    expect(generic(byType.document_downloaded)).toMatchObject({ event_name: 'document_downloaded', url: 'https://realty.example/b/123.pdf', name: 'Brochure' });
  });

  test('context stays out, but for the device type', () => {
    const g = generic(byType.page_view);
    expect(Object.keys(g).filter((k) => k.startsWith('context'))).toEqual([]);
    expect(g.device_type).toBe('mobile');
  });
});

test.describe('003 customer-success tracking', () => {
  test('page_view is a pageview with params.visit_url', () => {
    expect(mapSuccessEvent(byType.page_view)).toEqual({
      contact_uid: EMAIL, event_uid: 'pageview',
      params: {
        display_name: '123 Main St | Realty', message_id: 'm-pv', occurred_at: at(0), visit_url: PAGE, page_referrer: 'https://www.google.com/',
        campaign_name: 'Spring 2026 Listings', campaign_id: 'cmp-7', campaign_source: 'newsletter', campaign_medium: 'email', device_type: 'mobile',
      },
    });
  });

  test('every other type keeps its snake_case name as event_uid, with a display name and flat params', () => {
    const expected: Record<string, [string, Record<string, unknown>]> = {
      property_view: ['Property view', { property_id: 'prop-123', property_price: 500000, property_type: 'house' }],
      saved_property: ['Saved property', { property_saved_to_list: 'Favorites', saved_from: 'search results' }],
      search: ['Search', { property_search_location: 'Portland, OR', property_search_min_price: 300000 }],
      form_submission: ['Form submission', { form_name: 'Contact Us', form_id: 'contact-1' }],
      inquiry: ['Inquiry', { property_id: 'prop-123', message: 'Is the garage heated?' }],
      email_opened: ['Email opened', { campaign_name: 'Spring 2026 Listings', campaign_id: 'cmp-7' }],
      email_clicked: ['Email clicked', { page_url: 'https://realty.example/listings/456' }],
      appointment_scheduled: ['Appointment scheduled', { date: '2026-11-29T15:00:00.000Z' }],
      document_downloaded: ['Document downloaded', { url: 'https://realty.example/b/123.pdf', name: 'Brochure' }],
      identify: ['Identify', { first_name: 'Jane', last_name: 'Doe', phone: '+1-555-1234', company: 'Acme', first_touch_source: 'google' }],
    };
    for (const [type, [display, params]] of Object.entries(expected)) {
      const e = byType[type as keyof typeof byType];
      const m = mapSuccessEvent(e);
      expect(m.contact_uid).toBe(EMAIL);
      expect(m.event_uid).toBe(type);
      expect(m.params).toMatchObject({ display_name: display, message_id: e.messageId, occurred_at: e.timestamp, ...params });
      expect(m.params.visit_url).toBeUndefined();
    }
  });

  test('custom names become snake_case', () => {
    expect(snakeCase('Listing.Viewed:Gallery')).toBe('listing_viewed_gallery');
    expect(snakeCase('savedSearchCreated')).toBe('saved_search_created');
    expect(snakeCase('HTMLForm sent')).toBe('html_form_sent');
    expect(mapSuccessEvent(wire('tour.Booked', {})).event_uid).toBe('tour_booked');
  });
});

test('flatten joins keys in snake_case without repeating a prefix', () => {
  expect(flatten({ property: { propertyType: 'house', listingUrl: 'u' }, metadata: { formName: 'f' }, list: [1, 2] }, '', ['metadata']))
    .toEqual({ property_type: 'house', property_listing_url: 'u', form_name: 'f', list: [1, 2] });
});
