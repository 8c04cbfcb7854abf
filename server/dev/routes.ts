// routes.ts: the test and demo routes: /__faults (the fault switch) and /__log (what the collector saw).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultSpec, Faults } from './faults.js';
import { readBody } from '../collector/body.js';
import { errorReply, send, type Reply } from '../http/reply.js';
import type { Log } from '../admin/log.js';

export const DEV_PATHS = ['/__faults', '/__log'];

/** Fault specs are small; this only keeps a stray upload from filling memory. */
const MAX_SPEC_BYTES = 1_000_000;

export async function handleDev(req: IncomingMessage, res: ServerResponse, path: string, faults: Faults, log: Log): Promise<void> {
  const route = req.method + ' ' + path;
  if (route === 'GET /__log') return send(res, { status: 200, body: { requests: log.requests, events: log.events } });
  if (route === 'DELETE /__log') { log.clear(); return send(res, { status: 200, body: { ok: true } }); }
  if (route === 'GET /__faults') return send(res, { status: 200, body: faults.snapshot() });
  if (route === 'DELETE /__faults') { faults.clear(); return send(res, { status: 200, body: { ok: true } }); }
  if (route === 'POST /__faults') return send(res, await pushFaults(req, faults));
  send(res, errorReply(405, req.method + ' is not allowed on ' + path));
}

/** Takes one spec or an array of them, e.g. `{ mode: 503, count: 2, retryAfter: 1 }` or `{ rejectEvent: "search" }`. */
async function pushFaults(req: IncomingMessage, faults: Faults): Promise<Reply> {
  const body = await readBody(req, MAX_SPEC_BYTES);
  if (body.kind !== 'ok') return errorReply(413, 'a fault spec is at most 1 MB');
  let specs: FaultSpec[];
  try {
    const parsed = JSON.parse(body.text) as FaultSpec | FaultSpec[];
    specs = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return errorReply(400, 'the body is not JSON');
  }
  for (const spec of specs) {
    const problem = faults.push(spec);
    if (problem) return errorReply(400, problem);
  }
  return { status: 200, body: { ok: true, ...faults.snapshot() } };
}
