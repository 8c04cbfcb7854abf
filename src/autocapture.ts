// autocapture.ts: wires data-autocapture's parts (SPEC §3, §6) to the tracker's methods.
import { Config, Part } from './config.js';
import { IdentitySource, takeLinkEmail } from './identity.js';
import type { Tracker } from './tracker.js';
import { pageProperties, visitCampaign, watchNavigation } from './capture/pageviews.js';
import { watchDuration } from './capture/duration.js';
import { randomId, type TrackOptions } from './event.js';
import { watchListings } from './capture/listings.js';
import { createSearches } from './capture/search.js';
import { watchForms } from './capture/forms.js';
import { watchClicks } from './capture/clicks.js';

/** data-autocapture's parts (SPEC §3, §6); a homing_email link identifies whatever the parts. */
export function autocapture(cfg: Config, api: Tracker, identify: (email: unknown, traits: unknown, source: IdentitySource, messageId?: string) => unknown,
  afterBoot: (fn: () => void) => void) {
  const has = (part: Part) => cfg.autocapture.indexOf(part) >= 0;
  const track = api.track as (event: string, properties: Record<string, unknown>, options?: TrackOptions) => unknown;
  const email = takeLinkEmail();
  if (email != null) identify(email, {}, 'link');
  const search = createSearches(cfg.key, track);
  // Time on page (SPEC §6) goes with the page views: its report names the page view and the listing view.
  const duration = has('pageviews') ? watchDuration(track) : undefined;
  // The page view's id: a form's messageId is derived from it (SPEC §6.2).
  let view = randomId();
  const page = () => track('page_view', pageProperties(), { messageId: (view = duration!._page()) });
  let listings = () => {};
  if (has('properties')) afterBoot(() => (listings = watchListings(track, search, duration && duration._listing)));
  if (has('pageviews')) page();
  // SPEC §3: a campaign email's link was clicked (whatever the parts, like the identify).
  if (email && visitCampaign(cfg.key)) track('email_clicked', {});
  if (has('pageviews') || has('properties')) watchNavigation(() => {
    try {
      if (has('pageviews')) page();
      listings();
    } catch (e) { /* the app's navigation goes on */ }
  });
  if (has('forms')) watchForms(track, (email, traits, id) => identify(email, traits, 'form', id), search, () => view, cfg.endpoint);
  if (has('properties') || has('clicks')) watchClicks(track, has('properties'), has('clicks'));
}
