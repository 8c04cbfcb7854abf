// answer.ts: what the collector's answer to one request of `count` events means (SPEC §4.1), as a pure function.

/**
 * done: these indexes leave the queue (`sent` accepted or duplicate, `rejected` refused alone, with
 * their code); split: no per-event results, halve the batch; rejected: the batch's one event is
 * refused; stop: the key is refused (401); wait: keep everything, try later (Retry-After if given).
 */
export type Reading =
  | { kind: 'done'; sent: number[]; rejected: { [index: number]: string } }
  | { kind: 'split' }
  | { kind: 'rejected'; code: string }
  | { kind: 'stop' }
  | { kind: 'wait'; message: string };

const OK = /^(accepted|duplicate)$/;

export function readAnswer(status: number, body: any, count: number): Reading {
  const b = body && typeof body == 'object' ? body : {};
  if (status == 200 || status == 207 || (status == 400 && Array.isArray(b.events))) {
    const ok: { [i: number]: 1 } = {};
    const rejected: { [i: number]: string } = {};
    for (const e of Array.isArray(b.events) ? b.events : []) if (e && OK.test(e.status)) ok[e.index] = 1;
    for (const e of Array.isArray(b.errors) ? b.errors : [])
      if (e && e.index >= 0 && e.index < count) rejected[e.index] = e.errors?.[0]?.code || 'REJECTED';
    const sent: number[] = [];
    let any = false;
    for (let i = 0; i < count; i++) {
      if (rejected[i]) any = true;
      else if (ok[i] || status == 200) sent.push(i);
    }
    if (sent.length || any) return { kind: 'done', sent, rejected };
  } else if (status == 400 || status == 413) {
    return count > 1 ? { kind: 'split' } : { kind: 'rejected', code: status == 413 ? 'EVENT_TOO_LARGE' : 'REJECTED' };
  } else if (status == 401) {
    return { kind: 'stop' };
  }
  return { kind: 'wait', message: status ? 'the collector answered ' + status : 'network error or timeout' };
}
