// relay-budget.test.ts: the pure parts of speed to lead: the window budget (reserve, spread, no burst, learning from
// 429s) and the condensed event's sentence and messageIds.
import { test, expect } from '@playwright/test';
import { activitySentence, condensedEvent, recentActivity, summarizeActivity } from '../../server/relay/activity.js';
import { createBudget } from '../../server/relay/budget.js';
import { wire } from '../relay/story.js';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const headers = (limit: number, remaining: number, resetSeconds: number) =>
  ({ 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetSeconds) });

test.describe('budget', () => {
  test('told 20 a window, browsing stops at the reserve and only lead events spend the last 4', () => {
    const b = createBudget({ reserve: 0.2 });
    expect(b.take(NOW, false)).toBe(0); // the probe
    b.observe(headers(20, 19, 10), NOW, 200);
    let browsing = 0;
    while (b.take(NOW, false) === 0) browsing++;
    expect(browsing).toBe(15); // 19 left, 4 reserved
    let leads = 0;
    while (b.take(NOW, true) === 0) leads++;
    expect(leads).toBe(4);
    expect(b.take(NOW, true)).toBe(10_000); // nothing starts until the window resets
    expect(b.view(NOW)).toMatchObject({ source: 'headers', limit: 20, windowMs: 10_000, remaining: 0, reserved: 4 });
  });

  test('spread: browsing requests are spaced over what is left of the window; a lead event is not', () => {
    const b = createBudget({ reserve: 0.2, spread: true });
    expect(b.take(NOW, false)).toBe(0);
    b.observe(headers(20, 19, 10), NOW, 200);
    expect(b.take(NOW, false)).toBe(667); // 10 s over the 15 browsing requests left
    expect(b.take(NOW, true)).toBe(0);
    expect(b.take(NOW + 667, false)).toBe(0);
  });

  test('requests still in flight count against what an answer says remains', () => {
    const b = createBudget();
    b.take(NOW, false);
    b.observe(headers(5, 4, 10), NOW, 200);
    for (let i = 0; i < 3; i++) expect(b.take(NOW, false)).toBe(0);
    b.observe(headers(5, 3, 10), NOW, 200); // two of the three still out
    expect(b.free(NOW)).toBe(1);
  });

  test('without headers, a 429 teaches the budget from what was spent in the last minute', () => {
    const b = createBudget({ reserve: 0.2 });
    for (let i = 0; i < 30; i++) { expect(b.take(NOW + i, false)).toBe(0); b.observe({}, NOW + i, 200); }
    b.take(NOW + 40, false);
    b.observe({}, NOW + 40, 429);
    expect(b.view(NOW + 41)).toMatchObject({ source: 'learned', limit: 27, windowMs: 60_000 });
    expect(b.take(NOW + 41, false)).toBeGreaterThan(0);
  });
});

test.describe('condensing', () => {
  const listing = (n: number, street: string) => ({ property: { id: 'p' + n, address: n + ' ' + street } });
  const events = [
    wire('property_view', listing(12, 'Harbour Lane'), { email: 'a@example.com', minute: 1 }),
    wire('property_view', listing(48, 'Alder Street'), { email: 'a@example.com', minute: 2 }),
    wire('property_view', listing(12, 'Harbour Lane'), { email: 'a@example.com', minute: 3 }),
    wire('search', { propertySearch: { location: 'Seabrook', beds: 3, minPrice: 400000, maxPrice: 600000 } }, { email: 'a@example.com', minute: 4 }),
    wire('property_view', listing(12, 'Harbour Lane'), { email: 'a@example.com', minute: 5 }),
    wire('page_view', { pageTitle: 'Home' }, { email: 'a@example.com', minute: 6 }),
  ];

  test('the sentence an agent reads: listings with counts, searches, pages', () => {
    expect(activitySentence(summarizeActivity(events))).toBe('Viewed 12 Harbour Lane 3×, 48 Alder Street; searched Seabrook, 3+ beds, $400k–$600k; 1 page viewed');
  });

  test('a condensed event names every messageId it stands for, with the counts and the time span', () => {
    const e = condensedEvent(events, 'activity:crm:1-6');
    expect(e).toMatchObject({ event: 'website_activity', messageId: 'activity:crm:1-6', identify: { email: 'a@example.com' }, timestamp: events[5].timestamp });
    const m = (e.properties as any).metadata;
    expect(m.messageIds).toEqual(events.map((x) => x.messageId));
    expect(m.listings.map((l: any) => [l.name, l.views])).toEqual([['12 Harbour Lane', 3], ['48 Alder Street', 1]]);
    expect([m.from, m.to]).toEqual([events[0].timestamp, events[5].timestamp]);
    expect(recentActivity(events)).toMatchObject({ pending: 6, listings: [{ name: '12 Harbour Lane', views: 3 }, { name: '48 Alder Street', views: 1 }] });
  });
});
