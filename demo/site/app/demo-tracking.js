// demo-tracking.js: every explicit homing call the demo site makes, in one file, as a customer's own code would make them.
//
// DELETE THIS FILE (and its <script> tag in demo/tools/layout.mjs) once autocapture (issue 5) lands:
// the pages already carry what autocapture reads — JSON-LD and data-homing-property-* on listings,
// data-homing-save on save buttons, search criteria in result URLs, named forms with email fields.
// Until then this file sends the SPEC §3 events by hand. The page_view on load is already automatic.
import { LISTINGS, toProperty } from './data.js';
import { findListings, readCriteria } from './criteria.js';

const listingEl = document.querySelector('main[data-homing-property]');
const listing = listingEl && LISTINGS.find((l) => l.id === listingEl.dataset.homingProperty);
const property = listing && toProperty(listing);

// The stub form, homing('track', …), works before and after homing.min.js has loaded.
if (property) homing('track', 'property_view', { property });

if (document.body.dataset.page === 'search') {
  const criteria = readCriteria(location.search);
  const { type, ...rest } = criteria; // the site's URL says type; SPEC §3 says propertyType
  const propertySearch = { ...rest, propertyType: type, resultCount: findListings(criteria).length, totalCount: LISTINGS.length };
  homing('track', 'search', { propertySearch });
}

for (const button of document.querySelectorAll('[data-homing-save]')) {
  // site.js's listener runs first (it was added first) and flips aria-pressed: "true" means just saved.
  button.addEventListener('click', () => {
    if (button.getAttribute('aria-pressed') !== 'true') return;
    homing('track', 'saved_property', { property: { ...property, savedToList: button.dataset.homingSave }, metadata: { source: 'listing page' } });
  });
}

for (const link of document.querySelectorAll('a[data-brochure]')) {
  link.addEventListener('click', () => {
    homing('track', 'document_downloaded', { property, metadata: { url: link.href, name: link.pathname.split('/').pop() } });
  });
}

/** The person a form names: the email, and the traits identify() takes. */
function person(form) {
  const f = form.elements;
  const [firstName, ...rest] = (f.firstName ? f.firstName.value : f.name.value).trim().split(/\s+/);
  const lastName = f.lastName ? f.lastName.value.trim() : rest.join(' ');
  const traits = { firstName };
  if (lastName) traits.lastName = lastName;
  if (f.phone.value.trim()) traits.phone = f.phone.value.trim();
  return { email: f.email.value.trim(), traits };
}

const inquiry = document.getElementById('inquiry');
inquiry?.addEventListener('submit', () => {
  const who = person(inquiry);
  homing('identify', who.email, who.traits);
  homing('track', 'inquiry', { property, message: inquiry.elements.message.value });
});

const contact = document.getElementById('contact');
contact?.addEventListener('submit', () => {
  const who = person(contact);
  const f = contact.elements;
  homing('identify', who.email, who.traits);
  homing('track', 'form_submission', { metadata: { formName: 'contact', formId: 'contact', fields: { topic: f.topic.value, message: f.message.value } } });
});

// SPEC §3: a page_view on every SPA navigation. The neighbourhoods app says when it routes.
addEventListener('demo:navigate', () => homing('page'));
