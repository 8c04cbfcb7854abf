// faults.ts: the test fault switch: queued whole-request faults and per-event rejection rules.
import { errorReply, type Reply } from '../http/reply.js';

export type FaultMode = 500 | 503 | 429 | 401 | 413 | 415 | 'timeout' | 'reset' | 'slow';

export interface Fault {
  mode: FaultMode;
  /** How many following batch requests get it (default 1). */
  count?: number;
  /** Retry-After for 503 and 429: seconds or an HTTP date. */
  retryAfter?: number | string;
  /** For `slow`: how long to wait before answering. */
  delayMs?: number;
}

export interface RejectRule {
  /** Every event with this name is refused, as if the server's rules were stricter. */
  rejectEvent: string;
  code?: string;
  /** Refuse a batch holding such an event with a plain 400 and no per-event results. */
  wholeBatch400?: boolean;
}

/**
 * An endpoint stricter than ours, until cleared: `preflight` allows only `Authorization` and
 * `Content-Type` in its CORS preflight (SPEC §4 before §4.1); `gzip400` is a proxy that answers 400
 * to any compressed body (header or `compression=` query); `gzipReset` one that cuts the connection
 * of any compressed request (a network error to the browser).
 */
export interface StrictRule { strict: 'preflight' | 'gzip400' | 'gzipReset' }

export type FaultSpec = Fault | RejectRule | StrictRule;

export interface Faults {
  /** Queues a fault or adds a rule; returns an error message when the spec makes no sense. */
  push(spec: FaultSpec): string | undefined;
  /** Takes the fault for the next batch request, if any. */
  next(): Fault | undefined;
  /** The rule refusing events named `name`, if any. */
  rule(name: unknown): Required<RejectRule> | undefined;
  /** Whether a strict rule is on. */
  isStrict(name: StrictRule['strict']): boolean;
  /** Counts one CORS preflight (OPTIONS) request. */
  preflight(): void;
  clear(): void;
  snapshot(): { queued: Fault[]; rules: Required<RejectRule>[]; strict: string[]; preflights: number };
}

const MODES: readonly unknown[] = [500, 503, 429, 401, 413, 415, 'timeout', 'reset', 'slow'];

export function createFaults(): Faults {
  const queued: Fault[] = [];
  const rules = new Map<string, Required<RejectRule>>();
  const strict = new Set<string>();
  let preflights = 0;

  return {
    push(spec) {
      if (isRejectRule(spec)) return addRule(rules, spec);
      if ('strict' in spec) {
        if (!['preflight', 'gzip400', 'gzipReset'].includes(spec.strict)) return 'strict must be preflight, gzip400 or gzipReset';
        return void strict.add(spec.strict);
      }
      if (!MODES.includes(spec?.mode)) return 'mode must be one of ' + MODES.join(', ');
      const count = spec.count === undefined ? 1 : Math.floor(Number(spec.count));
      if (!(count >= 1)) return 'count must be a number of at least 1';
      queued.push({ ...spec, count });
    },
    next() {
      const head = queued[0];
      if (!head) return undefined;
      head.count = (head.count ?? 1) - 1;
      if (head.count <= 0) queued.shift();
      return { ...head };
    },
    rule(name) {
      return typeof name === 'string' ? rules.get(name) : undefined;
    },
    isStrict: (name) => strict.has(name),
    preflight: () => void preflights++,
    clear() {
      queued.length = 0;
      rules.clear();
      strict.clear();
    },
    snapshot() {
      return { queued: queued.map((f) => ({ ...f })), rules: [...rules.values()], strict: [...strict], preflights };
    },
  };
}

function isRejectRule(spec: FaultSpec): spec is RejectRule {
  return spec !== null && typeof spec === 'object' && 'rejectEvent' in spec;
}

function addRule(rules: Map<string, Required<RejectRule>>, spec: RejectRule): string | undefined {
  if (typeof spec.rejectEvent !== 'string' || !spec.rejectEvent) return 'rejectEvent must be an event name';
  const legacy = (spec as { rejectWhole400?: unknown }).rejectWhole400;
  rules.set(spec.rejectEvent, {
    rejectEvent: spec.rejectEvent,
    code: typeof spec.code === 'string' && spec.code ? spec.code : 'INVALID_EVENT_NAME',
    wholeBatch400: spec.wholeBatch400 === true || legacy === true,
  });
}

/** The answer a queued status fault gives, with its Retry-After on 429 and 503. */
export function faultReply(fault: Fault): Reply {
  const status = fault.mode as number;
  const retry = fault.retryAfter !== undefined && (status === 503 || status === 429);
  return errorReply(status, 'fault switch: ' + status, retry ? { 'Retry-After': String(fault.retryAfter) } : undefined);
}
