// data.js: the demo's listings, one source for the generated listing pages and the client-side search.
export const LISTINGS = [
  { id: 'hv-1012', slug: '12-harbour-lane', street: '12 Harbour Lane', city: 'Seabrook', zip: '04011', price: 649000,
    type: 'house', beds: 3, baths: 2, sqft: 1850, year: 1998, featured: true, palette: 'sea',
    title: 'Bright family home above the marina',
    description: 'A sunny three-bedroom home a short walk from the marina, with an open kitchen, a wood-burning stove and a deck that catches the evening light over the harbour.' },
  { id: 'hv-2048', slug: '48-alder-street', street: '48 Alder Street', city: 'Maplewood', zip: '04032', price: 485000,
    type: 'house', beds: 4, baths: 2, sqft: 2100, year: 1964, featured: true, palette: 'leaf',
    title: 'Mid-century four-bed on a quiet street',
    description: 'Four bedrooms on a tree-lined street near the Maplewood schools, with original oak floors, a new roof in 2022 and a fenced garden with raised beds.' },
  { id: 'hv-3205', slug: '220-river-walk-5b', street: 'Apt 5B, 220 River Walk', city: 'Riverton', zip: '04101', price: 329000,
    type: 'apartment', beds: 2, baths: 1, sqft: 940, year: 2009, featured: true, palette: 'dusk',
    title: 'Two-bed apartment with river views',
    description: 'A fifth-floor corner apartment with floor-to-ceiling windows over the river, a balcony, a lift, secure bike storage and one parking space.' },
  { id: 'hv-4007', slug: '7-orchard-close', street: '7 Orchard Close', city: 'Hillcrest', zip: '04055', price: 875000,
    type: 'house', beds: 5, baths: 3, sqft: 3200, year: 2015, featured: true, palette: 'sun',
    title: 'Five-bed house with an orchard garden',
    description: 'Built in 2015 on a half-acre plot with apple and pear trees, this five-bedroom house has a double garage, a home office and solar panels on the south roof.' },
  { id: 'hv-5090', slug: '90-market-square-12', street: 'Unit 12, 90 Market Square', city: 'Riverton', zip: '04102', price: 415000,
    type: 'apartment', beds: 1, baths: 1, sqft: 720, year: 1911, featured: false, palette: 'brick',
    title: 'Loft in a converted warehouse',
    description: 'Exposed brick, four-metre ceilings and steel windows in a converted 1911 warehouse above the Saturday market, two minutes from the station.' },
  { id: 'hv-6003', slug: '3-lighthouse-row', street: '3 Lighthouse Row', city: 'Seabrook', zip: '04011', price: 559000,
    type: 'townhouse', beds: 3, baths: 2, sqft: 1500, year: 1890, featured: false, palette: 'sea',
    title: 'Restored fisherman\u2019s townhouse',
    description: 'A restored Victorian townhouse on the cobbled row below the lighthouse, with a walled courtyard, a roof terrace and the beach at the end of the street.' },
  { id: 'hv-7019', slug: '19-birch-hollow', street: '19 Birch Hollow', city: 'Maplewood', zip: '04033', price: 399000,
    type: 'house', beds: 3, baths: 1, sqft: 1350, year: 1978, featured: false, palette: 'leaf',
    title: 'Cottage by the woods',
    description: 'A cosy three-bedroom cottage backing onto Birch Hollow woods, with a new heat pump, a workshop in the garden and trails from the back gate.' },
  { id: 'hv-8001', slug: '1-quay-tower-penthouse', street: 'Penthouse, 1 Quay Tower', city: 'Seabrook', zip: '04012', price: 1250000,
    type: 'apartment', beds: 3, baths: 3, sqft: 2300, year: 2021, featured: false, palette: 'dusk',
    title: 'Penthouse with a wraparound terrace',
    description: 'The top floor of Quay Tower: three en-suite bedrooms, a wraparound terrace with views to the lighthouse, a private lift and two parking spaces.' },
];

export const LOCATIONS = ['Seabrook', 'Maplewood', 'Riverton', 'Hillcrest'];
export const TYPES = { house: 'House', apartment: 'Apartment', townhouse: 'Townhouse' };

export const money = (n) => '$' + n.toLocaleString('en-US');
export const listingUrl = (l) => '/listings/' + l.slug + '.html';
export const address = (l) => l.street + ', ' + l.city;

/** The `property` object homing's events carry (SPEC §3). */
export function toProperty(l) {
  return { id: l.id, address: address(l), price: l.price, currency: 'USD', beds: l.beds, baths: l.baths,
    sqft: l.sqft, area: l.city, propertyType: l.type, listingUrl: listingUrl(l) };
}
