// request.ts: one request to a destination: wait for a slot, POST, read the rate-limit headers and the verdict.
import { readAnswer, type Verdict } from './answer.js';
import { postJson, type Answer } from './post.js';
import type { Pacer } from './pace.js';
import type { SendContext } from './types.js';

export interface Target {
  url: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  pacer: Pacer;
}

export type Sent = { answer: Answer; verdict: Verdict } | undefined;

/**
 * `readFirst` lets a destination read an answer its own way before the common rules.
 * Undefined when nothing went out (no slot before the lease ends, or the relay is stopping). */
export async function request(target: Target, body: unknown, ctx: SendContext, readFirst?: (a: Answer) => Verdict | undefined): Promise<Sent> {
  if (ctx.signal.aborted || !(await ctx.slot())) return undefined;
  const answer = await postJson(target.url, body, { headers: target.headers, timeoutMs: target.timeoutMs, signal: ctx.signal });
  const now = ctx.now();
  target.pacer.observe(answer.headers, now, answer.status);
  if (ctx.signal.aborted) return undefined;
  const verdict = readFirst?.(answer) ?? readAnswer(answer, now);
  if (verdict.pauseUntil) target.pacer.pauseUntil(verdict.pauseUntil);
  return { answer, verdict };
}
