// autocapture.test.ts: the pure readers behind autocapture: JSON-LD → property, URL → propertySearch, Luhn, fields.
import { test, expect } from '@playwright/test';
import { toNumber } from '../../src/capture/values.js';
import { readSearch } from '../../src/capture/search.js';
import { mergeListings, parseBlock, readMarkup, readNodes } from '../../src/capture/listings.js';
import { classifyField, isCardNumber } from '../../src/capture/forms.js';

const PAGE = 'https://homes.example/listing/42?utm_source=x';
const read = (...blocks: unknown[]) => readNodes(blocks, PAGE);

test.describe('numbers as pages write them', () => {
  test('prices with currency symbols, separators and wrappers are numbers', () => {
    expect([649000, '1,449,000', '$649,000', '€ 1.250.000', 'USD 525000', '2,5', '1.5', { value: '3' }, { amount: 9 }].map(toNumber))
      .toEqual([649000, 1449000, 649000, 1250000, 525000, 2.5, 1.5, 3, 9]);
  });
  test('text that is not a number gives none', () => {
    expect(['$1.2M', 'Call for Price', '', 'TBD', undefined, {}].map(toNumber)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

test.describe('JSON-LD → property', () => {
  test('a listing whose dwelling sits in about: price and URL from the listing, the rest from the dwelling', () => {
    const r = read({
      '@context': 'https://schema.org', '@type': 'RealEstateListing', url: '/listing/42', identifier: 'L-42',
      offers: { '@type': 'Offer', price: '1,449,000', priceCurrency: 'USD' },
      about: { '@type': 'House', address: { streetAddress: '4 Elm St', addressLocality: 'Springfield', addressRegion: 'IL', postalCode: '62701' },
        numberOfBedrooms: 3, numberOfBathroomsTotal: 2, numberOfRooms: 7, floorSize: { value: 1850, unitCode: 'FTK' } },
    });
    expect(r.list).toEqual([{ id: 'L-42', address: '4 Elm St, Springfield, IL 62701', price: 1449000, currency: 'USD', beds: 3, baths: 2,
      rooms: 7, sqft: 1850, propertyType: 'House', listingUrl: 'https://homes.example/listing/42' }]);
  });
  test('an @graph with an @id reference merges; agents lend nothing; the page URL is the fallback', () => {
    const r = read({ '@graph': [
      { '@type': 'RealEstateAgent', identifier: 'agent-1', name: 'Ann' },
      { '@type': 'RealEstateListing', '@id': '#l', mainEntity: { '@id': '#h' }, offers: [{ price: 'Call for Price' }, { price: 2 }] },
      { '@type': 'https://schema.org/Apartment', '@id': '#h', price: '€ 350.000', priceCurrency: 'EUR', floorSize: { value: '92', unitCode: 'MTK' },
        numberOfFullBathrooms: 1, numberOfPartialBathrooms: 1,
        additionalProperty: [{ '@type': 'PropertyValue', name: 'Bedrooms', value: '2' }] },
    ] });
    expect(r.list).toEqual([{ id: '#l', price: 350000, currency: 'EUR', beds: 2, baths: 1.5, sqft: 990, area: { value: 92, unit: 'm2' },
      propertyType: 'Apartment', listingUrl: PAGE }]);
  });
  test('a Product with an Offer is a listing; a Product without one, a BreadcrumbList and an Organization are not', () => {
    expect(read({ '@type': 'Product', sku: 'P1', offers: { priceSpecification: { price: 410000, priceCurrency: 'GBP' } } }).list)
      .toEqual([{ id: 'P1', price: 410000, currency: 'GBP', listingUrl: PAGE }]);
    expect(read([{ '@type': 'Product', name: 'Mortgage guide' }, { '@type': 'BreadcrumbList', itemListElement: [] }, { '@type': 'Organization' }]).list).toEqual([]);
  });
  test('an ItemList of listings is a results page with its claimed total', () => {
    const r = read({ '@type': 'ItemList', numberOfItems: '51', itemListElement: [1, 2, 3].map((n) =>
      ({ '@type': 'ListItem', item: { '@type': 'SingleFamilyResidence', url: '/homes/' + n } })) });
    expect(r.list.map((p) => p.listingUrl)).toEqual([1, 2, 3].map((n) => 'https://homes.example/homes/' + n));
    expect(r.total).toBe(51);
  });
  test('a dwelling and a Product sibling without URLs are one listing', () => {
    expect(read([{ '@type': 'House', numberOfBedrooms: 4 }, { '@type': 'Product', offers: { price: 500000 } }]).list)
      .toEqual([{ beds: 4, propertyType: 'House', listingUrl: PAGE, price: 500000 }].map((p) => expect.objectContaining(p)));
  });
  test('a block with raw line breaks in strings parses; one that is broken throws for the caller to skip', () => {
    expect(parseBlock('{"@type":"House","description":"two\nlines"}')).toEqual({ '@type': 'House', description: 'two lines' });
    expect(() => parseBlock('{"@type": "House",}')).toThrow();
  });
});

test.describe('data-homing-property → property', () => {
  const el = (attrs: Record<string, string>) => ({ getAttribute: (n: string) => attrs[n] ?? null });
  test('the attributes map to the property shape', () => {
    expect(readMarkup(el({ 'data-homing-property': 'hv-1', 'data-homing-property-address': '1 Main St, Town', 'data-homing-property-price': '$649,000',
      'data-homing-property-beds': '3', 'data-homing-property-baths': '2.5', 'data-homing-property-sqft': '1,850',
      'data-homing-property-type': 'house', 'data-homing-property-url': '/l/1' }), PAGE))
      .toEqual({ id: 'hv-1', address: '1 Main St, Town', price: 649000, beds: 3, baths: 2.5, sqft: 1850, propertyType: 'house', listingUrl: 'https://homes.example/l/1' });
  });
  test('markup and JSON-LD of one listing (same id) merge, the markup first', () => {
    expect(mergeListings([{ id: 'a', address: 'Short' }, { id: 'a', address: 'Long, Town', price: 5 }, { id: 'b' }]))
      .toEqual([{ id: 'a', address: 'Short', price: 5 }, { id: 'b' }]);
  });
});

test.describe('URL → propertySearch', () => {
  const search = (q: string) => readSearch(new URLSearchParams(q));
  test('common spellings map to the contract\'s names', () => {
    expect(search('min_price=400000&price_max=%24900%2C000&bedrooms=3&baths=2&city=Seabrook&propertyType=house&page=2'))
      .toEqual({ minPrice: 400000, maxPrice: 900000, beds: 3, baths: 2, location: 'Seabrook', propertyType: 'house' });
    expect(search('minPrice=1&q=04011&type=condo&keywords=garden')).toEqual({ minPrice: 1, location: '04011', propertyType: 'condo', keywords: 'garden' });
  });
  test('a URL without criteria is no search', () => {
    expect(search('page=2&sort=newest&utm_source=mail')).toBeUndefined();
  });
});

test.describe('sensitive fields', () => {
  test('Luhn: card numbers pass, near misses and phone numbers do not', () => {
    expect(['4111 1111 1111 1111', '5500-0000-0000-0004', '378282246310005'].map(isCardNumber)).toEqual([true, true, true]);
    expect(['4111 1111 1111 1112', '5550100', '+1 612 555 0199', 'abc'].map(isCardNumber)).toEqual([false, false, false, false]);
  });
  const kind = (name: string, type = 'text', autocomplete = '', value = 'x') => classifyField({ name, type, autocomplete }, value);
  test('passwords, hidden inputs, cards, CVVs and national ids are secret', () => {
    expect([kind('pw', 'password'), kind('csrf', 'hidden'), kind('x', 'text', 'cc-number'), kind('card_number'), kind('cvv'),
      kind('ssn'), kind('national_id'), kind('ref', 'text', '', '4111111111111111'), kind('id', 'text', '', '078-05-1120')])
      .toEqual(Array(9).fill('secret'));
  });
  const labelled = (name: string, label: string, type = 'text', value = 'x') => classifyField({ name, type, autocomplete: '', label }, value);
  test('SPEC §6.2: national ids of §6.1\'s markets, dates of birth and licences by name; captcha answers and plugin plumbing', () => {
    const names = ['cpf', 'cnpj', 'curp', 'rfc', 'aadhaar', 'pan_number', 'pan', 'sin', 'nino', 'ni_number', 'emirates_id', 'id_number',
      'national_id', 'passport', 'tax_id', 'dob', 'date_of_birth', 'drivers_license', 'driving_licence', 'g-recaptcha-response',
      'h-captcha-response', 'cf-turnstile-response', '_wpcf7_unit_tag', 'frm_action', 'item_key', 'forminator_nonce', 'render_id', '_wp_http_referer'];
    expect(names.filter((n) => kind(n) != 'secret')).toEqual([]);
  });
  test('SPEC §6.2: national ids by the shape of their value, in a field of any name; phones and listing references are not', () => {
    const ids = ['123.456.789-09', '12.345.678/0001-95', 'GODE561231HDFRRN09', 'GODE561231GR8', 'ABCDE1234F', 'QQ 12 34 56 C',
      '784-1985-1234567-1', '2345 6789 0123', '046 454 286', '8001015009087'];
    expect(ids.filter((v) => kind('reference', 'text', '', v) != 'secret')).toEqual([]);
    expect([kind('phone', 'tel', '', '919876543210'), kind('mobile', 'text', '', '046 454 286'), kind('listing_id', 'text', '', 'MLS-4471'),
      kind('budget', 'text', '', '450000')]).toEqual(['phone', 'phone', 'listing', 'field']);
  });
  test('labels name the field: Formidable\'s item_meta[12] labelled "First" is a first name; a choice never is a person', () => {
    expect([labelled('item_meta[12]', 'First'), labelled('item_meta[13]', 'Last'), labelled('input_3', 'Your name'),
      labelled('field_4', 'Best number to call', 'tel'), labelled('q', 'Your question', 'textarea'), labelled('wpforms[fields][2]', 'E-mail'),
      labelled('buyer', 'First-time buyer?', 'select-one'), labelled('company', 'Company name')])
      .toEqual(['firstName', 'lastName', 'name', 'phone', 'message', 'email', 'field', 'field']);
  });
  test('a recipient\'s address or name is not the visitor\'s', () => {
    expect([kind('friend_email', 'email'), labelled('email_2', 'Friend\'s email', 'email'), kind('to', 'email'), kind('bcc_email'),
      labelled('name2', 'Their name'), kind('referral_email', 'email'), kind('your-email', 'email')])
      .toEqual(['recipient', 'recipient', 'recipient', 'recipient', 'recipient', 'recipient', 'email']);
  });
  test('the person\'s fields by type, autocomplete and name', () => {
    expect([kind('x', 'email'), kind('e-mail'), kind('your-email'), kind('a', 'text', 'email'), kind('mobile'), kind('x', 'tel'),
      kind('fname'), kind('x', 'text', 'family-name'), kind('your-name'), kind('full_name'), kind('comments'), kind('listing_id'), kind('budget')])
      .toEqual(['email', 'email', 'email', 'email', 'phone', 'phone', 'firstName', 'lastName', 'name', 'name', 'message', 'listing', 'field']);
  });
});
