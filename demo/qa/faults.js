// faults.js: the collector fault switches (POST/DELETE /__faults) and the recent batch requests list.
import { esc, time } from './render.js';

// "On" means until switched off: a count no demo session reaches.
const UNTIL_OFF = 1_000_000;
const SPECS = {
  503: { mode: 503, retryAfter: 2 },
  500: { mode: 500 },
  429: { mode: 429, retryAfter: 5 },
  slow: { mode: 'slow', delayMs: 3000 },
};

export async function setFault(name) {
  // A request the panel's closing cut off is not an error of the page: the switch shows what the collector holds.
  const off = await fetch('/__faults', { method: 'DELETE' }).then(() => true, () => false);
  if (off && SPECS[name]) await fetch('/__faults', { method: 'POST', body: JSON.stringify({ ...SPECS[name], count: UNTIL_OFF }) }).catch(() => undefined);
  return showFaults();
}

export async function showFaults() {
  const res = await fetch('/__faults').catch(() => undefined);
  // The fault switch exists in the demo only; a deployed collector has none.
  const isDemo = !res || res.status !== 404;
  for (const el of document.querySelectorAll('[data-demo-only]')) el.hidden = !isDemo;
  const snap = res && res.ok ? await res.json().catch(() => undefined) : undefined;
  if (!snap) return;
  const active = snap.queued[0] ? String(snap.queued[0].mode) : 'off';
  for (const b of document.querySelectorAll('button[data-fault]')) b.setAttribute('aria-pressed', String(b.dataset.fault === active));
  document.body.dataset.fault = active;
}

const label = (r) => (r.status ? String(r.status) : r.fault === 'reset' ? 'reset' : r.fault === 'timeout' ? 'no answer' : '…');
const tone = (r) => (r.status >= 200 && r.status < 300 ? 'ok' : r.status === 429 || r.status === 0 ? 'warn' : 'bad');

export async function showRequests() {
  const body = await fetch('/qa/requests').then((r) => r.json()).catch(() => undefined);
  if (!body) return;
  const list = document.querySelector('[data-requests]');
  list.innerHTML = body.requests.slice(0, 12).map((r) =>
    `<li class="${tone(r)}"><span class="code">${label(r)}</span><span>${r.count} event${r.count === 1 ? '' : 's'}${r.keyVia === 'query' ? ' · keepalive' : ''}</span>` +
    `<time>${time(r.at)}</time>${r.fault ? `<em>fault ${esc(r.fault)}</em>` : ''}</li>`).join('') ||
    '<li class="muted">No batch requests yet.</li>';
}
