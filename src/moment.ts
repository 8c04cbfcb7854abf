// moment.ts: the capture time and page of a call replayed from before start-up, while it runs.

let moment: [number, string] | undefined;

/** The time a capture happens at: the replayed call's, else now. */
export const captureTime = () => (moment ? moment[0] : Date.now());
/** The page it happens on: the replayed call's ('' for the page now), else this one. */
export const capturePage = () => (moment && moment[1]) || location.href;

/** Runs `fn` as if at `m` ([time, page]): what it captures keeps that time and page. */
export function asOf(m: [number, string], fn: () => void) {
  moment = m;
  try {
    fn();
  } finally {
    moment = undefined;
  }
}
