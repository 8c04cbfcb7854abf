// capture/pageviews.ts: the page_view on load and on each route an app renders, and the visit's campaign.
import { memo } from '../memo.js';
import { whenIdle } from '../idle.js';
import { onLeave } from './leave.js';
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

// One memo per key for the page's life: each memo adds a storage listener.
const kept: Record<string, ReturnType<typeof memo<Record<string, string>>>> = {};
let seen: { href: string; c?: Record<string, string> } | undefined;

/** The current visit's campaign: from this URL, else the one this session arrived with. */
export function visitCampaign(key: string): Record<string, string> | undefined {
  const href = location.href;
  if (!seen || seen.href != href) {
    const k = kept[key] || (kept[key] = memo('homing:' + key + ':campaign', true));
    const c = readCampaign(href);
    if (c) k._write(c);
    seen = { href, c: c || k._read() };
  }
  return seen.c;
}

/** A page view's properties; an app's route has its own URL and the previous route as referrer (never a link's email). */
export function pageProperties(url = location.href, previous?: string): Record<string, unknown> {
  return { pageUrl: url.slice(0, 1000), pageTitle: document.title.slice(0, 1000), pageReferrer: previous ? previous.slice(0, 1000) : referrer() };
}

/** The address an app routes on: an in-page anchor (#section) is not a navigation, a hash router's #/… or #!… is. */
const route = () => location.pathname + location.search + (/^#[!/]/.test(location.hash) ? location.hash : '');

/** How long a route's page view waits for the app to render it (issue 28: about a second). */
export const RENDER_MS = 1000;

/**
 * Once per real navigation without a page load (pushState, a replaceState that changes the path,
 * popstate, hashchange): `left()` at once (the previous route ends), then `view(url)` once the app
 * has rendered the route: its title changed, or, in an app whose routes keep one title, a frame and
 * an idle moment; at most RENDER_MS, or as the page is hidden. A route left before a frame was drawn
 * (a redirect) has no view of its own. A restore from the back-forward cache is a view at once.
 */
export function watchNavigation(onLeft: () => void, onView: (url: string) => void) {
  // The app's navigation goes on whatever autocapture meets.
  const left = () => { try { onLeft(); } catch (e) { /* */ } };
  const view = (url: string) => { try { onView(url); } catch (e) { /* */ } };
  let last = route();
  let sameTitles = false; // learnt: this app's last route kept the title
  let end: ((drop?: boolean) => void) | undefined;
  const wait = () => {
    const url = location.href;
    const title = document.title;
    let drawn = false;
    const titled = () => document.title != title;
    const done = (drop?: boolean) => {
      if (end != done) return;
      end = undefined;
      observer.disconnect();
      clearTimeout(cap);
      if (!drop || drawn) {
        sameTitles = !titled();
        view(url);
      }
    };
    const observer = new MutationObserver(() => titled() && setTimeout(() => done()));
    observer.observe(document, { childList: true, subtree: true, characterData: true });
    const cap = setTimeout(() => done(), RENDER_MS);
    requestAnimationFrame(() => {
      drawn = true;
      if (sameTitles) whenIdle(() => done());
    });
    end = done;
  };
  const check = (counts = true) => {
    const now = route();
    if (now != last && counts) {
      end && end(true);
      left();
      wait();
    }
    last = now;
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History) {
      const path = location.pathname;
      const r = original.apply(this, arguments as any);
      check(method == 'pushState' || location.pathname != path);
      return r;
    };
  }
  addEventListener('popstate', () => check());
  addEventListener('hashchange', () => check());
  addEventListener('pageshow', (e) => (e as PageTransitionEvent).persisted && (left(), view(location.href)));
  onLeave(() => end && end());
}
