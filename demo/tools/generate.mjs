// generate.mjs: writes the static demo site (pages, SVG photos, PDF brochures) from site/app/data.js: `node demo/tools/generate.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { address, LISTINGS, money } from '../site/app/data.js';
import { exterior, floorPlan, hero, interior } from './art.mjs';
import { listingPage } from './listing.mjs';
import { areas, contact, home, saved, search } from './pages.mjs';
import { brochure } from './pdf.mjs';

const SITE = join(dirname(fileURLToPath(import.meta.url)), '../site');
const write = (path, text) => {
  mkdirSync(dirname(join(SITE, path)), { recursive: true });
  writeFileSync(join(SITE, path), text);
};

write('index.html', home());
write('search.html', search());
write('saved.html', saved());
write('contact.html', contact());
write('areas/index.html', areas());
write('img/hero.svg', hero());
LISTINGS.forEach((l, n) => {
  write('listings/' + l.slug + '.html', listingPage(l));
  write('img/' + l.slug + '.svg', exterior(l, n));
  write('img/' + l.slug + '-inside.svg', interior(l, n));
  write('img/' + l.slug + '-plan.svg', floorPlan(l));
  write('brochures/' + l.slug + '.pdf', brochure([address(l), money(l.price) + ' - ' + l.title,
    l.beds + ' bedrooms, ' + l.baths + ' bathrooms, ' + l.sqft + ' sq ft, built ' + l.year, '',
    'Harbourview Realty - 4 Quay Street, Seabrook - (207) 555-0142']));
});
console.log('wrote ' + LISTINGS.length + ' listings and 5 pages to ' + SITE);
