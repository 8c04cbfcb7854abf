// capture/embeds.ts: schedulers and forms in other sites' iframes that tell the page by postMessage (SPEC §6.2),
// heard from each embed's own origin only.
import { isEmail } from '../validate.js';
import { pageListing } from './listings.js';
import { clip, type Track } from './values.js';
import { classifyField } from './fields.js';

type Identify = (email: string, traits: Record<string, unknown>) => unknown;
/** What a message means: the event, its metadata and, for a form, its values by field name. */
type Heard = false | [string, Record<string, unknown>, Record<string, unknown>?];

/**
 * Each embed: the origins it posts from ('self': the page's own, where its script runs in the page) and what
 * its message means. The shapes, as each vendor documents or ships them:
 * - Calendly, https://developer.calendly.com/api-docs/overview/embedding/notifying-the-parent-window:
 *   { event: 'calendly.event_scheduled', payload: { event: { uri }, invitee: { uri } } } from https://calendly.com.
 * - HubSpot forms, https://developers.hubspot.com/docs/cms/start-building/features/forms/legacy-forms (global
 *   form events): { type: 'hsFormCallback', eventName: 'onFormSubmitted', id: formGuid, data: { submissionValues:
 *   { email, firstname, … } } }, posted by its embed script in the page, or from a frame on *.hsforms.com/.net.
 * - Typeform, @typeform/embed (packages/embed/src/utils/create-iframe/get-form-event-handler.ts):
 *   { type: 'form-submit', embedId, responseId } from https://form.typeform.com.
 * - Tally, https://developers.tally.so/widgets/events: the JSON string of { event: 'Tally.FormSubmitted',
 *   payload: { formId, formName, … } } from https://tally.so.
 */
const EMBEDS: [RegExp, (d: any) => Heard][] = [
  [/^https:\/\/calendly\.com$/, (d) => d.event == 'calendly.event_scheduled' &&
    ['appointment_scheduled', { embed: 'calendly', eventUri: clip(d.payload.event.uri), inviteeUri: clip(d.payload.invitee.uri) }]],
  [/^(self|https:\/\/([\w-]+\.)*hsforms\.(com|net))$/, (d) => d.type == 'hsFormCallback' && d.eventName == 'onFormSubmitted' &&
    ['form_submission', { embed: 'hubspot', formId: clip(d.id) }, d.data.submissionValues]],
  [/^https:\/\/form\.typeform\.com$/, (d) => d.type == 'form-submit' && ['form_submission', { embed: 'typeform', responseId: clip(d.responseId) }]],
  [/^https:\/\/tally\.so$/, (d) => (d = JSON.parse(d)).event == 'Tally.FormSubmitted' &&
    ['form_submission', { embed: 'tally', formId: clip(d.payload.formId), formName: clip(d.payload.formName) }]],
];

// HubSpot's contact properties by internal name: the person's. SPEC §5, §6.2: what is never read is the forms'
// rule (fields.ts: by name, and cards and national ids by value), and HubSpot's own plumbing (hs_*).
const PERSON: Record<string, string> = { email: 'email', firstname: 'firstName', lastname: 'lastName', phone: 'phone', mobilephone: 'phone', message: 'message' };
const secret = (k: string, v: string) => /^hs_/.test(k) || (!PERSON[k] && classifyField({ name: k, type: 'text', autocomplete: '' }, v) == 'secret');

/** The embeds' messages → appointment_scheduled, form_submission or inquiry, and identify for a form with an email. */
export function watchEmbeds(track: Track, identify: Identify) {
  addEventListener('message', (e) => {
    try {
      const origin = e.origin == location.origin ? 'self' : e.origin;
      const heard = EMBEDS.reduce<Heard>((h, [from, read]) => h || (from.test(origin) && read(e.data)), false);
      if (!heard) return;
      const [event, metadata, values] = heard;
      const person: Record<string, string> = {};
      const fields: Record<string, string> = {};
      let n = 0;
      for (const k in values) {
        const v = clip(values[k]);
        if (v && !secret(k, v)) PERSON[k] ? (person[PERSON[k]] = v) : n++ < 40 && (fields[k] = v);
      }
      if (isEmail(person.email)) identify(person.email, { firstName: person.firstName, lastName: person.lastName, phone: person.phone });
      // SPEC §6.2: on a listing page, a booking is about the listing, and a form asking something is an inquiry.
      const property = pageListing();
      const name = property && person.message ? 'inquiry' : event;
      if (values) metadata.fields = fields;
      track(name, { property: name != 'form_submission' ? property : undefined, message: person.message, metadata });
    } catch (err) { /* another site's message never breaks the page */ }
  });
}
