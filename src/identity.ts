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
        f = { landingPage: location.href.slice(0, 1000), referrer: document.referrer.slice(0, 1000) || undefined, time: new Date(now).toISOString(), campaign };
        first._write(f);
      }
      return f;
    },
  };
}

/** SPEC §5: the email a campaign link carries in homing_email, taken out of the address bar. */
export function takeLinkEmail(): string | null {
  const url = new URL(location.href);
  const email = url.searchParams.get('homing_email');
  if (email != null) {
    url.searchParams.delete('homing_email');
    history.replaceState(history.state, '', url.href);
  }
  return email;
}
