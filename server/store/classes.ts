// classes.ts: SPEC §7's sending classes, the names each holds by default, and the outbox's priority numbers.

export type EventClass = 'lead' | 'engagement' | 'browsing';

/** The outbox's `priority` column: lower is sent first. */
export const PRIORITY: Record<EventClass, number> = { lead: 0, engagement: 1, browsing: 2 };
export const CLASSES: readonly EventClass[] = ['lead', 'engagement', 'browsing'];

/** A `form_submission` that carries an email is a lead too (every stored event has one: SPEC §4's identify). */
export const DEFAULT_LEAD_EVENTS: readonly string[] = ['identify', 'inquiry', 'appointment_scheduled'];
/** Lead events that are not a request for an agent: within the lead class they go after other people's requests. */
export const SIGN_UP_EVENTS: readonly string[] = ['identify', 'form_submission'];
export const DEFAULT_ENGAGEMENT_EVENTS: readonly string[] = ['saved_property', 'search', 'document_downloaded', 'email_clicked'];

export function classOfPriority(priority: number): EventClass {
  return CLASSES[Math.max(0, Math.min(2, priority))];
}
