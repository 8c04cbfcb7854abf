// listing.mjs: one listing page: gallery, facts, JSON-LD (RealEstateListing), save, brochure, inquiry form, similar homes.
// URLs in the JSON-LD are relative (SPEC §6 resolves them against the page), so the demo runs on any port.
import { address, LISTINGS, listingUrl, money, TYPES } from '../site/app/data.js';
import { card } from '../site/app/cards.js';
import { esc, page } from './layout.mjs';

function jsonLd(l) {
  const residence = l.type === 'apartment' ? 'Apartment' : l.type === 'townhouse' ? 'House' : 'SingleFamilyResidence';
  return {
    '@context': 'https://schema.org',
    '@type': 'RealEstateListing',
    '@id': listingUrl(l),
    identifier: l.id,
    name: l.title,
    url: listingUrl(l),
    image: '/img/' + l.slug + '.svg',
    description: l.description,
    datePosted: '2026-10-0' + (1 + (l.beds % 9)),
    offers: { '@type': 'Offer', price: l.price, priceCurrency: 'USD', availability: 'https://schema.org/InStock' },
    about: {
      '@type': residence,
      name: address(l),
      address: { '@type': 'PostalAddress', streetAddress: l.street, addressLocality: l.city, addressRegion: 'ME', postalCode: l.zip, addressCountry: 'US' },
      floorSize: { '@type': 'QuantitativeValue', value: l.sqft, unitCode: 'FTK' },
      numberOfRooms: l.beds + 2,
      numberOfBedrooms: l.beds,
      numberOfBathroomsTotal: l.baths,
      yearBuilt: l.year,
    },
  };
}

/** SPEC §6's data-homing-* markup: what autocapture reads where a page has no JSON-LD. */
const homingAttributes = (l) =>
  `data-homing-property="${l.id}" data-homing-property-address="${esc(address(l))}" data-homing-property-price="${l.price}" ` +
  `data-homing-property-beds="${l.beds}" data-homing-property-baths="${l.baths}" data-homing-property-sqft="${l.sqft}" ` +
  `data-homing-property-type="${l.type}" data-homing-property-url="${listingUrl(l)}"`;

/** Up to three other homes, same town first. */
const similar = (l) => LISTINGS.filter((o) => o !== l).sort((a, b) => (b.city === l.city) - (a.city === l.city)).slice(0, 3);

const fact = (value, label) => `<div><b>${value}</b><span>${label}</span></div>`;

export function listingPage(l) {
  const body = `  <main class="wrap listing" ${homingAttributes(l)}>
    <nav class="crumbs"><a href="/">Home</a> › <a href="/search.html?location=${l.city}">${l.city}</a> › ${esc(l.street)}</nav>
    <div class="gallery" role="region" tabindex="0" aria-label="Photos of ${esc(l.street)}">
      <img class="main" src="/img/${l.slug}.svg" alt="Front of ${esc(l.street)}" width="800" height="520">
      <img src="/img/${l.slug}-inside.svg" alt="Living room" width="800" height="520" loading="lazy">
      <img src="/img/${l.slug}-plan.svg" alt="Floor plan" width="800" height="520" loading="lazy">
    </div>
    <div class="listing-grid">
      <article>
        <p class="eyebrow">${TYPES[l.type]} for sale · ${l.city}</p>
        <h1>${esc(l.street)}</h1>
        <p class="price">${money(l.price)}</p>
        <div class="facts">${fact(l.beds, 'beds')}${fact(l.baths, 'baths')}${fact(l.sqft.toLocaleString('en-US'), 'sq ft')}${fact(l.year, 'built')}</div>
        <div class="actions">
          <button class="btn save" type="button" data-homing-save="Favorites" data-homing-property="${l.id}" aria-pressed="false">
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M12 21s-7.5-4.6-9.5-9.2C1 8.3 3.2 5 6.6 5c2 0 3.4 1.1 4.4 2.5C12 6.1 13.4 5 15.4 5 18.8 5 21 8.3 19.5 11.8 17.5 16.4 12 21 12 21z"/></svg>
            <span>Save</span></button>
          <a class="btn ghost" href="/brochures/${l.slug}.pdf" data-brochure target="_blank" rel="noopener">Brochure (PDF)</a>
        </div>
        <h2>${esc(l.title)}</h2>
        <p>${esc(l.description)}</p>
        <h2>Details</h2>
        <dl class="details">
          <dt>Listing ID</dt><dd>${l.id}</dd><dt>Type</dt><dd>${TYPES[l.type]}</dd>
          <dt>Price per sq ft</dt><dd>${money(Math.round(l.price / l.sqft))}</dd><dt>Postcode</dt><dd>ME ${l.zip}</dd>
        </dl>
      </article>
      <aside class="card inquiry">
        <h2>Ask about this home</h2>
        <p class="muted">Maya Okafor, listing agent, usually replies within the hour.</p>
        <form id="inquiry" name="inquiry" data-property="${l.id}">
          <label>Full name <input name="name" autocomplete="name" required></label>
          <label>Email <input name="email" type="email" autocomplete="email" required></label>
          <label>Phone <input name="phone" type="tel" autocomplete="tel"></label>
          <label>Message <textarea name="message" rows="4">I'd like to arrange a viewing of ${esc(l.street)}.</textarea></label>
          <button class="btn wide" type="submit">Send inquiry</button>
          <p class="sent" role="status" hidden>Thanks! Maya will be in touch shortly.</p>
        </form>
      </aside>
    </div>
    <section class="similar" aria-labelledby="similar-title">
      <div class="section-head"><h2 id="similar-title">More homes near ${l.city}</h2><a href="/search.html">All homes →</a></div>
      <div class="cards">
${similar(l).map(card).join('\n')}
      </div>
    </section>
  </main>`;
  const head = `\n  <script type="application/ld+json">\n${JSON.stringify(jsonLd(l), null, 2)}\n  </script>`;
  return page({ title: l.street + ', ' + l.city + ' — ' + money(l.price) + ' — Harbourview Realty', description: l.title, body, kind: 'listing', head, path: '' });
}
