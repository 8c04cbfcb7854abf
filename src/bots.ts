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
// Globals on window or document; never `phantom` alone, which the Phantom wallet sets.
const TOOLS: Record<string, string> = {
  phantom: 'callPhantom _phantom',
  nightmare: '__nightmare',
  // The markers Selenium's drivers and IDE leave (the *_evaluate/*_unwrapped family); fewer
  // names than the full historical list, for the snippet's size budget.
  selenium: '_selenium callSelenium _Selenium_IDE_Recorder __webdriver_evaluate __selenium_unwrapped __fxdriver_unwrapped',
  domAutomation: 'domAutomation domAutomationController',
  cypress: 'Cypress',
  playwright: '__playwright__binding__ __pwInitScripts',
};
// ChromeDriver's marker keys: document.$cdc_… / $wdc_…, window.cdc_<22 chars>_Array.
const DRIVER_KEY = /^\$[cw]dc_|^cdc_\w{22}_/;

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    return undefined;
  }
}

const has = (o: any, key: string) => !!attempt(() => key in o);
const hasDriverKey = (o: any) => !!attempt(() => Object.keys(o).some((k) => DRIVER_KEY.test(k)));

/** SPEC §4.1: navigator.webdriver, a headless user agent, or the globals automation tools leave. */
export function automationSignals(w: any = globalThis): string[] {
  const nav = attempt(() => w.navigator);
  const doc = attempt(() => w.document);
  const found: string[] = [];
  if (attempt(() => nav.webdriver) === true) found.push('webdriver');
  if (attempt(() => HEADLESS.test(nav.userAgent))) found.push('headless');
  for (const tool in TOOLS) {
    const keys = TOOLS[tool].split(' ');
    const seen = keys.some((k) => has(w, k) || has(doc, k));
    if (seen || (tool == 'selenium' && (hasDriverKey(w) || hasDriverKey(doc)))) found.push(tool);
  }
  return found;
}
