// render.js: how one logged event reads in the panel: its summary, its row, a lead's story.
export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const money = (n) => (typeof n === 'number' ? '$' + (n >= 1e6 ? +(n / 1e6).toFixed(2) + 'M' : n >= 1e3 ? Math.round(n / 1e3) + 'k' : n) : '');
export const time = (t) => (t ? new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }) : '–');

function searchSummary(s = {}) {
  const price = s.minPrice || s.maxPrice ? (money(s.minPrice) || '$0') + '–' + (money(s.maxPrice) || 'any') : '';
  const parts = [s.location, s.propertyType, s.beds && s.beds + '+ beds', s.baths && s.baths + '+ baths', price, s.keywords];
  const criteria = parts.filter(Boolean).join(' · ') || 'all homes';
  return criteria + (s.resultCount !== undefined ? ' → ' + s.resultCount + (s.resultCount === 1 ? ' result' : ' results') : '');
}

/** One line saying what the event is about: the listing, the search, the page or the person. */
export function summary(e) {
  const p = e.properties || {};
  const prop = p.property;
  const listing = prop ? [prop.address || prop.id, money(prop.price)].filter(Boolean).join(' · ') : '';
  switch (e.event) {
    case 'search': return searchSummary(p.propertySearch);
    case 'saved_property': return listing + (prop?.savedToList ? ' → ' + prop.savedToList : '');
    case 'inquiry': return listing + (p.message ? ' — “' + String(p.message).slice(0, 60) + '”' : '');
    case 'identify': return [e.traits?.firstName, e.traits?.lastName].filter(Boolean).join(' ') || 'traits: ' + Object.keys(e.traits || {}).join(', ');
    case 'page_view': return pagePath(p.pageUrl) + (p.pageTitle ? ' — ' + String(p.pageTitle).split(' — ')[0] : '');
    case 'page_engagement': return pagePath(p.pageUrl) + ' — ' + Number(p.pageDuration) + ' s on the page';
    case 'form_submission': return 'form ' + (p.metadata?.formName || p.metadata?.formId || '?');
    case 'document_downloaded': return (p.metadata?.name || p.metadata?.url || '') + (listing ? ' · ' + listing : '');
    default: return listing || (p.propertySearch ? searchSummary(p.propertySearch) : pagePath(p.pageUrl));
  }
}

function pagePath(url) {
  try { const u = new URL(url); return u.pathname + u.search; } catch { return url || ''; }
}

/** Capture time in ms: the wire allows an ISO string or epoch ms. */
const capturedMs = (e) => (typeof e.timestamp === 'number' ? e.timestamp : Date.parse(e.timestamp));

function lag(e) {
  const ms = Date.parse(e.receivedAt) - capturedMs(e);
  if (!isFinite(ms)) return '';
  return ms < 1000 ? '+' + Math.max(0, ms) + ' ms' : ms < 120000 ? '+' + (ms / 1000).toFixed(1) + ' s' : '+' + Math.round(ms / 60000) + ' min';
}

export const leadHref = (email) => '#lead=' + encodeURIComponent(email);

export function statusBadge(e) {
  return `<span class="status ${esc(e.status)}">${esc(e.status)}${e.code ? ' ' + esc(e.code) : ''}</span>`;
}

export function row(e, i, isOpen) {
  const who = e.email ? `<a class="email" href="${leadHref(e.email)}" title="This lead's whole story">${esc(e.email)}</a>` : '<span class="muted">anonymous</span>';
  return `<li class="event" data-i="${i}" data-event="${esc(e.event)}" data-status="${esc(e.status)}">
  <div class="head"><button type="button" class="row" aria-expanded="${isOpen}">
    ${statusBadge(e)}<span class="type t-${esc(e.event)}">${esc(e.event)}</span>
    <span class="sum">${esc(summary(e))}</span>
    <span class="times" title="captured in the browser → received by the collector">${time(e.timestamp)} → ${time(e.receivedAt)} <em>${lag(e)}</em></span>
    <code class="mid" title="messageId">${esc(e.messageId)}</code>
  </button>
  <div class="who">${who}</div></div>
  ${isOpen ? `<pre class="json" tabindex="0" aria-label="The event as stored">${esc(JSON.stringify(e, null, 2))}</pre>` : ''}
</li>`;
}

/** A lead's events in the order they happened (capture time), each once, the way a CRM would show them. */
export function story(email, events, whereOf = () => '') {
  const theirs = events.filter((e) => e.email === email);
  const repeats = theirs.filter((e) => e.status === 'duplicate').length;
  const mine = theirs.filter((e) => e.status === 'accepted')
    // identify() comes before the form event it goes with, often in the same millisecond, and a
    // keepalive batch sends the inquiry first: on a tie, identify goes first.
    .sort((a, b) => capturedMs(a) - capturedMs(b) || (b.event === 'identify') - (a.event === 'identify'));
  const first = mine.find((e) => e.event === 'identify');
  const name = first ? summary(first) : '';
  const steps = mine.map((e) => `<li data-event="${esc(e.event)}"><time>${time(e.timestamp)}</time><b>${esc(e.event)}</b>` +
    `<span>${esc(summary(e))}</span>${whereOf(e.messageId)}</li>`).join('');
  const counted = mine.length + ' events, in the order they happened' + (repeats ? ' (' + repeats + ' duplicate deliveries counted once)' : '');
  return `<header><div><p class="eyebrow">Lead story</p><h2>${esc(name || email)}</h2><p class="muted">${esc(email)} · ${counted}</p></div>` +
    `<a class="close" href="#">All events ✕</a></header><ol class="timeline">${steps}</ol>`;
}
