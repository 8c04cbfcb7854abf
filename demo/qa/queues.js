// queues.js: the visitors' queues box: each open demo tab's homing.stats(), as its page last reported it.
import { esc } from './render.js';

/** A tab that has not reported for this long is shown as closed (a live one reports every 5 s). */
const STALE_MS = 12_000;
const reports = new Map();

export function takeReport(report) {
  reports.set(report.visitor, report);
}

const dropped = (d) => Object.entries(d || {}).map(([reason, n]) => esc(reason) + ' ' + Number(n)).join(', ');

function state(s, isStale) {
  if (isStale) return 'gone';
  if (s.queued && s.lastError) return 'trouble';
  return s.queued ? 'busy' : s.held ? 'held' : 'ok';
}

function line(r, now) {
  const s = r.stats || {};
  const isStale = now - Date.parse(r.receivedAt) > STALE_MS;
  const n = (k, label) => `<span><b data-q="${k}">${Number(s[k]) || 0}</b> ${label}</span>`;
  const lost = dropped(s.dropped);
  return `<li data-state="${state(s, isStale)}"><p class="page"><span class="dot"></span><code>${esc(r.page)}</code>` +
    `${isStale ? '<em>closed</em>' : ''}</p>` +
    `<p class="counts">${n('queued', 'queued')}${n('held', 'held')}${n('inFlight', 'in flight')}</p>` +
    (lost ? `<p class="lost">dropped: ${lost}</p>` : '') +
    (s.lastError ? `<p class="err">last error: ${esc(s.lastError)}</p>` : '') + '</li>';
}

export function renderQueues() {
  const now = Date.now();
  const list = [...reports.values()].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  document.querySelector('[data-queues]').innerHTML = list.map((r) => line(r, now)).join('') ||
    '<li class="muted">No demo tab open. Each tab of the demo site reports its queue here.</li>';
}
