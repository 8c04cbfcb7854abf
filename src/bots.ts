// bots.ts: isBot(userAgent) for known crawlers, and the automation signals a browser window carries.
import { getPattern } from 'isbot';

// Crawlers in crawler-user-agents 1.60 that isbot 5.2.3 misses: the browsers of AI coding
// agents (isbot already lists cursor/), TuringOS, GTmetrix, Miniature.io, YellowLabTools.
// In-app browsers of social apps (FBAN, Instagram, Line, …) pass isbot and stay people.
const EXTRA = '|\\) (?:code|trae)/\\d|turingos|gtmetrix|miniature\\.io|\\bylt\\b';
let crawler: RegExp | undefined;

/** No user agent is not a bot (isbot's rule): a lead is never dropped on a guess. */
export function isBot(userAgent: string | null | undefined): boolean {
  return !!userAgent && (crawler = crawler || new RegExp(getPattern().source + EXTRA, 'i')).test(userAgent);
}

const HEADLESS = /headless|phantomjs|slimerjs|htmlunit/i;
// Globals on window or document; never `phantom` alone, which the Phantom wallet sets. Chrome's
// domAutomation hook is left out: ChromeDriver sets navigator.webdriver as well.
const TOOLS: Record<string, string> = {
  phantom: 'callPhantom _phantom',
  nightmare: '__nightmare',
  // The markers Selenium's drivers and IDE leave (the *_evaluate/*_unwrapped family); fewer
  // names than the full historical list (no FirefoxDriver, gone since Firefox 48), for the size budget.
  selenium: '_selenium callSelenium _Selenium_IDE_Recorder __webdriver_evaluate __selenium_unwrapped',
  cypress: 'Cypress',
  playwright: '__playwright__binding__ __pwInitScripts',
};
// ChromeDriver's marker keys: document.$cdc_… / $wdc_…, window.cdc_<22 chars>_Array.
const DRIVER_KEY = /^\$[cw]dc_|^cdc_\w{22}_/;

/** SPEC §4.1: navigator.webdriver, a headless user agent, or the globals automation tools leave. */
export function automationSignals(w: any = globalThis): string[] {
  const found: string[] = [];
  try {
    const nav = w.navigator || {};
    const doc = w.document || {};
    if (nav.webdriver === true) found.push('webdriver');
    if (HEADLESS.test(nav.userAgent)) found.push('headless');
    for (const tool in TOOLS)
      if (TOOLS[tool].split(' ').some((k) => k in w || k in doc) ||
        (tool == 'selenium' && [w, doc].some((o) => Object.keys(o).some((k) => DRIVER_KEY.test(k))))) found.push(tool);
  } catch (e) { /* a hostile page's getter or proxy: what was found so far */ }
  return found;
}
