// capture/leave.ts: what autocapture must record as the page is hidden or left, run by the tracker before its unload send.

const hooks: ((left: boolean) => void)[] = [];

/** Calls `fn` when the page is hidden (left = false) or left (true), before that moment's unload send. */
export const onLeave = (fn: (left: boolean) => void) => hooks.push(fn);

/**
 * The tracker calls this first in its visibilitychange and pagehide listeners: listeners of one
 * target run in the order they were added (Chromium runs a capturing one on window after an
 * earlier plain one), so autocapture's own listeners could come too late for the unload send.
 */
export function runLeave(left: boolean) {
  hooks.forEach((fn) => {
    try {
      fn(left);
    } catch (e) { /* leaving never breaks the page */ }
  });
}
