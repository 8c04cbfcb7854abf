// webkit.ts: the WebKit driver: WebKitGTK's MiniBrowser under Xvfb, through WebKitWebDriver (W3C WebDriver).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { newSession, command, type WebDriverSession } from './webdriver.js';
import { within, type Engine, type Session, type Tab } from './driver.js';
import { reapWithWorker } from './reaper.js';
import { startHostsProxy } from './hosts.js';

const STEP_MS = 45_000;

export interface WebKitPaths { driver: string; browser: string; xvfb: string }

export async function launchWebKit(paths: WebKitPaths): Promise<Engine> {
  // Each child leads its own process group (detached), so that killing the group also ends what
  // it started: WebKitWebDriver's MiniBrowser and its web and network processes.
  const reapers: (() => void)[] = [];
  const stop = () => { for (const r of reapers.reverse()) r(); };
  const started = (c: ChildProcess) => { reapers.push(reapWithWorker([c.pid!])); return c; };
  process.once('exit', stop);
  try {
    const display = await startXvfb(paths.xvfb, started);
    const port = await freePort();
    started(spawn(paths.driver, ['--port=' + port, '--replace-on-new-session'], {
      env: { ...process.env, DISPLAY: display }, stdio: 'ignore', detached: true,
    }));
    const base = 'http://127.0.0.1:' + port;
    await waitForDriver(base);
    let version = 'webkitgtk';
    return {
      name: 'webkit',
      get version() { return version; },
      async newSession(o) {
        // MiniBrowser has no host-resolver switch: a session that needs the site's hosts goes through a proxy.
        const proxy = o && o.siteHosts ? await startHostsProxy() : undefined;
        const args = ['--automation'].concat(proxy ? ['--proxy=' + proxy.url, '--ignore-host=127.0.0.1'] : []);
        const s = await newSession(base, {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: paths.browser, args },
          timeouts: { script: STEP_MS, pageLoad: 60_000, implicit: 0 },
        }, STEP_MS).catch((e) => { proxy?.close(); throw e; });
        version = 'webkitgtk/' + s.capabilities.browserVersion;
        const made = session(s);
        return proxy ? { ...made, close: () => made.close().finally(proxy.close) } : made;
      },
      close: async () => { stop(); process.off('exit', stop); },
    };
  } catch (e) {
    stop();
    throw e;
  }
}

/** Xvfb picks a free display itself and writes its number to fd 3 (-displayfd). */
function startXvfb(bin: string, started: (c: ChildProcess) => ChildProcess): Promise<string> {
  const x = started(spawn(bin, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'], detached: true,
  }));
  const ready = new Promise<string>((ok, fail) => {
    x.stdio[3]!.once('data', (d) => ok(':' + String(d).trim()));
    x.once('exit', (code) => fail(new Error('Xvfb exited with ' + code)));
  });
  return within(ready, 15_000, 'Xvfb');
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => ok(port));
    });
    s.once('error', fail);
  });
}

async function waitForDriver(base: string): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await command(base, 'GET', '/status', undefined, 2000)).ready !== undefined) return;
    } catch (e) {
      if (Date.now() > until) throw new Error('WebKitWebDriver did not start: ' + e);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

function session(s: WebDriverSession): Session {
  const tabs: Tab[] = [];
  let current = '';
  let first: string | undefined;
  // One WebDriver session drives one window at a time: a tab's step (switch, then command) runs
  // alone, so steps of two tabs started together take turns instead of landing in the wrong window.
  let turn: Promise<unknown> = Promise.resolve();
  const inWindow = <T>(handle: string, step: () => Promise<T>): Promise<T> => {
    const run = turn.then(async () => {
      if (current !== handle) await s.call('POST', '/window', { handle });
      current = handle;
      return step();
    });
    turn = run.catch(() => undefined);
    return run;
  };
  return {
    // WebDriver classic has no network switch: scenarios make the collector refuse instead.
    can: { offline: false, tabs: true },
    async open(url) {
      let handle: string;
      if (!first) handle = first = current = await s.call('GET', '/window');
      else handle = (await s.call('POST', '/window/new', { type: 'window' })).handle;
      const t = tab(s, (step) => inWindow(handle, step));
      tabs.push(t);
      await t.goto(url);
      return t;
    },
    setOffline: async () => { throw new Error('WebKitWebDriver has no offline switch'); },
    tabs: () => tabs,
    close: () => s.end().catch(() => undefined),
  };
}

type InWindow = <T>(step: () => Promise<T>) => Promise<T>;

/**
 * WebDriver classic reports neither console messages nor uncaught errors: the engine fixture page
 * records them itself (test/fixtures/engine-setup.js, window.__engine), and the tab reads them
 * before it leaves a page. A page that navigates away on its own takes its record with it.
 */
function tab(s: WebDriverSession, inWindow: InWindow): Tab {
  const past = { console: [] as string[], page: [] as string[] };
  const record = async (): Promise<{ console: string[]; page: string[] }> =>
    (await s.executeAsync('arguments[0](window.__engine || { console: [], page: [] })').catch(() => undefined)) ?? { console: [], page: [] };
  /** Keeps the record of the page about to be left. */
  const leaving = async () => {
    const r = await record();
    past.console.push(...r.console);
    past.page.push(...r.page);
  };
  return {
    goto: (url) => inWindow(async () => { await leaving(); await s.call('POST', '/url', { url }); }),
    reload: () => inWindow(async () => { await leaving(); return s.call('POST', '/refresh').then(() => true, () => false); }),
    async evaluate(fn, arg) {
      const r = await inWindow(() => s.executeAsync(
        'const done = arguments[arguments.length - 1], arg = arguments[0];' +
        'Promise.resolve().then(() => (' + fn.toString() + ')(arg)).then(' +
        '(v) => done({ ok: true, v: v === undefined ? null : v }),' +
        '(e) => done({ ok: false, e: String(e && e.stack ? e + "\\n" + e.stack : e) }));',
        [arg === undefined ? null : arg]));
      if (!r.ok) throw new Error('in the page: ' + r.e);
      return r.v;
    },
    url: () => inWindow(() => s.call('GET', '/url')),
    consoleErrors: () => inWindow(async () => [...past.console, ...(await record()).console]),
    pageErrors: () => inWindow(async () => [...past.page, ...(await record()).page]),
    close: () => inWindow(async () => { await leaving(); await s.call('DELETE', '/window'); }),
  };
}
