// capture/duration.ts: time on page: the visible seconds of each page view → page_engagement (SPEC §6).
import { onLeave } from './leave.js';
import { randomId } from '../event.js';
import { memo } from '../memo.js';
import type { Track } from './values.js';

/** A page kept visible this long reports what it knows again, with no new page view. */
export const REPORT_MS = 15 * 60e3;

type View = { pageViewId: string; pageUrl: string; pageTitle: string; propertyViewId?: string; property?: Record<string, unknown> };
type Words = { [messageId: string]: { p: Record<string, unknown>; t: number } };

/**
 * Counts the time each page view is visible (hidden time is not counted) and reports it as a
 * `page_engagement` event when the page is hidden or left, replaced by an app's next route, and
 * every 15 minutes of visibility: `pageDuration` in whole seconds so far, with the messageIds of
 * the page view and of its listing view, which the relay folds into them. A page view is never
 * sent twice. What a page knew as it was hidden or left is kept in localStorage first, and
 * tracked a second later if the page lives on, or by the site's next page: WebKit leaves an
 * IndexedDB write begun while a page is being left pending, and the next page's queue waits on it.
 */
export function watchDuration(key: string, track: Track) {
  const now = () => performance.now();
  const words = memo<Words>('homing:' + key + ':engagement');
  let view: View | undefined;
  let shown = 0; // ms visible before `since`
  let since = -1; // when the page became visible, or -1 while hidden
  let reported = 0;
  const isVisible = () => document.visibilityState != 'hidden';
  const send = () => {
    const w = words._read() || {};
    words._write(undefined);
    for (const id in w) track('page_engagement', w[id].p, { messageId: id, timestamp: w[id].t });
  };
  const report = (later?: boolean) => {
    if (since >= 0) shown += now() - since;
    since = isVisible() ? now() : -1;
    const pageDuration = Math.round(shown / 1000);
    if (!view || pageDuration <= reported) return;
    reported = pageDuration;
    const w = words._read() || {};
    // One report per page view is enough: the latest, with the total so far.
    for (const id in w) if (w[id].p.pageViewId == view.pageViewId) delete w[id];
    w[randomId()] = { p: Object.assign({ pageDuration }, view), t: Date.now() };
    words._write(w);
    later ? setTimeout(send, 1000) : send();
  };
  since = isVisible() ? now() : -1;
  send(); // what the site's last page knew as it was left
  onLeave(() => report(true));
  document.addEventListener('visibilitychange', () => isVisible() && since < 0 && (since = now()));
  setInterval(() => since >= 0 && report(), REPORT_MS);
  return {
    /** A new page view: the last one's time is sent; returns the new one's messageId. */
    _page(): string {
      report();
      shown = reported = 0;
      const pageViewId = randomId();
      view = { pageViewId, pageUrl: location.href.slice(0, 1000), pageTitle: document.title.slice(0, 1000) };
      return pageViewId;
    },
    /** The page view's listing view: returns its messageId. */
    _listing(property: Record<string, unknown>): string {
      const propertyViewId = randomId();
      if (view) Object.assign(view, { propertyViewId, property });
      return propertyViewId;
    },
  };
}
