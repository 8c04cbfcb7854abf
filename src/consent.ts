// consent.ts: opt-in/out, GPC and DNT.

export type Choice = 'in' | 'out' | undefined;

export function createConsent(key: string, required: boolean, honorSignals: boolean) {
  const name = 'homing:' + key + ':consent';
  let mem: Choice;
  const choice = (): Choice => {
    try {
      return (localStorage.getItem(name) as Choice) || undefined;
    } catch (e) {
      return mem;
    }
  };
  return {
    /** May events be stored and sent now? An explicit optIn() overrides GPC/DNT. */
    isAllowed(): boolean {
      const c = choice();
      if (c) return c === 'in';
      return !required && !(honorSignals && hasPrivacySignal());
    },
    set(c: 'in' | 'out') {
      mem = c;
      try { localStorage.setItem(name, c); } catch (e) { /* memory only */ }
    },
  };
}

/** Global Privacy Control or Do Not Track, re-read on every load, never stored. */
export function hasPrivacySignal(): boolean {
  const n = navigator as any;
  return n.globalPrivacyControl === true || n.doNotTrack === '1' || (window as any).doNotTrack === '1';
}
