// criteria.js: search criteria from a URL's query (price, beds, baths, location, type) and the listings they match.
import { LISTINGS } from './data.js';

const NUMBERS = ['minPrice', 'maxPrice', 'beds', 'baths'];

export function readCriteria(search) {
  const q = new URLSearchParams(search);
  const c = {};
  for (const k of NUMBERS) if (Number(q.get(k)) > 0) c[k] = Number(q.get(k));
  for (const k of ['location', 'type']) if (q.get(k)) c[k] = q.get(k);
  return c;
}

export function matches(l, c) {
  return (!c.minPrice || l.price >= c.minPrice) && (!c.maxPrice || l.price <= c.maxPrice) &&
    (!c.beds || l.beds >= c.beds) && (!c.baths || l.baths >= c.baths) &&
    (!c.location || l.city === c.location) && (!c.type || l.type === c.type);
}

export const findListings = (c) => LISTINGS.filter((l) => matches(l, c));
