// memo.ts: one small value in localStorage (or sessionStorage), in memory where storage is blocked.

export function memo<T>(name: string, session?: boolean) {
  let mem: T | undefined;
  let fresh = false; // read once, then kept up to date by our writes and other tabs' storage events
  const store = () => (session ? sessionStorage : localStorage);
  addEventListener('storage', (e) => { if (e.key === name || e.key === null) fresh = false; });
  return {
    _read(): T | undefined {
      if (!fresh) {
        try {
          const v = store().getItem(name);
          mem = v ? JSON.parse(v) : undefined;
          fresh = true;
        } catch (e) { /* blocked (some private modes): memory only */ }
      }
      return mem;
    },
    _write(v: T | undefined) {
      mem = v;
      try {
        v === undefined ? store().removeItem(name) : store().setItem(name, JSON.stringify(v));
      } catch (e) { /* memory only */ }
    },
  };
}
