// crawler.snippet.ts: the script-tag builds' crawler check: isbot's naive pattern, to fit the size budget.
// Only clients that run JavaScript can run the snippet: search crawlers that render pages name
// themselves bot/crawl/spider/search, Lighthouse says so, and headless monitors are caught by the
// automation signals (webdriver, HeadlessChrome). The full isbot pattern runs in isBot() and the collector.
export const isCrawler = (userAgent: string | undefined): boolean =>
  !!userAgent && /bot|crawl|http|lighthouse|scan|search|spider/i.test(userAgent);
