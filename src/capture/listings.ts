// capture/listings.ts: listings from schema.org JSON-LD, microdata and data-homing-property-* → SPEC's property.
import { readSearch } from './search.js';
import { onLeave } from './leave.js';
import { whenIdle } from '../idle.js';
import { ATTRIBUTES, isStale, LD, markStale, matters, parseOnce } from './markup.js';
import { absolute, clip, first, toNumber, type Track } from './values.js';

type Node = Record<string, any>;
export type Property = Record<string, unknown>;
export interface PageListings { list: Property[]; total?: number }

const DWELLING = /^(singlefamilyresidence|house|apartment|residence|accommodation)$/i;
// SPEC §6.1: where a listing's dwelling hangs; the walk also follows offers, @graph and a list's items.
const INNER = ['mainEntity', 'about', 'itemOffered'];
const WALK = INNER.concat('@graph', 'offers', 'itemListElement', 'item');

const typesOf = (n: Node): string[] => [].concat(n['@type'] || []).map((t) => String(t).replace(/^https?:\/\/schema\.org\//i, ''));
// A Product is a listing only with an Offer (SPEC §6).
const isListing = (n: Node) => typesOf(n).some((t) => DWELLING.test(t) || /^realestatelisting$/i.test(t) || (/^product$/i.test(t) && n.offers));

export { parseBlock } from './markup.js';

/** The listings JSON-LD (or microdata) nodes describe, a dwelling merged into its listing; and a list's claimed total. */
export function readNodes(blocks: unknown[], page: string, canonical?: string): PageListings {
  const nodes: Node[] = [];
  const walk = (x: any, depth: number) => {
    if (depth > 5 || !x || typeof x != 'object') return;
    if (Array.isArray(x)) return x.forEach((y) => walk(y, depth));
    nodes.push(x);
    WALK.forEach((k) => walk(x[k], depth + 1));
  };
  blocks.forEach((b) => walk(b, 0));
  const byId: Node = {};
  nodes.forEach((n) => { if (n['@id'] && Object.keys(n).length > 1) byId[n['@id']] = n; });
  const full = (n: any): Node | undefined => (n && byId[n['@id']]) || n;
  const found = new Set(nodes.map(full).filter((n) => isListing(n!)) as Node[]);
  const inner = new Set<Node | undefined>();
  found.forEach((n) => INNER.forEach((k) => { const c = full(first(n[k])); if (c != n) inner.add(c); }));
  const list = [...found].filter((n) => !inner.has(n)).map((n) => toProperty(n, full, page, canonical));
  const itemList = nodes.find((n) => typesOf(n).some((t) => /^itemlist$/i.test(t)));
  return { list: mergeListings(list), total: toNumber(itemList && itemList.numberOfItems) };
}

/** SPEC §6.1's reading rules for one listing node and the dwelling inside it. */
function toProperty(n: Node, full: (n: any) => Node | undefined, page: string, canonical?: string): Property {
  const parts = [n].concat(INNER.map((k) => full(first(n[k]))).filter((c) => c && typeof c == 'object') as Node[]);
  const m: Node = Object.assign({}, ...parts.slice().reverse()); // the listing's own fields win over its dwelling's
  const offer = first(m.offers) || {};
  const priced = [offer, first(offer.priceSpecification) || {}, m].find((o) => toNumber(o.price)! > 0);
  const named = (re: RegExp) => toNumber(([].concat(m.additionalProperty || []).find((p: Node) => p && re.test(p.name)) || {} as Node).value);
  const fullBaths = toNumber(m.numberOfFullBathrooms);
  const size = first(m.floorSize) || {};
  const sq = toNumber(size);
  const metric = /MTK|SQM|m²|m2|sqm|met/i.test(size.unitCode + ' ' + size.unitText);
  const a = first(m.address);
  const mainPage = m.mainEntityOfPage;
  const id = first(m.identifier);
  return {
    id: clip((id && id.value) ?? id ?? m.sku ?? m.mlsNumber ?? m.productID ?? m['@id']),
    address: clip(a && typeof a == 'object'
      ? [a.streetAddress, a.addressLocality, [a.addressRegion, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ')
      : a),
    price: priced && toNumber(priced.price),
    currency: priced && clip(priced.priceCurrency || offer.priceCurrency),
    beds: toNumber(m.numberOfBedrooms) ?? named(/bed/i),
    baths: toNumber(m.numberOfBathroomsTotal) ??
      (fullBaths !== undefined ? fullBaths + (toNumber(m.numberOfPartialBathrooms) || 0) / 2 : named(/bath/i)),
    rooms: toNumber(m.numberOfRooms),
    sqft: sq ? (metric ? Math.round(sq * 10.7639) : sq) : undefined,
    area: sq && metric ? { value: sq, unit: 'm2' } : undefined,
    propertyType: parts.map(typesOf).flat().find((t) => DWELLING.test(t)),
    listingUrl: absolute(first(m.url) || (mainPage && (mainPage['@id'] || mainPage)) || offer.url || canonical || page, page),
  };
}

/** A data-homing-property element: the attribute is the id; -address -price -beds -baths -sqft -type -url the rest. */
export function readMarkup(el: Pick<Element, 'getAttribute'>, page: string): Property {
  const p: Property = { id: clip(el.getAttribute('data-homing-property')) };
  // The attribute's suffix → the property's field, and how its text is read.
  const FIELDS: [string, string, (v: string, page: string) => unknown][] = [
    ['address', 'address', clip], ['price', 'price', toNumber], ['beds', 'beds', toNumber], ['baths', 'baths', toNumber],
    ['sqft', 'sqft', toNumber], ['type', 'propertyType', clip], ['url', 'listingUrl', absolute]];
  for (const [k, field, read] of FIELDS) {
    const v = el.getAttribute('data-homing-property-' + k);
    if (v) p[field] = read(v, page);
  }
  return p;
}

/** Listings that share an id or a listing URL are one: the first one's fields win, the others fill gaps. */
export function mergeListings(list: Property[]): Property[] {
  const out: Property[] = [];
  for (const p of list) {
    const same = out.find((q) => (p.id && p.id == q.id) || (p.listingUrl && p.listingUrl == q.listingUrl));
    if (!same) out.push(p);
    else for (const k in p) if (same[k] === undefined) same[k] = p[k];
  }
  return out;
}

/** Microdata (itemscope, itemtype, itemprop) as JSON-LD-like nodes, read by the same rules (SPEC §6.1). */
function readMicrodata(doc: Document, skip: (el: Element) => boolean): Node[] {
  const nodes = new Map<Element, Node>();
  const node = (el: Element) => nodes.get(el) || nodes.set(el, { '@type': (el.getAttribute('itemtype') || '').split(' ') }).get(el)!;
  doc.querySelectorAll('[itemscope]').forEach(node);
  doc.querySelectorAll('[itemprop]').forEach((el) => {
    const owner = el.parentElement && el.parentElement.closest('[itemscope]');
    const v = el.hasAttribute('itemscope') ? node(el)
      : el.getAttribute('content') || el.getAttribute('href') || el.getAttribute('src') || el.textContent;
    if (owner) for (const name of el.getAttribute('itemprop')!.split(' ')) node(owner)[name] ??= v;
  });
  return [...nodes].filter(([el]) => !el.hasAttribute('itemprop') && !skip(el)).map(([, n]) => n);
}

/** The listings on the page now, from JSON-LD, microdata and data-homing-property, merged; `skip`: markup left out. */
export function readPage(doc = document, skip = (el: Element) => false): PageListings {
  const page = location.href;
  const blocks: unknown[] = [readMicrodata(doc, skip)];
  const all = (sel: string) => [].filter.call(doc.querySelectorAll(sel), (el: Element) => !skip(el)) as Element[];
  all(LD).forEach((s) => blocks.push(parseOnce(s.textContent || '')));
  const r = readNodes(blocks, page, (doc.querySelector('link[rel=canonical]') as HTMLLinkElement | null)?.href);
  const marked = all('[data-homing-property]:not([data-homing-save])').map((el) => readMarkup(el, page));
  r.list = mergeListings(marked.concat(r.list));
  return r;
}

/** The page's one listing, or undefined on a page with none or a results page. */
export function pageListing(): Property | undefined {
  const { list } = readPage();
  return list.length == 1 ? list[0] : undefined;
}

/** The listing an element sits in (data-homing-property) or names by id, filled from the page's; else the page's. */
export function listingNear(el: Element, id?: string): Property | undefined {
  const page = pageListing();
  const marked = el.closest('[data-homing-property]');
  const named = marked ? readMarkup(marked, location.href) : id ? { id } : undefined;
  return named ? mergeListings([named].concat(page || []))[0] : page;
}

/**
 * A property_view for the route's listing, once per listing per page view, or a search for a results
 * page or a results URL; listings an app renders later are read when their markup appears or changes
 * (nothing else on a busy page wakes it). `listed` gives a listing view's messageId (time on page
 * names it). `_leave()`: the app leaves its route, whose markup is not the next one's; `_route()`: the
 * next route's page view is recorded, its listings are read.
 */
export function watchListings(track: Track, search: (criteria?: Property, counts?: Property) => void, listed?: (p: Property) => string) {
  let seen: Record<string, boolean> = {};
  let timer: unknown;
  let waited: unknown;
  let waiting = false; // a search waits for its results count
  let leaving = false;
  let between = false; // a route left, the next one's page view not yet recorded
  const scan = () => {
    timer = 0;
    if (between) return;
    try {
      const { list, total } = readPage(document, isStale);
      const criteria = readSearch(new URL(location.href).searchParams);
      const results = list.length > 1;
      // A results URL whose results the site's script has not rendered yet: wait for them (the
      // observer rescans when they appear), or 1.5 s, so that the search carries its counts. A page
      // hidden or left meanwhile sends it without them (SPEC §6); the later scan finds it sent.
      if (criteria && !results && !waited && !leaving) waiting = !!(waited = setTimeout(scan, 1500));
      else if (criteria || results) {
        waiting = false;
        search(criteria, results ? { resultCount: list.length, totalCount: total } : undefined);
      }
      const p = list.length == 1 && list[0];
      const k = p && String(p.id || p.listingUrl);
      if (k && !seen[k]) {
        seen[k] = true;
        track('property_view', { property: p }, listed && { messageId: listed(p) });
      }
    } catch (e) { /* a page's markup never breaks the page */ }
  };
  // One read covers every change of 200 ms.
  const soon = () => timer || (timer = setTimeout(scan, 200));
  onLeave(() => {
    if (!waiting && !timer) return;
    leaving = true;
    scan();
    leaving = false;
  });
  const observer = new MutationObserver((records) => records.filter(matters).length && soon());
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributeFilter: ATTRIBUTES });
  // The first read in its own idle moment (SPEC §1: no long task); changes until then are in it.
  timer = 1;
  whenIdle(scan);
  return {
    _leave() {
      between = true;
      markStale();
      // Markup the app rendered in this task, before its navigation, is the next route's.
      observer.takeRecords().forEach(matters);
    },
    _route() {
      between = false;
      seen = {};
      waited = 0;
      scan();
    },
  };
}
