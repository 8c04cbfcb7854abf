// round.ts: one claim's sending: the person's latest traits on every event, a lead's recentActivity, browsing
// condensed when the budget cannot keep up, and a person's events one after another, stopping at the first not sent.
import type { Outbox } from '../store/store.js';
import { condensedEvent, recentActivity } from './activity.js';
import { eachByPerson } from './people.js';
import type { Settler } from './settle.js';
import { UNSENT, type Destination, type OutboxEvent, type SendContext } from './types.js';

/** 000 keeps metadata within 256 KB: a thousand messageIds fit with room to spare. */
export const MAX_CONDENSED = 1000;
const BROWSING = 2;

export interface RoundDeps {
  outbox: Outbox;
  leaseMs: number;
  settler: Settler;
  isCondensing: boolean;
  contextFor(isLead: boolean): SendContext;
}

export async function sendRound(d: Destination, claimed: OutboxEvent[], deps: RoundDeps): Promise<void> {
  const { settle } = deps.settler;
  let events = claimed.map(withTraits);
  if (d.sendBatch) {
    const outcomes = await d.sendBatch(events, deps.contextFor(events.some((e) => e.priority === 0)));
    await Promise.all(events.map((e, i) => settle(e, outcomes[i])));
    return;
  }
  if (deps.isCondensing) events = await condense(d, events, deps);
  const stopped = new Set<string>();
  const settling: Promise<void>[] = [];
  // A person's next event does not wait for the last one's confirmation to commit: rounds are grouped.
  await eachByPerson(events, d.concurrency, async (e) => {
    const lane = (e.person ?? e.event.identify.email) + ' ' + e.priority;
    // Their earlier event of this class did not go: this one waits its turn (capture order, SPEC §7).
    if (stopped.has(lane)) return void settling.push(settle(e, UNSENT));
    // Just before it goes, so that the answers before it have told the budget.
    await withRecentActivity(d, e, deps.outbox);
    const outcome = await d.sendEach!(e, deps.contextFor(e.priority === 0));
    if (outcome.kind !== 'sent' && outcome.kind !== 'skipped') stopped.add(lane);
    settling.push(settle(e, outcome));
  });
  await Promise.all(settling);
}

/** The traits the collector stored for the person last (identify, forms) win over the ones the event was captured with. */
export function withTraits(e: OutboxEvent): OutboxEvent {
  if (!e.traits) return e;
  const identify = { ...e.event.identify, traits: { ...e.event.identify.traits, ...e.traits } };
  return { ...e, event: { ...e.event, identify } };
}

/** Each person's browsing in this claim, with the rest of their due browsing, becomes one website_activity event. */
async function condense(d: Destination, events: OutboxEvent[], deps: RoundDeps): Promise<OutboxEvent[]> {
  const out = events.filter((e) => e.priority !== BROWSING);
  const people = new Map<string, OutboxEvent[]>();
  for (const e of events) if (e.priority === BROWSING) people.set(e.person ?? '', [...(people.get(e.person ?? '') ?? []), e]);
  for (const [person, rows] of people) {
    const more = person ? await deps.outbox.claimPerson(d.name, person, BROWSING, MAX_CONDENSED - rows.length, deps.leaseMs) : [];
    const all = [...rows, ...more.map(withTraits)].sort((a, b) => a.id - b.id);
    if (all.length === 1) { out.push(all[0]); continue; }
    // The same rows condense to the same messageId: a resend after a crash is recognisable downstream.
    const messageId = 'activity:' + d.name + ':' + all[0].id + '-' + all[all.length - 1].id;
    out.push({ ...all[0], event: condensedEvent(all.map((e) => e.event), messageId), messageId, standsFor: all });
  }
  return out;
}

/**
 * A lead event (not identify) tells what the lead browsed that is still waiting behind it. Only where a budget holds
 * browsing back: without one, the browsing follows within the same moments (and the query would cost every lead).
 */
async function withRecentActivity(d: Destination, e: OutboxEvent, outbox: Outbox): Promise<void> {
  if (e.priority !== 0 || e.event.event === 'identify' || !e.person || d.pacer.rate() === undefined) return;
  const pending = await outbox.pendingOfPerson(d.name, e.person, 500).catch(() => []);
  const summary = recentActivity(pending.reverse());
  if (!summary) return;
  const p = e.event.properties ?? {};
  const metadata = typeof p.metadata === 'object' && p.metadata !== null && !Array.isArray(p.metadata) ? p.metadata : {};
  e.event = { ...e.event, properties: { ...p, metadata: { ...metadata, recentActivity: summary } } };
}
