// crawler.ts: is this user agent a crawler? isbot's full pattern, headless browsers left to the automation rules.
import { isBot } from './bots.js';

// SPEC §5: a headless browser is automation, not a crawler: its lead is still sent, flagged.
const HEADLESS = /headless|phantomjs|slimerjs|htmlunit/gi;

/** Both script-tag builds and the collector ask this; "HeadlessChrome" alone is judged as automation. */
export const isCrawler = (userAgent: string | null | undefined): boolean => isBot(userAgent && userAgent.replace(HEADLESS, ''));
