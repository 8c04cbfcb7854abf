// pruner.ts: deletes accepted events past their retention every few minutes, in small batches, in the background.
import type { Logger } from './logger.js';
import type { SqlStore } from '../store/store.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Often enough that one run deletes a few minutes of old events, never a backlog. */
export const PRUNE_EVERY_MS = 10 * 60 * 1000;

export interface PrunerOptions {
  retentionDays: number;
  logger: Logger;
  everyMs?: number;
}

/** Returns the stop function. Processes started together spread their first run over the first minute. */
export function startPruner(store: SqlStore, { retentionDays, logger, everyMs = PRUNE_EVERY_MS }: PrunerOptions): () => Promise<void> {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= prune(store, retentionDays, logger).finally(() => { running = undefined; });
  };
  const first = setTimeout(run, Math.min(everyMs, 30_000 + Math.random() * 30_000));
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}

export async function prune(store: SqlStore, retentionDays: number, logger: Logger): Promise<void> {
  const started = Date.now();
  try {
    const deleted = await store.prune(new Date(started - retentionDays * DAY_MS));
    if (deleted) logger('info', 'pruned', { deleted, retentionDays, ms: Date.now() - started });
  } catch (err) {
    logger('warn', 'prune failed', { error: err });
  }
}
