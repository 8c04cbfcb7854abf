// capture/pageviews.ts: the page_view on load, and the visit's campaign from utm_* parameters.
import { memo } from '../memo.js';
import { referrer } from '../identity.js';

/** The campaign of a URL's utm_* parameters (utm_campaign is its name), or undefined when it has none. */
export function readCampaign(href: string): Record<string, string> | undefined {
  let c: Record<string, string> | undefined;
  new URL(href).searchParams.forEach((v, p) => {
    const m = /^utm_(source|medium|campaign|term|content|id)$/.exec(p);
    if (m && v) (c || (c = {}))[m[1] == 'campaign' ? 'name' : m[1]] = v.slice(0, 1000);
  });
  return c;
}

let seen: { href: string; c?: Record<string, string> } | undefined;

/** The current visit's campaign: from this URL, else the one this session arrived with. */
export function visitCampaign(key: string): Record<string, string> | undefined {
  const href = location.href;
  if (!seen || seen.href != href) {
    const kept = memo<Record<string, string>>('homing:' + key + ':campaign', true);
    const c = readCampaign(href);
    if (c) kept._write(c);
    seen = { href, c: c || kept._read() };
  }
  return seen.c;
}

export function pageProperties(): Record<string, unknown> {
  return {
    pageUrl: location.href.slice(0, 1000),
    pageTitle: document.title.slice(0, 1000),
    pageReferrer: referrer(),
  };
}

/** The address an app routes on: an in-page anchor (#section) is not a navigation, a hash router's #/… or #!… is. */
const route = () => location.pathname + location.search + (/^#[!/]/.test(location.hash) ? location.hash : '');

/**
 * Calls onView once per real navigation without a page load (pushState, a replaceState that changes
 * the path, popstate, hashchange) and on a restore from the back-forward cache.
 */
export function watchNavigation(onView: () => void) {
  let last = route();
  const check = (counts = true) => {
    const now = route();
    if (now != last && counts) onView();
    last = now;
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History) {
      const path = location.pathname;
      const r = original.apply(this, arguments as any);
      try {
        check(method == 'pushState' || location.pathname != path);
      } catch (e) { /* the app's navigation goes on */ }
      return r;
    };
  }
  addEventListener('popstate', () => check());
  addEventListener('hashchange', () => check());
  addEventListener('pageshow', (e) => (e as PageTransitionEvent).persisted && onView());
}
