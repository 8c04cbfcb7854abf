// capture/fields.ts: what each field of a form holds (by type, name, id, autocomplete and label), and what is never read.
import { isEmail } from '../validate.js';
import { clip } from './values.js';

export type Kind = 'secret' | 'recipient' | 'email' | 'phone' | 'firstName' | 'lastName' | 'name' | 'message' | 'listing' | 'field';
export interface Field { name: string; type: string; autocomplete: string; label?: string }

// Read from " name autocomplete label " in lower case, words split on anything else, first match wins.
// SPEC §5, §6.2: never captured: cards, CVVs, bank details, one-time codes, captcha answers, the national
// ids of §6.1's markets, dates of birth, licences, and the plugins' plumbing (CF7, Formidable, Forminator).
const SECRET = new RegExp('pass|card|\\bcc |ccn|cvv|cvc|csc|security code|expir|ssn|social sec|national|tax id|\\bnin?o?\\b|iban|routing|' +
  'account n|\\bpin\\b|one time|otp|token|secret|captcha|turnstile|nonce|\\bsin\\b|cpf|cnpj|curp|\\brfc\\b|aadhaa?r|\\bpan\\b|emirates|' +
  'id number|passport|\\bdob\\b|birth|bday|licen[cs]e|driver|^ (wpcf7|frm|item key|forminator|render id|form id|wp http referer)');
const KINDS: [RegExp, Kind][] = [
  [SECRET, 'secret'],
  [/e ?mail/, 'email'],
  [/phone|mobile|\btel\b/, 'phone'],
  [/given|first|fname/, 'firstName'],
  [/family|last|surname|lname/, 'lastName'],
  [/compan|organi|business/, 'field'],
  [/ name /, 'name'],
  [/message|comment|question|enquiry|inquiry/, 'message'],
  [/ (listing|property|mls) ?(id|number|ref)? /, 'listing'],
];
// SPEC §6: a hidden field that names the form's listing (listing_id, property_id, mls_number, …) gives its id alone.
const LISTING_REF = /^ (listing|property|mls) ?(id|number|no|ref|reference|code)? /;
// SPEC §6.2: a recipient's address or name is not the visitor's.
const RECIPIENT = /friend|recipient|referr|their|^ (to|cc|bcc) /;
// Numbers shaped like national ids (US SSN, Brazil CPF and CNPJ, Mexico CURP and RFC, India PAN and Aadhaar,
// UK NINO, UAE Emirates ID); 9-digit Luhn values (Canada SIN) and 13-digit ones (South Africa) fall to the Luhn check.
const ID_SHAPE = new RegExp('^(\\d{3}-\\d\\d-\\d{4}|\\d{3}\\.\\d{3}\\.\\d{3}-\\d\\d|\\d\\d\\.\\d{3}\\.\\d{3}/\\d{4}-\\d\\d|[A-Z]{4}\\d{6}[HM][A-Z]{5}[A-Z\\d]\\d|' +
  '[A-Z&]{3,4}\\d{6}[A-Z\\d]{3}|[A-Z]{5}\\d{4}[A-Z]|[A-Z]{2} ?\\d\\d ?\\d\\d ?\\d\\d ?[A-D]|784-?\\d{4}-?\\d{7}-?\\d|[2-9]\\d{3} ?\\d{4} ?\\d{4})$');

/** The Luhn check every card number (13 to 19 digits) and a Canadian SIN (9) pass; spaces and dashes allowed. */
export function isCardNumber(value: string): boolean {
  const d = value.replace(/[\s-]/g, '');
  let sum = 0;
  for (let i = d.length; i--;) {
    const x = +d[i] * ((d.length - i) % 2 ? 1 : 2);
    sum += x > 9 ? x - 9 : x;
  }
  return /^(\d{9}|\d{13,19})$/.test(d) && sum % 10 == 0;
}

/** What a field holds, by its type, name (or id), autocomplete and label, and for cards and national ids its value. */
export function classifyField(f: Field, value: string): Kind {
  const t = (' ' + f.name + ' ' + f.autocomplete + ' ' + (f.label || '') + ' ').toLowerCase().replace(/[^a-z0-9]+/g, ' ');
  if (f.type == 'hidden' && LISTING_REF.test(t)) return 'listing';
  if (/^(hidden|file|submit|button|reset|image|password)$/.test(f.type)) return 'secret';
  let k = (KINDS.find(([re]) => re.test(t)) || [, 'field'])[1] as Kind;
  // A choice (select, radio, checkbox) is never the person's name or address, whatever its label says.
  if (k != 'secret' && k != 'message' && !/^(text|email|tel|search|url|textarea|)$/.test(f.type)) k = 'field';
  if (k == 'field') k = ({ email: 'email', tel: 'phone', textarea: 'message' } as Record<string, Kind>)[f.type] || k;
  if (k != 'phone' && k != 'listing' && (isCardNumber(value) || ID_SHAPE.test(value.trim()))) k = 'secret';
  return k != 'secret' && k != 'field' && k != 'message' && RECIPIENT.test(t) ? 'recipient' : k;
}

/** The field's label as people read it: its <label>s, aria-label, placeholder and id. */
const labelOf = (el: HTMLInputElement) =>
  Array.from(el.labels || [], (l) => l.textContent).join(' ') + ' ' + [el.getAttribute('aria-label'), el.placeholder, el.id].join(' ');

/** A text field hidden from people that the form expects empty: a honeypot (SPEC §6, §6.2), whatever the plugin. */
const isHoneypot = (el: HTMLInputElement, label: string, ac: string) =>
  /^(text|email|tel|url|textarea)$/.test(el.type) &&
  (!el.getClientRects().length || getComputedStyle(el).visibility == 'hidden' || !!el.closest('[aria-hidden=true]')) &&
  (el.tabIndex < 0 || /^(off|new-password|nope)$/.test(ac) || /\bhp\b|honey|verify|trap|human|blank|spam/i.test(label + ' ' + el.className + ' ' + el.name));

export interface Read { person: Record<string, string>; fields: Record<string, string>; honeypot?: boolean; password?: boolean; recipient?: boolean }

/** The non-sensitive fields of a form by kind; fields (and forms) marked data-homing="off" are left out. */
export function readForm(form: HTMLFormElement): Read {
  const person: Record<string, string> = {};
  const fields: Record<string, string> = {};
  const r: Read = { person, fields };
  let n = 0;
  for (const el of form.elements as unknown as HTMLInputElement[]) {
    const name = el.name || el.id;
    const value = clip(el.value);
    if (el.type == 'password') r.password = true;
    if (!name || !value || el.disabled || (/^(checkbox|radio)$/.test(el.type) && !el.checked) || el.closest('[data-homing=off]')) continue;
    const label = labelOf(el);
    const ac = el.getAttribute('autocomplete') || '';
    if (isHoneypot(el, label, ac)) {
      r.honeypot = true;
      continue;
    }
    let kind = classifyField({ name, type: el.type, autocomplete: ac, label }, value);
    if (kind == 'email' && !isEmail(value)) kind = 'field';
    if (kind == 'recipient') r.recipient = true;
    // SPEC §4.1: the tracker leaves most of the 100 leaf keys to the site.
    if (/^(field|message)$/.test(kind) && n++ < 40) fields[name] = value;
    // The first of each is the visitor's (a message, a name), but autocomplete="email" names the sender outright.
    if (kind == 'listing') person.listing = value.slice(0, 100);
    else if (!/^(field|secret|recipient)$/.test(kind) && (!person[kind] || (kind == 'email' && /\bemail\b/.test(ac)))) person[kind] = value;
  }
  return r;
}
