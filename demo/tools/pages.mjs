// pages.mjs: the site's other pages: home, search, saved homes, contact and the neighbourhoods app shell.
import { LISTINGS, LOCATIONS, TYPES } from '../site/app/data.js';
import { card } from '../site/app/cards.js';
import { page } from './layout.mjs';

const options = (list, label) => `<option value="">${label}</option>` + list.map(([v, t]) => `<option value="${v}">${t}</option>`).join('');

export function searchForm(id) {
  const prices = [[250000, '$250k'], [400000, '$400k'], [500000, '$500k'], [700000, '$700k'], [1000000, '$1M']];
  const n = (k) => [1, 2, 3, 4].map((i) => [i, i + '+ ' + k]);
  return `<form class="search-form" id="${id}" action="/search.html" method="get" role="search">
      <label>Location<select name="location">${options(LOCATIONS.map((l) => [l, l]), 'Anywhere')}</select></label>
      <label>Type<select name="type">${options(Object.entries(TYPES), 'Any type')}</select></label>
      <label>Min price<select name="minPrice">${options(prices, 'No min')}</select></label>
      <label>Max price<select name="maxPrice">${options(prices, 'No max')}</select></label>
      <label>Beds<select name="beds">${options(n('beds'), 'Any')}</select></label>
      <label>Baths<select name="baths">${options(n('baths').slice(0, 3), 'Any')}</select></label>
      <button class="btn" type="submit">Search homes</button>
    </form>`;
}

export function home() {
  const featured = LISTINGS.filter((l) => l.featured).map(card).join('\n');
  const body = `  <section class="hero">
    <img src="/img/hero.svg" alt="" width="1600" height="640">
    <div class="wrap hero-in">
      <h1>Find your place by the sea</h1>
      <p>Homes for sale in Seabrook, Maplewood, Riverton and Hillcrest, from people who live here.</p>
      ${searchForm('hero-search')}
    </div>
  </section>
  <main class="wrap">
    <div class="section-head"><h2>Featured homes</h2><a href="/search.html">See all ${LISTINGS.length} homes →</a></div>
    <div class="cards">
${featured}
    </div>
    <section class="why">
      <div><h3>Local agents</h3><p>Four agents, all living within ten minutes of the homes they sell.</p></div>
      <div><h3>Viewings in 48 h</h3><p>Ask about any home and we arrange a viewing within two days.</p></div>
      <div><h3>Fair fees</h3><p>A flat 1.5% when your home sells, and nothing if it does not.</p></div>
    </section>
  </main>`;
  return page({ title: 'Harbourview Realty — homes for sale in Seabrook and around', description: 'Homes for sale on the coast.', body, kind: 'home', path: '/' });
}

export function search() {
  const body = `  <main class="wrap">
    <h1 class="page-title">Homes for sale</h1>
    ${searchForm('search')}
    <p class="result-count" role="status" data-result-count></p>
    <div class="cards" data-results></div>
    <p class="empty card" data-empty hidden>No homes match those criteria yet. Try a wider price range or another area.</p>
  </main>`;
  return page({ title: 'Search homes — Harbourview Realty', description: 'Search homes for sale.', body, kind: 'search', path: '/search.html' });
}

export function saved() {
  const body = `  <main class="wrap">
    <h1 class="page-title">Saved homes</h1>
    <p class="muted">Homes you saved on this device. Press Save on any listing to add it here.</p>
    <div class="cards" data-saved></div>
    <p class="empty card" data-empty hidden>Nothing saved yet. <a href="/search.html">Browse homes</a> and press Save on the ones you like.</p>
  </main>`;
  return page({ title: 'Saved homes — Harbourview Realty', description: 'Your saved homes.', body, kind: 'saved', path: '/saved.html' });
}

export function contact() {
  const body = `  <main class="wrap narrow">
    <h1 class="page-title">Talk to an agent</h1>
    <p class="muted">Selling, buying or just curious about prices on your street? We answer every message the same day.</p>
    <form class="card stack" id="contact" name="contact">
      <div class="two"><label>First name <input name="firstName" autocomplete="given-name" required></label>
      <label>Last name <input name="lastName" autocomplete="family-name"></label></div>
      <label>Email <input name="email" type="email" autocomplete="email" required></label>
      <label>Phone <input name="phone" type="tel" autocomplete="tel"></label>
      <label>I am <select name="topic"><option>Buying</option><option>Selling</option><option>Renting</option></select></label>
      <label>Message <textarea name="message" rows="5"></textarea></label>
      <button class="btn" type="submit">Send message</button>
      <p class="sent" role="status" hidden>Thanks! An agent will call or email you today.</p>
    </form>
  </main>`;
  return page({ title: 'Contact — Harbourview Realty', description: 'Contact an agent.', body, kind: 'contact', path: '/contact.html' });
}

export function areas() {
  const body = `  <main class="wrap" id="areas-app" aria-live="polite">
    <h1 class="page-title">Neighbourhoods</h1>
    <p class="muted">Loading…</p>
  </main>
  <script type="module" src="/app/areas.js"></script>`;
  return page({ title: 'Neighbourhoods — Harbourview Realty', description: 'Neighbourhood guides.', body, kind: 'areas', path: '/areas/' });
}
