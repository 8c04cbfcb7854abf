// crawler.ts: is this user agent a known crawler? The module build uses the full isbot pattern.
export { isBot as isCrawler } from './bots.js';
