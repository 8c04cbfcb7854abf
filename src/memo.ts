// memo.ts: one small value in localStorage (or sessionStorage), in memory where storage is blocked.

export function memo<T>(name: string, session?: boolean) {
  let mem: T | undefined;
  const store = () => (session ? sessionStorage : localStorage);
  return {
    read(): T | undefined {
      try {
        const v = store().getItem(name);
        mem = v ? JSON.parse(v) : undefined;
      } catch (e) { /* blocked (some private modes): memory only */ }
      return mem;
    },
    write(v: T | undefined) {
      mem = v;
      try {
        v === undefined ? store().removeItem(name) : store().setItem(name, JSON.stringify(v));
      } catch (e) { /* memory only */ }
    },
  };
}
