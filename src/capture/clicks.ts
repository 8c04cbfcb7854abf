// capture/clicks.ts: saves (data-homing-save) and document downloads, from one delegated click listener.
import { listingNear, pageListing } from './listings.js';
import { clip, type Track } from './values.js';

const DOCUMENT = /\.(pdf|docx?|xlsx?|zip)$/i;

export function watchClicks(track: Track, saves: boolean, documents: boolean) {
  // Capture phase: before the site's own handler flips a save button's aria-pressed.
  document.addEventListener('click', (e) => {
    try {
      const target = e.target as Element;
      const save = saves && target.closest('[data-homing-save]');
      // aria-pressed="true" before the click: the visitor is un-saving.
      if (save && save.getAttribute('aria-pressed') != 'true') {
        const property = listingNear(save);
        if (property) track('saved_property', { property: { ...property, savedToList: clip(save.getAttribute('data-homing-save')) } });
      }
      const link = documents && (target.closest('a[href]') as HTMLAnchorElement | null);
      if (link && DOCUMENT.test(link.pathname)) {
        track('document_downloaded', {
          property: pageListing(),
          metadata: { url: clip(link.href), name: clip(decodeURIComponent(link.pathname.split('/').pop()!)) },
        });
      }
    } catch (err) { /* a click never breaks the page */ }
  }, true);
}
