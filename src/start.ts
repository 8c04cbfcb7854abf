// start.ts: the idle start-up (SPEC §1): its steps in idle slices, the calls made before it kept in order, and a page left early.
import { inSlices, whenIdle } from './idle.js';
import { onHide } from './hide.js';

/**
 * Runs `steps` one per idle slice. Calls made before they have all run wait (`_wait`) and run in
 * order at the end. The page being hidden or left calls `leave(left, late, rest)`; `rest` runs what is left at once
 * (late: start-up had not finished): these listeners are added now, before any of the tracker's own.
 */
export function createStart(steps: (() => void)[], leave: (left: boolean, late: boolean, rest: () => void) => void) {
  const early: (() => void)[] = [];
  // Ready as the last step begins (inSlices counts a step as run before it runs): the calls it replays find it so.
  const boot = inSlices(steps.concat(() => early.splice(0).forEach((call) => call())));
  const idleWork: (() => void)[] = [];
  const runIdleWork = () => (boot._isDone() ? idleWork.splice(0).forEach((fn) => fn()) : whenIdle(runIdleWork));
  const left = (isLeft: boolean) => {
    const late = !boot._isDone();
    leave(isLeft, late, () => {
      boot._now();
      runIdleWork();
    });
  };
  onHide(left);
  return {
    _isReady: boot._isDone,
    /** The page is hidden (false) or left (true), and these listeners were added too late to hear it. */
    _left: left,
    /** Keeps `call` for the end of start-up. */
    _wait: (call: () => void) => void early.push(call),
    /** Runs what is left of start-up now (an explicit flush, stats, optOut). */
    _now: boot._now,
    /** Runs `fn` in an idle moment once started, or as the page goes. */
    _idle: (fn: () => void) => void (idleWork.push(fn), whenIdle(runIdleWork)),
  };
}
