// leader.ts: one sending tab per site: whoever holds the Web Lock sends, the others skip.

/**
 * Runs `send` while holding the site's send lock, or resolves undefined at once when another tab
 * holds it (that tab drains the shared queue, ours included).
 */
export function asLeader<T>(key: string, send: () => Promise<T>): Promise<T | undefined> {
  const locks = (navigator as any).locks;
  if (!locks || !locks.request) return send();
  return locks.request('homing:send:' + key, { ifAvailable: true }, (lock: unknown) => (lock ? send() : undefined));
}
