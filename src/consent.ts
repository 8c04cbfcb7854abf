// consent.ts: opt-in/out, GPC and DNT.
import { memo } from './memo.js';
import type { Cookie } from './cookie.js';

/** `shared`: the site's hosts' cookie (SPEC §8), which keeps an opt-out alone, until an optIn() anywhere. */
export function createConsent(key: string, required: boolean, honorSignals: boolean, shared?: Cookie) {
  const choice = memo<'in' | 'out'>('homing:' + key + ':consent');
  return {
    /** May events be stored and sent now? An explicit optIn() overrides GPC/DNT. */
    _isAllowed(): boolean {
      const c = choice._read();
      return c ? c == 'in' : !required && !(honorSignals && hasPrivacySignal());
    },
    _set(c: 'in' | 'out') {
      choice._write(c);
      if (shared && (c == 'out' || (shared._read() || {}).o)) shared._write(c == 'out' ? { o: 1, t: Date.now() } : { t: Date.now() });
    },
  };
}

/** Global Privacy Control or Do Not Track, re-read on every load, never stored. */
export function hasPrivacySignal(): boolean {
  const n = navigator as any;
  return n.globalPrivacyControl === true || n.doNotTrack == '1';
}
