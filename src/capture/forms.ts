// capture/forms.ts: each submission that succeeded → form_submission, inquiry or search, and the person in it → identify (SPEC §6.2).
import { isEmail } from '../validate.js';
import { listingNear, pageListing, Property } from './listings.js';
import { readSearch } from './search.js';
import { clip, type Track } from './values.js';
import { readForm } from './fields.js';
import { Pending, watchOutcomes } from './pending.js';

export { classifyField, isCardNumber, readForm, type Kind, type Field } from './fields.js';

type Identify = (email: string, traits: Record<string, unknown>, messageId: string) => unknown;

const isSearchForm = (form: HTMLFormElement, search?: Property) =>
  form.matches('[role=search],[action*=search i],[id*=search i],[name*=search i],[class*=search i]') ||
  !!search && /Price|beds|baths|propertyType/.test(Object.keys(search).join());
// SPEC §6.2: a form in a listing page's content that asks an agent for a tour, a showing or a call is an inquiry.
const ASKS = /tour|showing|viewing|visit|see (it|the|this)|call me|call ?back|schedul|appointment/i;
/** FNV-1a, base 36: the same values of the same form in one page view give the same messageId. */
const hash = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
};

/**
 * One event per submission that succeeded: a submit the page lets through, a prevented one once the page
 * calls form.submit(), its request is answered with success or its plugin says so (pending.ts). `view` is
 * the page view's id; `endpoint` the collector's, whose requests are the tracker's own.
 */
export function watchForms(track: Track, identify: Identify, search: (criteria?: Property) => void, view: () => string, endpoint: string) {
  const outcomes = watchOutcomes(endpoint);
  const sent: Record<string, 1> = {};
  const typed = new WeakMap<HTMLFormElement, number>();
  const keystroke = (e: Event) => {
    const form = (e.target as HTMLInputElement).form;
    if (form && !typed.has(form)) typed.set(form, performance.now());
  };
  document.addEventListener('keydown', keystroke, true);
  document.addEventListener('input', keystroke, true);

  /** The form's event as it stands now, to send once it is a submission; nothing for search forms. */
  const prepare = (form: HTMLFormElement, e?: Event): Pending | undefined => {
    if (form.closest('[data-homing=off]')) return;
    const r = readForm(form);
    const { person } = r;
    const fields = r.password ? {} : r.fields;
    const criteria = readSearch(Object.entries(fields));
    if (!person.email && !r.password && isSearchForm(form, criteria)) {
      // A GET search that navigates shows its criteria in the results URL, read there with the result count.
      if (/post/i.test(form.getAttribute('method') || '')) search(criteria);
      else if (e) setTimeout(() => e.defaultPrevented && search(criteria));
      return;
    }
    const message = r.password ? undefined : person.message;
    const metadata = { formName: clip(form.getAttribute('name')), formId: clip(form.getAttribute('id')), fields };
    // SPEC §6.2: an inquiry names its listing, or stands in a listing page's content and asks an agent something.
    const named = person.listing || form.closest('[data-homing-property]');
    const property = named ? listingNear(form, person.listing)
      : !r.password && !r.recipient && (message || ASKS.test(form.textContent || '')) &&
        !form.closest('header,footer,nav,[role=banner],[role=contentinfo],[role=navigation]') ? pageListing() : undefined;
    const first = typed.get(form);
    const fast = first != null && performance.now() - first < 1000;
    // SPEC §6: the lead is still sent, flagged for the CRM to score.
    const props: Record<string, unknown> = { property, message, metadata };
    if (r.honeypot || fast) props.context = { automation: { honeypot: r.honeypot, fastSubmit: fast || undefined } };
    const values = Object.values(person).concat(Object.values(fields));
    const id = 'form:' + view() + ':' + hash([form.id, form.name, form.getAttribute('action')].concat(values).join('\n'));
    return {
      _form: form,
      _values: values.filter((v) => v.length > 2),
      _send() {
        if (sent[id]) return;
        sent[id] = 1;
        lead(person, identify, id + ':identify');
        track(property ? 'inquiry' : 'form_submission', props, { messageId: id });
      },
    };
  };

  let now: [Event, Pending] | undefined;
  /**
   * After the page's own submit handlers: one let through is a submission, unless it goes to a frame of the
   * page (Gravity Forms' AJAX): that one, like a prevented one, stays pending, as it has been since the submit
   * (the page's handlers may send its request during the dispatch).
   */
  const decide = () => {
    if (!now) return;
    const [e, p] = now;
    now = undefined;
    const form = p._form;
    if (e.defaultPrevented) return;
    if (form.target && document.getElementsByName(form.target)[0] instanceof HTMLIFrameElement) p._flight = 1;
    else outcomes._take(form), p._send();
  };
  document.addEventListener('submit', (e) => {
    try {
      decide();
      const p = prepare(e.target as HTMLFormElement, e);
      if (p) (now = [e, p]), outcomes._add(p), setTimeout(decide);
    } catch (err) { /* a form's markup never breaks its submission */ }
  }, true);
  // Window's listener runs after the page's handlers on the form and document (one that stops propagation: the timer).
  addEventListener('submit', decide);
  // form.submit() fires no submit event: it is a submission, the pending one of this form if there is one.
  const submit = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = function (this: HTMLFormElement) {
    try {
      decide();
      const p = outcomes._take(this) || prepare(this);
      if (p) p._send();
    } catch (err) { /* the form is sent all the same */ }
    return submit.call(this);
  };
}

/** An email in the form identifies the visitor (SPEC §5), with the name and phone as traits. */
function lead(person: Record<string, string>, identify: Identify, messageId: string) {
  const [first, ...rest] = (person.name || '').split(/\s+/);
  if (isEmail(person.email)) identify(person.email, {
    firstName: person.firstName || first || undefined,
    lastName: person.lastName || rest.join(' ') || undefined,
    phone: person.phone,
  }, messageId);
}
