// areas.js: the neighbourhoods section, a single-page app: client-side routes with history.pushState.
import { LISTINGS, LOCATIONS, money } from './data.js';
import { card } from './cards.js';

const GUIDES = {
  Seabrook: { blurb: 'A working harbour town with a lighthouse, two beaches and the best fish market on the coast.', commute: '35 min to Portland', school: 'A' },
  Maplewood: { blurb: 'Tree-lined streets, a good primary school and Birch Hollow woods on the doorstep.', commute: '25 min to Portland', school: 'A+' },
  Riverton: { blurb: 'The county town: warehouse lofts, the Saturday market and a train every half hour.', commute: '15 min by train', school: 'B+' },
  Hillcrest: { blurb: 'Big gardens and views over the valley, ten minutes above the coast road.', commute: '40 min to Portland', school: 'A' },
};

const app = document.getElementById('areas-app');
const slug = (name) => name.toLowerCase();
const href = (name) => (name ? '/areas/?area=' + slug(name) : '/areas/');

function tabs(current) {
  return '<nav class="area-tabs" aria-label="Neighbourhoods">' + [''].concat(LOCATIONS).map((name) =>
    `<a href="${href(name)}" data-route${name === current ? ' aria-current="page"' : ''}>${name || 'All areas'}</a>`).join('') + '</nav>';
}

function overview() {
  document.title = 'Neighbourhoods — Harbourview Realty';
  return '<h1 class="page-title">Neighbourhoods</h1><p class="muted">Four places we know street by street.</p>' + tabs('') +
    '<div class="cards">' + LOCATIONS.map((name) => {
      const homes = LISTINGS.filter((l) => l.city === name);
      return `<a class="card listing-card" href="${href(name)}" data-route><img src="/img/${homes[0].slug}.svg" alt="" width="800" height="520">` +
        `<div class="card-body"><p class="price">${name}</p><p class="meta">${GUIDES[name].blurb}</p></div></a>`;
    }).join('') + '</div>';
}

function guide(name) {
  document.title = name + ' guide — Harbourview Realty';
  const homes = LISTINGS.filter((l) => l.city === name);
  const median = homes.map((l) => l.price).sort((a, b) => a - b)[Math.floor(homes.length / 2)];
  const g = GUIDES[name];
  return `<h1 class="page-title">${name}</h1>` + tabs(name) +
    `<section class="area-hero"><img src="/img/${homes[0].slug}.svg" alt="" width="800" height="520"><div><p>${g.blurb}</p>` +
    `<div class="stats"><div><b>${homes.length}</b>for sale</div><div><b>${money(median)}</b>typical price</div><div><b>${g.school}</b>schools</div></div>` +
    `<p class="muted">${g.commute}</p><a class="btn" href="/search.html?location=${name}">Search ${name}</a></div></section>` +
    `<div class="cards">${homes.map(card).join('')}</div>`;
}

function render() {
  const wanted = new URLSearchParams(location.search).get('area');
  const name = LOCATIONS.find((n) => slug(n) === wanted);
  app.innerHTML = name ? guide(name) : overview();
}

app.addEventListener('click', (e) => {
  const link = e.target.closest('a[data-route]');
  if (!link || e.metaKey || e.ctrlKey || e.shiftKey) return;
  e.preventDefault();
  if (link.href === location.href) return;
  history.pushState(null, '', link.href);
  render();
  window.scrollTo(0, 0);
});
addEventListener('popstate', render);
render();
