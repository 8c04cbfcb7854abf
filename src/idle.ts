// idle.ts: start-up work in small slices when the browser is idle, or what is left at once when an event needs it.

/** The longest wait for an idle moment: on a page that is never idle, the work still runs by then. */
export const IDLE_TIMEOUT_MS = 2000;

/** requestIdleCallback where the browser has it (not Safari), else a timer after the current work. */
export function whenIdle(fn: () => void): void {
  const ric = (globalThis as any).requestIdleCallback;
  ric ? ric(fn, { timeout: IDLE_TIMEOUT_MS }) : setTimeout(fn, 50);
}

/** Runs `steps` in order, one per idle callback; `_now()` runs the rest at once (an explicit call, the page is left). */
export function inSlices(steps: (() => void)[]) {
  let i = 0;
  // i moves on before the step runs: a step that calls back into the tracker finds itself done.
  const run = () => {
    try {
      steps[i++]();
    } catch (e) {
      console.error('homing: start-up failed: ' + e);
    }
  };
  const tick = () => {
    if (i < steps.length) run();
    if (i < steps.length) whenIdle(tick);
  };
  whenIdle(tick);
  return {
    _isDone: () => i >= steps.length,
    _now() {
      while (i < steps.length) run();
    },
  };
}
