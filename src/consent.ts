// consent.ts: opt-in/out, GPC and DNT.
import { memo } from './memo.js';

export function createConsent(key: string, required: boolean, honorSignals: boolean) {
  const choice = memo<'in' | 'out'>('homing:' + key + ':consent');
  return {
    /** May events be stored and sent now? An explicit optIn() overrides GPC/DNT. */
    _isAllowed(): boolean {
      const c = choice._read();
      return c ? c == 'in' : !required && !(honorSignals && hasPrivacySignal());
    },
    _set: choice._write,
  };
}

/** Global Privacy Control or Do Not Track, re-read on every load, never stored. */
export function hasPrivacySignal(): boolean {
  const n = navigator as any;
  return n.globalPrivacyControl === true || n.doNotTrack == '1';
}
