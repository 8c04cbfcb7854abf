// identity.ts: who the visitor is (email and where it came from) and their first touch, per site key.
import { memo } from './memo.js';

export type IdentitySource = 'call' | 'form' | 'link';
interface Who { email?: string; source?: IdentitySource }

export function createIdentity(key: string) {
  const who = memo<Who>('homing:' + key + ':who');
  const first = memo<Record<string, unknown>>('homing:' + key + ':first');
  return {
    _current: (): Who => who._read() || {},
    _set: (email: string, source: IdentitySource) => who._write({ email, source }),
    _clear: () => who._write(undefined),
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
