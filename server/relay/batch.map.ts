// batch.map.ts: a stored event → the batch events API's event (reference 004), which is SPEC §4 itself; pure.
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS } from '../../src/validate.js';
import type { WireEvent } from '../store/store.js';

/** Exactly the five wire fields (SPEC §4.1), in wire order. */
export function mapBatchEvent(e: WireEvent): WireEvent {
  const out: WireEvent = { event: e.event, identify: e.identify, properties: e.properties, timestamp: e.timestamp, messageId: e.messageId };
  return out;
}

// `{"events":[` + `],"sentAt":"2026-11-22T12:00:00.000Z"}`
const ENVELOPE_BYTES = 48;

/** Cuts JSON-encoded events into runs of at most 200 events and 6,400,000 bytes of body, in order. */
export function cutBatches(jsons: string[], maxEvents = MAX_BATCH_EVENTS, maxBytes = MAX_BATCH_BYTES): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = ENVELOPE_BYTES;
  jsons.forEach((json, i) => {
    const size = Buffer.byteLength(json) + 1;
    if (current.length && (current.length >= maxEvents || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length) batches.push(current);
  return batches;
}

export function batchBody(jsons: string[], sentAt: string): string {
  return '{"events":[' + jsons.join(',') + '],"sentAt":' + JSON.stringify(sentAt) + '}';
}
