// cluster.ts: N worker processes on one machine (node:cluster): they share the port, the primary restarts the dead.
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../ops/logger.js';
import { servePrimaryMetrics } from '../ops/metrics.js';

export interface ClusterOptions {
  workers: number;
  logger: Logger;
  /** Runs once in the primary before any worker starts (the migrations), so workers never race at first start. */
  prepare(): Promise<void>;
  /** Runs in each worker (or in this process when workers is 1); resolves to its stop function. */
  start(): Promise<() => Promise<void>>;
}

/** A worker that dies is replaced after this delay, doubling while it keeps dying young, up to 30 s. */
const RESTART_MS = 500;
const MAX_RESTART_MS = 30_000;
/** A worker that lived this long was healthy: its replacement starts without delay growth. */
const HEALTHY_MS = 30_000;

export async function runCluster(opts: ClusterOptions): Promise<void> {
  if (opts.workers <= 1 || cluster.isWorker) return runOne(opts);
  await opts.prepare();
  servePrimaryMetrics();
  let isStopping = false;
  let delay = RESTART_MS;
  const born = new Map<Worker, number>();
  const fork = () => born.set(cluster.fork(), Date.now());
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (born.get(worker) ?? 0);
    born.delete(worker);
    if (isStopping) return;
    delay = lived > HEALTHY_MS ? RESTART_MS : Math.min(delay * 2, MAX_RESTART_MS);
    opts.logger('warn', 'worker exited; starting another', { pid: worker.process.pid, code, signal, restartInMs: delay });
    setTimeout(fork, delay);
  });
  for (let i = 0; i < opts.workers; i++) fork();
  onStop(async () => {
    isStopping = true;
    for (const worker of born.keys()) worker.process.kill('SIGTERM');
    await waitFor(() => born.size === 0, 15_000);
  });
}

async function runOne(opts: ClusterOptions): Promise<void> {
  const stop = await opts.start();
  onStop(stop);
}

/**
 * SIGINT / SIGTERM: stop gracefully, then exit; a second signal exits at once, except in a worker
 * (Ctrl-C reaches it and then the primary's SIGTERM: both mean one stop).
 */
export function onStop(stop: () => Promise<void>): void {
  let isStopping = false;
  const handle = () => {
    if (isStopping && cluster.isWorker) return;
    if (isStopping) process.exit(1);
    isStopping = true;
    stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}

async function waitFor(isDone: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!isDone() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
}
