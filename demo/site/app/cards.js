// cards.js: a listing card as HTML, shared by the generated pages and the client-side search and saved pages.
import { listingUrl, money, TYPES } from './data.js';

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** `o.marked`: the card carries data-homing-property-* (results pages), so homing counts the results shown. */
export function card(l, o) {
  const homing = o && o.marked ? ` data-homing-property="${l.id}" data-homing-property-url="${listingUrl(l)}"` : '';
  return `<a class="card listing-card" href="${listingUrl(l)}" data-id="${l.id}"${homing}>
  <img src="/img/${l.slug}.svg" alt="" width="800" height="520" loading="lazy">
  <span class="tag">${TYPES[l.type]}</span>
  <div class="card-body">
    <p class="price">${money(l.price)}</p>
    <p class="addr">${esc(l.street)}, ${l.city}</p>
    <p class="meta">${l.beds} bd · ${l.baths} ba · ${l.sqft.toLocaleString('en-US')} sq ft</p>
  </div>
</a>`;
}
