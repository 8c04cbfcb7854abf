// listen.ts: LISTEN homing_outbox on a connection of its own, so a relay in another process than the collector wakes
// when events are queued (migration 008 notifies at commit). Reconnects after a drop; the relay's poll covers the gap.
import pg from 'pg';

const CHANNEL = 'homing_outbox';
const RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/** Calls `onNotify` for each notification until the returned stop function is called. */
export function listenForQueued(databaseUrl: string, onNotify: () => void): () => Promise<void> {
  let client: pg.Client | undefined;
  let isStopped = false;
  let delay = RETRY_MS;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (isStopped) return;
    const c = new pg.Client({ connectionString: databaseUrl });
    client = c;
    c.on('notification', (n) => { if (n.channel === CHANNEL) onNotify(); });
    c.on('error', () => retry(c));
    c.on('end', () => retry(c));
    try {
      await c.connect();
      await c.query('LISTEN ' + CHANNEL);
      delay = RETRY_MS;
      // Anything queued while not listening is found by the next claim: wake once now.
      onNotify();
    } catch {
      retry(c);
    }
  };
  const retry = (c: pg.Client) => {
    if (isStopped || client !== c || timer) return;
    client = undefined;
    c.end().catch(() => undefined);
    timer = setTimeout(() => { timer = undefined; void connect(); }, delay);
    timer.unref();
    delay = Math.min(delay * 2, MAX_RETRY_MS);
  };
  void connect();
  return async () => {
    isStopped = true;
    clearTimeout(timer);
    await client?.end().catch(() => undefined);
  };
}
