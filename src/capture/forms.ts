// capture/forms.ts: submitted forms → form_submission, inquiry or search, and the person in them → identify.
import { checkEmail } from '../validate.js';
import { listingNear, pageListing, Property } from './listings.js';
import { readSearch } from './search.js';
import { clip } from './values.js';

type Track = (event: string, properties: Record<string, unknown>) => unknown;
type Identify = (email: string, traits: Record<string, unknown>) => unknown;
export type Kind = 'secret' | 'email' | 'phone' | 'firstName' | 'lastName' | 'name' | 'message' | 'listing' | 'field';
export interface Field { name: string; type: string; autocomplete: string }

// SPEC §5: never captured. Names and autocomplete tokens of passwords, cards, CVVs, national ids and bank details.
const SECRET = /pass|card|cc-|ccn|cvv|cvc|csc|security.?code|expir|ssn|social.?sec|national|passport|tax.?id|\bnin?\b|iban|routing|account.?n|\bpin\b|one-time|otp|token|secret/i;
const SKIPPED = /^(password|hidden|file|submit|button|reset|image)$/;

/** The Luhn check every card number passes: 13 to 19 digits, spaces and dashes allowed. */
export function isCardNumber(value: string): boolean {
  const d = value.replace(/[\s-]/g, '');
  if (!/^\d{13,19}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    const x = +d[d.length - 1 - i] * (i % 2 ? 2 : 1);
    sum += x > 9 ? x - 9 : x;
  }
  return sum % 10 == 0;
}

/** What a field holds, by its type, name (or id) and autocomplete, and for cards and US SSNs its value. */
export function classifyField(f: Field, value: string): Kind {
  const name = f.name.toLowerCase();
  const auto = f.autocomplete.toLowerCase();
  if (SKIPPED.test(f.type) || SECRET.test(name + ' ' + auto) || isCardNumber(value) || /^\d{3}-\d{2}-\d{4}$/.test(value)) return 'secret';
  if (f.type == 'email' || /e-?mail/.test(name + auto)) return 'email';
  if (f.type == 'tel' || /phone|mobile|\btel/.test(name + ' ' + auto)) return 'phone';
  if (/given|first|fname/.test(name + auto)) return 'firstName';
  if (/family|last|surname|lname/.test(name + auto)) return 'lastName';
  if (auto == 'name' || /^(your|full|contact)?[-_ ]?name$/.test(name)) return 'name';
  if (/message|comment|question|enquiry|inquiry/.test(name)) return 'message';
  if (/^(listing|property|mls)[-_ ]?(id|number|ref)?$/.test(name)) return 'listing';
  return 'field';
}

/** The non-sensitive fields of a form by kind; fields (and forms) marked data-homing="off" are left out. */
export function readForm(form: HTMLFormElement): { person: Record<string, string>; fields: Record<string, string> } {
  const person: Record<string, string> = {};
  const fields: Record<string, string> = {};
  let n = 0;
  for (const el of form.elements as unknown as HTMLInputElement[]) {
    const name = el.name || el.id;
    const value = clip(el.value);
    if (!name || !value || el.disabled || (/^(checkbox|radio)$/.test(el.type) && !el.checked) || el.closest('[data-homing=off]')) continue;
    const kind = classifyField({ name, type: el.type, autocomplete: el.getAttribute('autocomplete') || '' }, value);
    if (kind == 'field' || kind == 'message') {
      // SPEC §4.1: the tracker leaves most of the 100 leaf keys to the site.
      if (n++ < 40) fields[name] = value;
      if (kind == 'message') person.message = value;
    } else if (kind != 'secret') person[kind] = value;
  }
  return { person, fields };
}

const isSearchForm = (form: HTMLFormElement, search?: Property) =>
  form.matches('[role=search],[action*=search i],[id*=search i],[name*=search i],[class*=search i]') ||
  !!search && /Price|beds|baths|propertyType/.test(Object.keys(search).join());

/** Every submitted form, including form.submit() and forms that post with fetch after preventDefault. */
export function watchForms(track: Track, identify: Identify, search: (criteria?: Property) => void) {
  const submitted = (form: HTMLFormElement, e?: Event) => {
    try {
      if (form.closest('[data-homing=off]')) return;
      const { person, fields } = readForm(form);
      const criteria = readSearch(Object.entries(fields));
      if (!person.email && isSearchForm(form, criteria)) {
        // A GET search that navigates shows its criteria in the results URL, read there with the result count.
        if (/post/i.test(form.getAttribute('method') || '')) search(criteria);
        else if (e) setTimeout(() => e.defaultPrevented && search(criteria));
        return;
      }
      lead(person, identify);
      const metadata = { formName: clip(form.getAttribute('name')), formId: clip(form.getAttribute('id')), fields };
      // SPEC §3: a form on a listing page, or with a message and a listing reference, is an inquiry.
      const property = person.message ? listingNear(form, person.listing) : pageListing();
      if (property) track('inquiry', { property, message: person.message, metadata });
      else track('form_submission', { metadata });
    } catch (err) { /* a form's markup never breaks its submission */ }
  };
  document.addEventListener('submit', (e) => submitted(e.target as HTMLFormElement, e), true);
  // form.submit() fires no submit event.
  const submit = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = function (this: HTMLFormElement) {
    submitted(this);
    return submit.call(this);
  };
}

/** An email in the form identifies the visitor (SPEC §5), with the name and phone as traits. */
function lead(person: Record<string, string>, identify: Identify) {
  if (!person.email || checkEmail(person.email)) return;
  const [first, ...rest] = (person.name || '').split(/\s+/);
  identify(person.email, {
    firstName: person.firstName || first || undefined,
    lastName: person.lastName || rest.join(' ') || undefined,
    phone: person.phone,
  });
}
