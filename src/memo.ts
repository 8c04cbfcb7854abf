// memo.ts: one small value in localStorage (or sessionStorage), in memory where storage is blocked.

type Memo = { _name: string; _write(v: undefined): void };
const all: Memo[] = [];

/**
 * Opt-out (SPEC §5): every value whose name starts with `prefix` is removed, `keep` aside, from
 * both storages, those this page has not read included.
 */
export function forget(prefix: string, keep: string) {
  all.forEach((m) => m._name.indexOf(prefix) || m._name == keep || m._write(undefined));
  [localStorage, sessionStorage].forEach((s) => {
    try {
      Object.keys(s).forEach((k) => k.indexOf(prefix) || k == keep || s.removeItem(k));
    } catch (e) { /* blocked: memory only, forgotten above */ }
  });
}

export function memo<T>(name: string, session?: boolean) {
  let mem: T | undefined;
  let fresh = false; // read once, then kept up to date by our writes and other tabs' storage events
  const store = () => (session ? sessionStorage : localStorage);
  addEventListener('storage', (e) => { if (e.key === name || e.key === null) fresh = false; });
  const m = {
    _name: name,
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
  all.push(m);
  return m;
}
