// capture/markup.ts: which page changes touch listing markup, what a previous route left, JSON-LD parsed once per text.

export const LD = 'script[type="application/ld+json"]';
/** What a listing is read from (SPEC §6.1): JSON-LD, microdata, data-homing-property. */
const MARKUP = LD + ',[itemscope],[data-homing-property]';
/** The attributes listings are read from (readMarkup's and microdata's). */
export const ATTRIBUTES = ['itemscope', 'itemtype', 'itemprop', 'content', 'href', 'src', 'data-homing-property']
  .concat('address price beds baths sqft type url'.split(' ').map((k) => 'data-homing-property-' + k));

const owner = (n: Node) => (n.nodeType == 1 ? (n as Element) : n.parentElement);
/** Markup shown when the app left its route, unchanged since: not the next route's (WeakSet: bounded by the DOM). */
const stale = new WeakSet<Element>();

/** The app is leaving its route: the listing markup on the page now is that route's. */
export const markStale = () => document.querySelectorAll(MARKUP).forEach((el) => stale.add(el));
/** Markup left from the previous route, unchanged since. */
export const isStale = (el: Element) => stale.has(el);

/** Changed or added markup is the current route's: the node, its markup and what holds it. */
function freshen(n: Node) {
  const el = owner(n);
  if (!el) return;
  if (n.nodeType == 1) el.querySelectorAll(MARKUP).forEach((m) => stale.delete(m));
  for (let e: Element | null = el; e; e = e.parentElement) stale.delete(e);
}

/**
 * Whether a mutation adds or changes listing markup (text inside a JSON-LD block or an itemprop, a
 * listing attribute, an added element that is or holds markup); what it changed is freshened. A
 * ticker, a map's markers or a chat widget changes nothing that matters.
 */
export function matters(r: MutationRecord): boolean {
  const el = owner(r.target);
  let hit = !!el && (r.type == 'attributes' ? !!el.closest('[itemscope],[data-homing-property]') : !!el.closest(LD + ',[itemprop]'));
  if (r.type == 'childList') r.addedNodes.forEach((n) => {
    if (n.nodeType == 1 && ((n as Element).matches(MARKUP) || (n as Element).querySelector(MARKUP))) hit = true;
  });
  if (hit) r.type == 'childList' ? r.addedNodes.forEach(freshen) : freshen(r.target);
  return hit;
}

// Parsed JSON-LD by its text: a block the page re-renders unchanged is not parsed again. Bounded:
// a long session with many listings starts over past this many texts.
const parsed = new Map<string, unknown>();
const PARSED_MAX = 100;

/** A JSON-LD block's value (undefined when it does not parse), parsed once per text. */
export function parseOnce(text: string): unknown {
  if (!parsed.has(text)) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    let v;
    try {
      v = parseBlock(text);
    } catch (e) { /* broken JSON-LD is skipped without an error (SPEC §6.1) */ }
    parsed.set(text, v);
  }
  return parsed.get(text);
}

/** A JSON-LD block's value; one that does not parse is tried once more with raw line breaks and tabs blanked. */
export function parseBlock(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    return JSON.parse(text.replace(/[\n\r\t]/g, ' '));
  }
}
