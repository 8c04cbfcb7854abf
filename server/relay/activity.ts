// activity.ts: a person's browsing in few words: the condensed `website_activity` event and a lead's recentActivity; pure.
import type { WireEvent } from '../store/store.js';
import { isObject, isoOf, listingName, stringOf, type Json } from './shape.js';

export const WEBSITE_ACTIVITY = 'website_activity';
const MAX_LISTINGS_IN_SENTENCE = 5;
const MAX_RECENT_LISTINGS = 10;
const MAX_RECENT_SEARCHES = 3;

interface Listing { name: string; id?: string; url?: string; views: number }

export interface ActivitySummary {
  listings: Listing[];
  searches: Json[];
  pageViews: number;
  /** Other event names, with their counts. */
  other: Record<string, number>;
  from?: string;
  to?: string;
}

/** Counts per listing (most viewed first), searches (newest last), page views and the time span of `events`. */
export function summarizeActivity(events: readonly WireEvent[]): ActivitySummary {
  const listings = new Map<string, Listing>();
  const s: ActivitySummary = { listings: [], searches: [], pageViews: 0, other: {} };
  const times: number[] = [];
  for (const e of events) {
    const ms = Date.parse(isoOf(e.timestamp));
    if (Number.isFinite(ms)) times.push(ms);
    const p = e.properties ?? {};
    const name = listingName(p.property);
    if (name) {
      const prop = p.property as Json;
      const l = listings.get(name) ?? { name, ...(stringOf(prop.id) ? { id: stringOf(prop.id) } : {}), ...(stringOf(prop.listingUrl) ? { url: stringOf(prop.listingUrl) } : {}), views: 0 };
      l.views++;
      listings.set(name, l);
    } else if (isObject(p.propertySearch)) s.searches.push(p.propertySearch);
    else if (e.event === 'page_view') s.pageViews++;
    else s.other[e.event] = (s.other[e.event] ?? 0) + 1;
  }
  s.listings = [...listings.values()].sort((a, b) => b.views - a.views);
  if (times.length) { s.from = new Date(Math.min(...times)).toISOString(); s.to = new Date(Math.max(...times)).toISOString(); }
  return s;
}

/** "Viewed 12 Harbour Lane 3×, 48 Alder Street; searched Seabrook, 3+ beds, $400k–$600k; 4 pages". */
export function activitySentence(s: ActivitySummary): string {
  const parts: string[] = [];
  if (s.listings.length) {
    const shown = s.listings.slice(0, MAX_LISTINGS_IN_SENTENCE).map((l) => l.name + (l.views > 1 ? ' ' + l.views + '×' : ''));
    const more = s.listings.length - shown.length;
    parts.push('Viewed ' + shown.join(', ') + (more > 0 ? ' and ' + more + ' more listing' + (more > 1 ? 's' : '') : ''));
  }
  for (const q of s.searches.slice(-MAX_RECENT_SEARCHES)) parts.push('searched ' + searchWords(q));
  if (s.pageViews) parts.push(s.pageViews + ' page' + (s.pageViews > 1 ? 's' : '') + ' viewed');
  for (const [name, n] of Object.entries(s.other)) parts.push(name.replace(/_/g, ' ') + (n > 1 ? ' ×' + n : ''));
  const text = parts.join('; ') || 'Browsed the website';
  return (text[0].toUpperCase() + text.slice(1)).slice(0, 1000);
}

function searchWords(q: Json): string {
  const words: string[] = [];
  if (stringOf(q.location)) words.push(stringOf(q.location)!);
  if (typeof q.beds === 'number') words.push(q.beds + '+ beds');
  const price = (v: unknown) => (typeof v === 'number' ? '$' + (v >= 1000 ? Math.round(v / 1000) + 'k' : v) : undefined);
  const lo = price(q.minPrice), hi = price(q.maxPrice);
  if (lo || hi) words.push(lo && hi ? lo + '–' + hi : lo ? 'from ' + lo : 'up to ' + hi);
  if (stringOf(q.keywords)) words.push('"' + stringOf(q.keywords) + '"');
  return words.join(', ') || 'for homes';
}

/** One event standing for `events` (one person's, oldest first): the sentence, counts, span and every messageId. */
export function condensedEvent(events: readonly WireEvent[], messageId: string): WireEvent {
  const first = events[0];
  const s = summarizeActivity(events);
  const sentence = activitySentence(s);
  const metadata: Json = {
    summary: sentence, events: events.length, listings: s.listings, searches: s.searches, pageViews: s.pageViews,
    ...(Object.keys(s.other).length ? { other: s.other } : {}), from: s.from, to: s.to,
    messageIds: events.map((e) => e.messageId),
  };
  return {
    event: WEBSITE_ACTIVITY, identify: first.identify, properties: { message: sentence, metadata },
    timestamp: events[events.length - 1].timestamp, messageId,
  };
}

/** A lead event's `metadata.recentActivity`: what the agent answering it should know the lead looked at. */
export function recentActivity(events: readonly WireEvent[]): Json | undefined {
  if (!events.length) return undefined;
  const s = summarizeActivity(events);
  return {
    summary: activitySentence(s), listings: s.listings.slice(0, MAX_RECENT_LISTINGS).map(({ name, id, views }) => ({ name, ...(id ? { id } : {}), views })),
    searches: s.searches.slice(-MAX_RECENT_SEARCHES), pageViews: s.pageViews, from: s.from, to: s.to, pending: events.length,
  };
}
