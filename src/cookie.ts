// cookie.ts: the identity the site's own hosts share (SPEC §8): one first-party cookie on data-cookie-domain.
import type { IdentitySource } from './identity.js';

/** The shared record: email, where it came from, when it was set (ms); `o`: opted out (the choice alone). */
export interface Shared { e?: string; s?: IdentitySource; t: number; o?: 1 }
export type Cookie = ReturnType<typeof sharedCookie>;

/** One cookie per site key on `domain`; 400 days, the longest a browser keeps one (Safari: 7, README). */
export function sharedCookie(key: string, domain: string) {
  const name = 'homing_' + key + '=';
  return {
    _read(): Shared | undefined {
      try {
        const c = document.cookie.split('; ').find((c) => !c.indexOf(name));
        return c ? JSON.parse(decodeURIComponent(c.slice(name.length))) : undefined;
      } catch (e) { /* unreadable: as if absent */ }
    },
    _write: (v: Shared) => void (document.cookie = name + encodeURIComponent(JSON.stringify(v)) + ';domain=' + domain +
      ';path=/;max-age=34560000;samesite=lax' + (location.protocol == 'https:' ? ';secure' : '')),
  };
}
