// metrics.ts: the Prometheus metrics of a collector or relay process (prom-client), summed over cluster workers.
import cluster from 'node:cluster';
import client from 'prom-client';

/** What the relay updates, one series per destination. */
export interface RelayMetrics {
  /** Events a destination confirmed. */
  forwarded: client.Counter<'destination'>;
  /** kind: `retry` (rescheduled after a failure), `dead_letter` (refused for good, or too old). */
  failures: client.Counter<'destination' | 'kind'>;
  /** Events not yet confirmed by the destination. */
  lagEvents: client.Gauge<'destination'>;
  /** Age of the oldest of them, in seconds. */
  lagSeconds: client.Gauge<'destination'>;
  /** The same per class (lead, engagement, browsing: SPEC §7). */
  classEvents: client.Gauge<'destination' | 'class'>;
  classSeconds: client.Gauge<'destination' | 'class'>;
  /** Requests per window the destination grants, as the relay learned it (headers, config or 429s). */
  budget: client.Gauge<'destination'>;
  /** Events named in a condensed website_activity event the destination took. */
  condensed: client.Counter<'destination'>;
}

export interface Metrics {
  registry: client.Registry;
  /** Events answered per status: accepted, duplicate, rejected. */
  events: client.Counter<'status'>;
  /** Events not stored, per reason: `bot` (a crawler's request). */
  dropped: client.Counter<'reason'>;
  /** Rejected events per validation code. */
  rejected: client.Counter<'code'>;
  /** Batch requests per HTTP status answered. */
  requests: client.Counter<'status'>;
  /** Batch requests refused for their key (401), by reason: missing, secret, unknown_key, wrong_origin. */
  refused: client.Counter<'reason'>;
  /** Seconds from a batch request's arrival to its answer. */
  latency: client.Histogram<'status'>;
  relay: RelayMetrics;
  /** The exposition text: this process's, or the whole cluster's when this is a cluster worker. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** `processMetrics`: also the process's CPU, memory and event-loop figures (the CLI; tests leave them out). */
export function createMetrics({ processMetrics = false } = {}): Metrics {
  const registry = new client.Registry();
  if (processMetrics) client.collectDefaultMetrics({ register: registry, prefix: 'homing_' });
  const at = { registers: [registry] };
  const relay: RelayMetrics = {
    forwarded: new client.Counter({ name: 'homing_relay_forwarded_total', help: 'Events a destination confirmed', labelNames: ['destination'], ...at }),
    failures: new client.Counter({ name: 'homing_relay_failures_total', help: 'Failed sends by kind (retry, dead_letter)', labelNames: ['destination', 'kind'], ...at }),
    // Every process reads the same outbox: the cluster figure is the largest, not the sum.
    lagEvents: new client.Gauge({ name: 'homing_relay_lag_events', help: 'Events not yet confirmed by the destination', labelNames: ['destination'], aggregator: 'max', ...at }),
    lagSeconds: new client.Gauge({ name: 'homing_relay_lag_seconds', help: 'Age of the oldest unconfirmed event', labelNames: ['destination'], aggregator: 'max', ...at }),
    classEvents: new client.Gauge({ name: 'homing_relay_class_lag_events', help: 'Events not yet confirmed, per class', labelNames: ['destination', 'class'], aggregator: 'max', ...at }),
    classSeconds: new client.Gauge({ name: 'homing_relay_class_lag_seconds', help: 'Age of the oldest unconfirmed event, per class', labelNames: ['destination', 'class'], aggregator: 'max', ...at }),
    budget: new client.Gauge({ name: 'homing_relay_budget_requests', help: 'Requests per window the destination grants, as learned', labelNames: ['destination'], aggregator: 'max', ...at }),
    condensed: new client.Counter({ name: 'homing_relay_condensed_total', help: 'Events named in a condensed website_activity event', labelNames: ['destination'], ...at }),
  };
  return {
    registry,
    events: new client.Counter({ name: 'homing_events_total', help: 'Events answered, by status (accepted, duplicate, rejected)', labelNames: ['status'], ...at }),
    dropped: new client.Counter({ name: 'homing_events_dropped_total', help: 'Events not stored, by reason (bot)', labelNames: ['reason'], ...at }),
    rejected: new client.Counter({ name: 'homing_events_rejected_total', help: 'Rejected events by validation code', labelNames: ['code'], ...at }),
    requests: new client.Counter({ name: 'homing_batch_requests_total', help: 'Batch requests by HTTP status', labelNames: ['status'], ...at }),
    refused: new client.Counter({ name: 'homing_batch_refused_total', help: 'Batch requests refused for their key (401), by reason', labelNames: ['reason'], ...at }),
    latency: new client.Histogram({
      name: 'homing_batch_request_seconds', help: 'Batch request latency, arrival to answer', labelNames: ['status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], ...at,
    }),
    relay,
    render: () => (cluster.isWorker ? clusterText() : localText(registry)),
  };
}

async function localText(registry: client.Registry) {
  return { contentType: registry.contentType, body: await registry.metrics() };
}

// A worker asks the primary, which gathers every worker's registry (this one included) and sums them.
const ASK = 'homing:metrics', ANSWER = 'homing:metrics-answer';
let asked = 0;
const waiting = new Map<number, (body: string) => void>();

function clusterText(): Promise<{ contentType: string; body: string }> {
  const id = ++asked;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { waiting.delete(id); reject(new Error('the primary did not answer for /metrics')); }, 6000);
    waiting.set(id, (body) => { clearTimeout(timer); resolve({ contentType: client.Registry.PROMETHEUS_CONTENT_TYPE, body }); });
    process.send?.({ type: ASK, id });
  });
}

/** In a cluster worker: answers the primary's metric requests with `registry`, and takes its answers to ours. */
export function serveWorkerMetrics(registry: client.Registry): void {
  client.AggregatorRegistry.setRegistries([registry]);
  new client.AggregatorRegistry(); // installs the listener that answers the primary
  process.on('message', (m: { type?: string; id?: number; body?: string }) => {
    if (m?.type === ANSWER && m.id !== undefined) waiting.get(m.id)?.(m.body ?? '');
  });
}

/** In the primary: sums all workers' metrics for whichever worker asked. */
export function servePrimaryMetrics(): void {
  const aggregator = new client.AggregatorRegistry();
  cluster.on('message', (worker, m: { type?: string; id?: number }) => {
    if (m?.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (body) => worker.send({ type: ANSWER, id: m.id, body }),
      (err: Error) => worker.send({ type: ANSWER, id: m.id, body: '# cluster metrics failed: ' + err.message + '\n' }),
    );
  });
}
