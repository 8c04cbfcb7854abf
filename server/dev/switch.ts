// switch.ts: the fault switch and the request log as a wrapper around the collector's batch answer (tests, demo).
import { isPlainObject } from '../../src/validate.js';
import { batchReply, type Passed, type Refused } from '../collector/batch.js';
import type { Answer, Ask } from '../collector/collector.js';
import { errorReply, type Reply } from '../http/reply.js';
import type { Status } from '../store/store.js';
import { faultReply, type Faults } from './faults.js';
import { logEvents, requestEntry, type Log } from '../admin/log.js';

export interface Switch {
  wrap(answer: Answer): Answer;
  /** Drops the requests a `timeout` fault holds and the timers of `slow` ones. */
  close(): void;
}

export function createSwitch(faults: Faults, log: Log): Switch {
  const held = new Set<Ask['res']>();
  const timers = new Set<NodeJS.Timeout>();

  const wrap = (answer: Answer): Answer => async (ask) => {
    const entry = requestEntry(ask.req, ask.receivedAt, ask.from, ask.body, ask.parsed);
    log.addRequest(entry);
    if (ask.storeError !== undefined) return answer(ask);
    if (faults.isStrict('gzipReset') && isCompressed(ask.req)) return void ask.req.socket.destroy();
    if (faults.isStrict('gzip400') && isCompressed(ask.req)) {
      entry.status = 400;
      return errorReply(400, 'strict proxy: compressed bodies are refused');
    }
    const fault = faults.next();
    if (fault) entry.fault = fault.mode;
    if (fault?.mode === 'reset') return void ask.req.socket.destroy();
    if (fault?.mode === 'timeout') {
      held.add(ask.res);
      return void ask.res.once('close', () => held.delete(ask.res));
    }
    const reply = fault && typeof fault.mode === 'number' ? faultReply(fault) : await answerWithRules(answer, ask);
    if (fault?.mode === 'slow') await delay(fault.delayMs ?? 1000);
    if (reply) entry.status = reply.status;
    if (reply && ask.parsed?.ok) logEvents(log, ask, reply);
    return reply;
  };

  /** The per-event rules: refused events are taken out before the collector answers, and put back in its reply. */
  async function answerWithRules(answer: Answer, ask: Ask): Promise<Reply | undefined> {
    const isChecked = !ask.refusal && ask.rate?.ok !== false && ask.parsed?.ok;
    if (!isChecked || !ask.parsed?.ok) return answer(ask);
    const events = ask.parsed.batch.events;
    const rules = events.map((e) => (isPlainObject(e) ? faults.rule(e.event) : undefined));
    const whole = rules.find((r) => r?.wholeBatch400);
    if (whole) return errorReply(400, 'the batch holds an event the collector refuses ("' + whole.rejectEvent + '")');
    if (!rules.some(Boolean)) return answer(ask);
    const kept = events.map((_, i) => i).filter((i) => !rules[i]);
    const refused: Refused[] = [];
    rules.forEach((r, index) => {
      if (r) refused.push({ index, raw: events[index], code: r.code, message: 'event: "' + r.rejectEvent + '" is refused by this collector' });
    });
    const inner = kept.length
      ? await answer({ ...ask, parsed: { ok: true, batch: { ...ask.parsed.batch, events: kept.map((i) => events[i]) } } })
      : { status: 400, body: { events: [], errors: [] } };
    return inner && mergeReply(inner, kept, refused);
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { timers.delete(timer); resolve(); }, ms);
      timers.add(timer);
    });
  }

  return {
    wrap,
    close() {
      for (const timer of timers) clearTimeout(timer);
      for (const res of held) res.socket?.destroy();
    },
  };
}

interface BatchBody {
  events: { index: number; messageId: string; status: Status }[];
  errors: { index: number; errors: { code: string; message: string }[] }[];
}

/** The collector's reply to the kept events, with indexes mapped back and the refused events added. */
function mergeReply(inner: Reply, kept: number[], refused: Refused[]): Reply {
  const body = inner.body as Partial<BatchBody> | undefined;
  if (!body || !Array.isArray(body.events) || !Array.isArray(body.errors)) return inner;
  const passed = body.events.map((e) => ({ index: kept[e.index], event: { messageId: e.messageId } }) as Passed);
  const statuses = body.events.map((e) => e.status);
  const theirs: Refused[] = body.errors.map((e) => ({ index: kept[e.index], raw: undefined, code: e.errors[0].code, message: e.errors[0].message }));
  const all = [...theirs, ...refused].sort((a, b) => a.index - b.index);
  return batchReply(passed, statuses, all);
}

/** A body sent gzipped, by header or by the `compression` query parameter. */
function isCompressed(req: Ask['req']): boolean {
  return !!req.headers['content-encoding'] || new URL(req.url ?? '/', 'http://collector').searchParams.has('compression');
}
