// words.ts: autocapture's last words as the page goes (time on page, a search still waiting for its count).
import { memo } from './memo.js';
import type { Rec } from './queue.js';

/**
 * What is captured while the page is hidden or left goes with the unload request and is kept in
 * localStorage, not IndexedDB: WebKit leaves an IndexedDB write begun while a page is being left
 * pending, and the site's next page would wait on it. The page, if it lives on, or the next page
 * load hands them to `persist` (a copy the unload request delivered is a duplicate at the collector).
 */
export function createLastWords(key: string, persist: (rec: Rec) => void) {
  const kept = memo<Rec[]>('homing:' + key + ':words');
  let words: Rec[] | undefined;
  const restore = () => {
    const w = kept._read();
    if (!w || !w.length) return;
    kept._write(undefined);
    w.forEach(persist);
  };
  const keep = (recs: Rec[]) => {
    if (recs.length) kept._write((kept._read() || []).concat(recs)), setTimeout(restore, 1000);
  };
  return {
    _restore: restore,
    /** Runs `fn`; the records captured meanwhile (`_take`) are kept instead of written. */
    _during(fn: () => void) {
      words = [];
      try {
        fn();
      } finally {
        const w = words;
        words = undefined;
        keep(w);
      }
    },
    /** Keeps records for the next page (or this one, shown again): the queue cannot write them now. */
    _keep: keep,
    /** Those of `recs` still kept are not (their own write went through after all). */
    _unkeep(recs: Rec[]) {
      const ks = recs.map((r) => r.k);
      const w = kept._read();
      const rest = w && w.filter((r) => ks.indexOf(r.k) < 0);
      if (rest && rest.length < w!.length) kept._write(rest.length ? rest : undefined);
    },
    /** True when `rec` was taken as a last word (and must not be written to IndexedDB now). */
    _take: (rec: Rec) => !!words && (words.push(rec), true),
  };
}
