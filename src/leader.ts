// leader.ts: one sending tab per site at a time.

/**
 * Runs `send` holding the site's Web Lock. A tab that finds another sending queues behind it and
 * drains what is left when its turn comes: woken by the lock queue, never polling. Where Web Locks
 * are missing (insecure origins, older engines), `send` runs at once and takes the IndexedDB
 * lease itself (queue.claim) before each request.
 */
export function asLeader<T>(key: string, send: () => Promise<T>): Promise<T> {
  const locks = (navigator as any).locks;
  return locks ? locks.request('homing:send:' + key, send) : send();
}
