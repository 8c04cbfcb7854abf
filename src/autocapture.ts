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
import { watchEmbeds } from './capture/embeds.js';

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
  // The page view's id: a form's messageId is derived from it (SPEC §6.2). An app's route: its own URL,
  // the previous route as referrer (SPEC §3).
  let view = randomId();
  let referrer: string | undefined;
  const page = (url?: string) => {
    track('page_view', pageProperties(url, referrer), { messageId: (view = duration!._page(url)) });
    referrer = url || location.href;
  };
  let listings: ReturnType<typeof watchListings> | undefined;
  if (has('properties')) afterBoot(() => (listings = watchListings(track, search, duration && duration._listing)));
  if (has('pageviews')) page();
  // SPEC §3: a campaign email's link was clicked (whatever the parts, like the identify).
  if (email && visitCampaign(cfg.key)) track('email_clicked', {});
  if (has('pageviews') || has('properties')) watchNavigation(() => {
    if (duration) duration._end();
    if (listings) listings._leave();
  }, (url) => {
    if (has('pageviews')) page(url);
    if (listings) listings._route();
  });
  const byForm = (email: string, traits: Record<string, unknown>, id?: string) => identify(email, traits, 'form', id);
  if (has('forms')) watchForms(track, byForm, search, () => view, cfg.endpoint), watchEmbeds(track, byForm);
  if (has('properties') || has('clicks')) watchClicks(track, has('properties'), has('clicks'));
}
