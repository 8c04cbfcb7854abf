// marketing.send.ts: one POST per event to the marketing platform (002): the user first, then its events, opens paced.
import type { Answer } from './post.js';
import type { DestinationConfig } from './config.js';
import { loginBody, mapMarketingEvent } from './marketing.map.js';
import { createPacer } from './pace.js';
import { request, type Sent, type Target } from './request.js';
import { UNSENT, type Sender, type Outcome, type OutboxEvent, type SendContext } from './types.js';

/** 002: "Email opens are limited at one each 20 minutes"; later ones within that time are discarded. */
export const EMAIL_OPEN_WINDOW_MS = 20 * 60_000;
/** Sent this long after the window, so the platform's clock surely agrees that it has passed. */
const OPEN_MARGIN_MS = 5_000;

export interface LastOpen {
  capturedAt: number;
  sentAt: number;
}

export type OpenDecision = { kind: 'send' } | { kind: 'skip'; reason: string } | { kind: 'wait'; ms: number };

/**
 * Opens captured within 20 minutes of the last one forwarded are the noise 002 discards: skipped.
 * An open captured later is a new one, but is held until 20 minutes after the last was sent,
 * so that the platform counts it instead of discarding it.
 */
export function decideOpen(last: LastOpen | undefined, capturedAt: number, now: number): OpenDecision {
  if (!last) return { kind: 'send' };
  if (Math.abs(capturedAt - last.capturedAt) < EMAIL_OPEN_WINDOW_MS)
    return { kind: 'skip', reason: 'an email_opened of this person captured within 20 minutes was already sent' };
  const free = last.sentAt + EMAIL_OPEN_WINDOW_MS + OPEN_MARGIN_MS;
  return now < free ? { kind: 'wait', ms: free - now } : { kind: 'send' };
}

/** 002 answers 400 with `errors: [{ message }]` when the user does not exist yet. */
export function isUserMissing(a: Answer): boolean {
  if (a.status !== 400 && a.status !== 404) return false;
  const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? '');
  return /user/i.test(text) && /(not found|not exist|must exist|unknown)/i.test(text);
}

export function createMarketingDestination(cfg: DestinationConfig): Sender {
  const pacer = createPacer(cfg.ratePerMinute, { reserve: cfg.reserve, spread: true });
  const target: Target = { url: cfg.url, headers: { Authorization: 'Bearer ' + cfg.token }, timeoutMs: cfg.timeoutMs, pacer };
  // Per process: after a restart, a person's first event logs them in again (login is an idempotent upsert).
  const knownUsers = new Set<string>();
  const lastOpens = new Map<string, LastOpen>();
  const userMissing = (a: Answer) => (isUserMissing(a) ? { outcome: { kind: 'retry', error: 'user does not exist' } as Outcome } : undefined);

  async function post(e: OutboxEvent, ctx: SendContext): Promise<Sent> {
    const email = e.event.identify.email;
    const body = mapMarketingEvent(e.event, knownUsers.has(email));
    const sent = await request(target, body, ctx, userMissing);
    if (sent?.verdict.outcome.kind === 'sent' && e.event.event === 'identify') knownUsers.add(email);
    return sent;
  }

  async function login(email: string, ctx: SendContext): Promise<Outcome> {
    const sent = await request(target, loginBody(email), ctx);
    if (!sent) return UNSENT;
    if (sent.verdict.outcome.kind === 'sent') knownUsers.add(email);
    return sent.verdict.outcome;
  }

  async function sendEach(e: OutboxEvent, ctx: SendContext): Promise<Outcome> {
    const email = e.event.identify.email;
    const isOpen = e.event.event === 'email_opened';
    const capturedAt = Date.parse(String(e.event.timestamp)) || Number(e.event.timestamp);
    if (isOpen) {
      const d = decideOpen(lastOpens.get(email), capturedAt, ctx.now());
      if (d.kind === 'skip') return { kind: 'skipped', reason: d.reason };
      if (d.kind === 'wait') return { kind: 'retry', error: 'held: one email_opened per person per 20 minutes', retryAfterMs: d.ms, isBusy: true };
    }
    if (e.event.event !== 'identify' && !knownUsers.has(email)) {
      const first = await login(email, ctx);
      if (first.kind !== 'sent') return first;
    }
    let sent = await post(e, ctx);
    if (sent && isUserMissing(sent.answer)) {
      // The platform no longer has the user this process logged in earlier: log in again and try once more.
      knownUsers.delete(email);
      const again = await login(email, ctx);
      if (again.kind !== 'sent') return again;
      sent = await post(e, ctx);
    }
    if (!sent) return UNSENT;
    if (isOpen && sent.verdict.outcome.kind === 'sent') lastOpens.set(email, { capturedAt, sentAt: ctx.now() });
    return sent.verdict.outcome;
  }

  return { name: cfg.name, type: 'marketing', batchSize: cfg.batchSize, concurrency: cfg.concurrency, timeoutMs: cfg.timeoutMs, pacer, sendEach };
}
