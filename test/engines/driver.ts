// driver.ts: the thin layer the engine scenarios speak to; one implementation per engine.

export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** A launched browser: one per test worker. */
export interface Engine {
  name: EngineName;
  /** What the browser says it is, e.g. `firefox/153.7.0`. */
  version: string;
  /**
   * A fresh visitor: empty storage, its own tabs. One per test. `siteHosts`: www.site.test, search.site.test
   * and other.test reach this machine (hosts.ts; Chromium and Firefox map them in every session).
   */
  newSession(o?: { siteHosts?: boolean }): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  /** What this engine's driver can do; a scenario that needs a missing step works around it and says so. */
  can: { offline: boolean; tabs: boolean };
  /** A new tab at `url` (the session's first call reuses its first window). */
  open(url: string): Promise<Tab>;
  /** The network of every tab of the session goes away (or comes back). Only where `can.offline`. */
  setOffline(offline: boolean): Promise<void>;
  /** Every tab opened so far, for the closing checks. */
  tabs(): Tab[];
  close(): Promise<void>;
}

export interface Tab {
  goto(url: string): Promise<void>;
  /** Reloads; false when the page could not load (e.g. offline). */
  reload(): Promise<boolean>;
  /**
   * Runs `fn(arg)` in the page and returns its (awaited, JSON-serialisable) result. `fn` is sent
   * as source text, as Playwright does: it sees only the page's globals and `arg`.
   */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  url(): Promise<string>;
  /** Console errors and warnings of this tab so far (one string per message). */
  consoleErrors(): Promise<string[]>;
  /** Uncaught exceptions and unhandled rejections in this tab so far. */
  pageErrors(): Promise<string[]>;
  close(): Promise<void>;
}

/** Launches `name` with the paths of scripts/engines.mjs. */
export async function launch(name: EngineName, found: { path?: string; driver?: string; browser?: string; xvfb?: string }): Promise<Engine> {
  if (name === 'chromium') return (await import('./chromium.js')).launchChromium(found.path!);
  if (name === 'firefox') return (await import('./firefox.js')).launchFirefox(found.path!);
  const { driver, browser, xvfb } = found;
  return (await import('./webkit.js')).launchWebKit({ driver: driver!, browser: browser!, xvfb: xvfb! });
}

/** Rejects when `p` takes longer than `ms`, so no engine step can hang a test worker. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, fail) => { timer = setTimeout(() => fail(new Error(what + ': no answer in ' + ms + ' ms')), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
