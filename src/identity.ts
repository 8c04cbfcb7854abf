// identity.ts: who the visitor is (email and where it came from) and their first touch, per site key.
import { memo } from './memo.js';
import type { Cookie } from './cookie.js';

export type IdentitySource = 'call' | 'form' | 'link';
/** `t`: when it was set or cleared (ms), so that the newer of two hosts' records wins (SPEC §8). */
interface Who { email?: string; source?: IdentitySource; t?: number }

/** `shared`: the cookie the site's hosts share (data-cookie-domain), mirroring every change. */
export function createIdentity(key: string, shared?: Cookie) {
  const who = memo<Who>('homing:' + key + ':who');
  const first = memo<Record<string, unknown>>('homing:' + key + ':first');
  const keep = (w: Who) => (who._write(w), shared && shared._write({ e: w.email, s: w.source, t: w.t! }));
  return {
    _current: (): Who => who._read() || {},
    _set: (email: string, source: IdentitySource) => keep({ email, source, t: Date.now() }),
    // A reset is kept with its time too: an older identity on another host must not come back.
    _clear: () => keep({ t: Date.now() }),
    /**
     * SPEC §8: the newer of the shared cookie and this origin's record wins (a stale local one never overrides
     * the cookie); returns the email the cookie brought when it is new here. An opt-out is the tracker's.
     */
    _sync(): string | undefined {
      const c = shared && shared._read();
      const w = who._read() || {};
      if (c && c.o) return;
      if (c && c.t > (w.t || 0)) {
        who._write({ email: c.e, source: c.s, t: c.t });
        return c.e != w.email ? c.e : undefined;
      }
      // The cookie is gone (Safari's 7 days, cleared) or older: this origin's record is the newer one.
      if (shared && (c ? c.t < w.t! : w.email)) keep({ email: w.email, source: w.source, t: w.t || Date.now() });
    },
    /** SPEC §5: the first visit's source is kept until the visitor identifies, weeks later or not. */
    _firstTouch(now: number, campaign?: Record<string, unknown>): Record<string, unknown> {
      let f = first._read();
      if (!f) {
        f = { landingPage: location.href.slice(0, 1000), referrer: referrer(), time: new Date(now).toISOString(), campaign };
        first._write(f);
      }
      return f;
    },
  };
}

let link: string | null | undefined;

/**
 * SPEC §1, §5: the email a campaign link carries in homing_email, out of the address bar at once (the
 * README's stub takes it before any other script runs and keeps it in `homing.e`; for an older stub this
 * is the script's first act), then kept for the page.
 */
export function takeLinkEmail(stub?: { e?: string }): string | null {
  if (link === undefined) {
    const url = new URL(location.href);
    link = url.searchParams.get('homing_email');
    if (link != null) {
      url.searchParams.delete('homing_email');
      history.replaceState(history.state, '', url.href);
    } else link = stub && stub.e != null ? stub.e : null;
  }
  return link;
}

/** The page's referrer, never with a link's email (a page without homing may have been left with it). */
export const referrer = () => document.referrer.replace(/([?&])homing_email=[^&]*&?/, '$1').replace(/[?&]$/, '').slice(0, 1000) || undefined;
