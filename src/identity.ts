// identity.ts: who the visitor is (email and where it came from) and their first touch, per site key.

export type IdentitySource = 'call' | 'form' | 'link';
interface Who { email?: string; source?: IdentitySource }

/** localStorage, falling back to memory where it is blocked (some private modes). */
export function createMemo<T>(name: string) {
  let mem: T | undefined;
  return {
    read(): T | undefined {
      try {
        const v = localStorage.getItem(name);
        return v ? JSON.parse(v) : mem;
      } catch (e) {
        return mem;
      }
    },
    write(v: T | undefined) {
      mem = v;
      try {
        if (v === undefined) localStorage.removeItem(name);
        else localStorage.setItem(name, JSON.stringify(v));
      } catch (e) { /* memory only */ }
    },
  };
}

export function createIdentity(key: string) {
  const who = createMemo<Who>('homing:' + key + ':who');
  const first = createMemo<Record<string, unknown>>('homing:' + key + ':first');
  return {
    current: (): Who => who.read() || {},
    set: (email: string, source: IdentitySource) => who.write({ email, source }),
    clear: () => who.write(undefined),
    /** SPEC §5: the first visit's source is kept until the visitor identifies, weeks later or not. */
    firstTouch(now: number, campaign?: Record<string, unknown>): Record<string, unknown> {
      let f = first.read();
      if (!f) {
        f = { landingPage: location.href.slice(0, 1000), referrer: document.referrer.slice(0, 1000) || undefined, time: new Date(now).toISOString(), campaign };
        first.write(f);
      }
      return f;
    },
  };
}
