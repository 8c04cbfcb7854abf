// capture/forms.ts: submitted forms → form_submission, inquiry or search, and the person in them → identify.
import { isEmail } from '../validate.js';
import { listingNear, pageListing, Property } from './listings.js';
import { readSearch } from './search.js';
import { clip, type Track } from './values.js';

type Identify = (email: string, traits: Record<string, unknown>) => unknown;
export type Kind = 'secret' | 'email' | 'phone' | 'firstName' | 'lastName' | 'name' | 'message' | 'listing' | 'field';
export interface Field { name: string; type: string; autocomplete: string }

// What a field holds, read from "type name autocomplete" (lower case), first match wins. SPEC §5: never
// captured: buttons, files, hidden inputs, passwords, cards, CVVs, national ids and bank details. SPEC §6:
// a hidden field that names the form's listing (listing_id, property_id, mls_number, …) gives its id alone.
const KINDS: [RegExp, Kind][] = [
  [/^hidden _?(listing|property|mls)[-_]?(id|number|no|ref|reference|code)? /, 'listing'],
  [/^(hidden|file|submit|button|reset|image) |pass|card|cc-|ccn|cvv|cvc|csc|security.?code|expir|ssn|social.?sec|national|tax.?id|\bnin?\b|iban|routing|account.?n|\bpin\b|one-time|otp|token|secret/, 'secret'],
  [/e-?mail/, 'email'],
  [/phone|mobile|\btel/, 'phone'],
  [/given|first|fname/, 'firstName'],
  [/family|last|surname|lname/, 'lastName'],
  [/ (your|full|contact)?[-_ ]?name | name$/, 'name'],
  [/^textarea |message|comment|question|enquiry|inquiry/, 'message'],
  [/ (listing|property|mls)[-_ ]?(id|number|ref)? /, 'listing'],
];

/** The Luhn check every card number passes: 13 to 19 digits, spaces and dashes allowed. */
export function isCardNumber(value: string): boolean {
  const d = value.replace(/[\s-]/g, '');
  let sum = 0;
  for (let i = d.length; i--;) {
    const x = +d[i] * ((d.length - i) % 2 ? 1 : 2);
    sum += x > 9 ? x - 9 : x;
  }
  return /^\d{13,19}$/.test(d) && sum % 10 == 0;
}

/** What a field holds, by its type, name (or id) and autocomplete, and for cards and US SSNs its value. */
export function classifyField(f: Field, value: string): Kind {
  const s = (f.type + ' ' + f.name + ' ' + f.autocomplete).toLowerCase();
  if (isCardNumber(value) || /^\d{3}-\d{2}-\d{4}$/.test(value)) return 'secret';
  const k = KINDS.find(([re]) => re.test(s));
  return k ? k[1] : 'field';
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
    // SPEC §4.1: the tracker leaves most of the 100 leaf keys to the site.
    if (/^(field|message)$/.test(kind) && n++ < 40) fields[name] = value;
    // The first message field is the visitor's message; a hidden listing reference is an id, cut to 100.
    if (kind == 'listing') person.listing = value.slice(0, 100);
    else if (!/^(field|secret)$/.test(kind) && !(kind == 'message' && person.message)) person[kind] = value;
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
      // SPEC §6: a form on a listing page, or naming its listing (a listing field, data-homing-property), is an inquiry.
      const named = person.listing || form.closest('[data-homing-property]');
      const property = named ? listingNear(form, person.listing) : pageListing();
      if (property) track('inquiry', { property, message: person.message, metadata });
      else track('form_submission', { message: person.message, metadata });
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
  const [first, ...rest] = (person.name || '').split(/\s+/);
  if (isEmail(person.email)) identify(person.email, {
    firstName: person.firstName || first || undefined,
    lastName: person.lastName || rest.join(' ') || undefined,
    phone: person.phone,
  });
}
