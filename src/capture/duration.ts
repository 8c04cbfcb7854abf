// capture/duration.ts: time on page: the visible seconds of each page view → page_engagement (SPEC §6).
import { onLeave } from './leave.js';
import { randomId } from '../event.js';
import type { Track } from './values.js';

/** A page kept visible this long reports what it knows again, with no new page view. */
export const REPORT_MS = 15 * 60e3;

type View = { pageViewId: string; pageUrl: string; pageTitle: string; propertyViewId?: string; property?: Record<string, unknown> };

/**
 * Counts the time each page view is visible (hidden time is not counted) and sends it as one
 * `page_engagement` event when the page is hidden, left, replaced by an app's next route, and every
 * 15 minutes of visibility: `pageDuration` in whole seconds so far, with the messageIds of the page
 * view and of its listing view, which the relay folds into them. A page view is never sent twice.
 */
export function watchDuration(track: Track) {
  const now = () => performance.now();
  let view: View | undefined;
  let shown = 0; // ms visible before `since`
  let since = -1; // when the page became visible, or -1 while hidden
  let reported = 0;
  const isVisible = () => document.visibilityState != 'hidden';
  const pause = () => {
    if (since >= 0) shown += now() - since;
    since = isVisible() ? now() : -1;
  };
  const report = () => {
    pause();
    const pageDuration = Math.round(shown / 1000);
    if (!view || pageDuration <= reported) return;
    reported = pageDuration;
    track('page_engagement', { pageDuration, ...view });
  };
  since = isVisible() ? now() : -1;
  onLeave(report);
  document.addEventListener('visibilitychange', () => isVisible() && since < 0 && (since = now()));
  setInterval(() => since >= 0 && report(), REPORT_MS);
  /** The page view ends (an app's route is left): its time is sent; the time until the next view is that one's. */
  const end = () => {
    report();
    shown = reported = 0;
    view = undefined;
  };
  return {
    _end: end,
    /** A new page view (of `url`, the page by default): returns its messageId. */
    _page(url = location.href): string {
      if (view) end();
      const pageViewId = randomId();
      view = { pageViewId, pageUrl: url.slice(0, 1000), pageTitle: document.title.slice(0, 1000) };
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
