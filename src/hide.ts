// hide.ts: one pair of listeners for "the page is hidden or left", shared by the recorder, start-up and delivery.

/** Calls `fn(false)` when the page is hidden and `fn(true)` when it is left (pagehide), in that order of adding. */
export function onHide(fn: (left: boolean) => unknown) {
  addEventListener('visibilitychange', () => document.visibilityState == 'hidden' && fn(false));
  addEventListener('pagehide', () => fn(true));
}
