// capture/search.ts: property search criteria from search forms and result URLs → propertySearch.
import { memo } from '../memo.js';
import { clip, toNumber, type Track } from './values.js';


// Spellings seen on listing sites, matched on the name lower-cased without separators (min_price → minprice).
const CRITERIA: [RegExp, string][] = [
  [/^(min|from|low)(imum)?(list)?price|^price(min|from|low)/, 'minPrice'],
  [/^(max|to|high)(imum)?(list)?price|^price(max|to|high)/, 'maxPrice'],
  [/^(min)?(beds?|bedrooms?)(min)?$/, 'beds'],
  [/^(min)?(baths?|bathrooms?)(min)?$/, 'baths'],
  [/^(location|city|q|zip|zipcode|postcode|postalcode|area|neighbou?rhood|town|region|where|address)$/, 'location'],
  [/^(property|home|listing)?types?$/, 'propertyType'],
  [/^(keywords?|kw|query)$/, 'keywords'],
];
const NUMERIC = /Price|beds|baths/;

/** propertySearch from name/value pairs (a result URL's query or a form's fields), or undefined. */
export function readSearch(pairs: Iterable<[string, unknown]>): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  for (const [name, value] of pairs) {
    const key = name.toLowerCase().replace(/[^a-z]/g, '');
    for (const [re, field] of CRITERIA) {
      if (!re.test(key) || (found && field in found)) continue;
      const v = NUMERIC.test(field) ? toNumber(value) : clip(value);
      if (v !== undefined) (found || (found = {}))[field] = v;
    }
  }
  return found;
}

/**
 * Sends a `search` unless these criteria were the session's last search (pagination, a reload,
 * the results URL of a search form already sent); `counts` are resultCount and totalCount.
 */
export function createSearches(key: string, track: Track) {
  const last = memo<string>('homing:' + key + ':search', true);
  return (criteria: Record<string, unknown> | undefined, counts?: Record<string, unknown>) => {
    const k = JSON.stringify(criteria || location.pathname);
    if (last._read() == k) return;
    last._write(k);
    track('search', { propertySearch: { ...criteria, ...counts } });
  };
}
