// queue-panel.js: a QA aid, not part of the site: shows homing.stats() in a corner panel and reports it to the QA panel.
const REFRESH_MS = 500;
/** Unchanged stats are reported again this often, so the QA panel knows the tab is still open. */
const HEARTBEAT_MS = 5000;
const endpoint = document.querySelector('script[data-endpoint]')?.dataset.endpoint || '';
const qaUrl = endpoint ? new URL('/qa', endpoint).href : '';

const root = document.createElement('div');
root.className = 'vq';
root.innerHTML = `<button class="vq-toggle" type="button" aria-expanded="false" aria-controls="vq-panel" title="homing.stats() for this browser">
  <span class="vq-dot"></span><span data-vq-summary>Visitor queue</span></button>
<section class="vq-panel" id="vq-panel" aria-label="Visitor queue" hidden>
  <header><b>Visitor queue</b><span class="vq-sub">homing.stats(), live</span></header>
  <dl>
    <dt>Queued</dt><dd data-vq="queued">–</dd><dt>Held (no email yet)</dt><dd data-vq="held">–</dd>
    <dt>In flight</dt><dd data-vq="inFlight">–</dd><dt>Oldest waiting</dt><dd data-vq="oldestAge">–</dd>
    <dt>Dropped</dt><dd data-vq="dropped">–</dd><dt>Storage</dt><dd data-vq="storage">–</dd>
    <dt>Last sent</dt><dd data-vq="lastSent">–</dd><dt>Last error</dt><dd data-vq="lastError">–</dd>
  </dl>
  <div class="vq-actions"><button type="button" data-vq-flush>Send now</button>${qaUrl ? `<a href="${qaUrl}" target="_blank" rel="noopener">QA panel ↗</a>` : ''}</div>
</section>`;
document.body.append(root);

const toggle = root.querySelector('.vq-toggle');
const panel = root.querySelector('.vq-panel');
let lastSent = '–';

const age = (ms) => (ms < 1000 ? 'now' : ms < 60000 ? Math.round(ms / 1000) + ' s' : Math.round(ms / 60000) + ' min');
const dropped = (d) => Object.entries(d || {}).map(([reason, n]) => reason + ' ' + n).join(', ') || 'none';

/** `queued` counts every ready event, those in flight included; held ones wait for an email. */
function summary(s) {
  if (s.queued) return s.queued + ' waiting' + (s.held ? ' · ' + s.held + ' held' : '');
  return s.held ? s.held + ' held' : 'All sent';
}

async function refresh() {
  if (typeof window.homing?.stats !== 'function') return; // homing.min.js has not loaded yet
  const s = await window.homing.stats();
  if (!s || s.error) return;
  const values = { queued: s.queued, held: s.held, inFlight: s.inFlight, oldestAge: s.oldestAge ? age(s.oldestAge) : '–',
    dropped: dropped(s.dropped), storage: s.storage + (s.stopped ? ' · stopped' : ''), lastSent, lastError: s.lastError || 'none' };
  for (const [k, v] of Object.entries(values)) root.querySelector(`[data-vq="${k}"]`).textContent = String(v);
  root.querySelector('[data-vq-summary]').textContent = summary(s);
  root.dataset.state = s.lastError && s.queued ? 'trouble' : s.queued ? 'busy' : s.held ? 'held' : 'ok';
  report(s);
}

// One id per tab, so the QA panel shows one line per tab however many pages it visits.
const visitor = tabId();
function tabId() {
  try {
    const id = sessionStorage.getItem('homing-demo:tab') || Math.random().toString(36).slice(2, 10);
    sessionStorage.setItem('homing-demo:tab', id);
    return id;
  } catch {
    return Math.random().toString(36).slice(2, 10);
  }
}

let reported = '';
let reportedAt = 0;
let isReporting = Boolean(qaUrl);

/** Posts the stats to the collector's QA panel (text/plain: no preflight); a collector without one answers 404. */
function report(stats) {
  const body = JSON.stringify({ visitor, page: location.pathname + location.search, stats });
  if (!isReporting || (body === reported && Date.now() - reportedAt < HEARTBEAT_MS)) return;
  reported = body;
  reportedAt = Date.now();
  fetch(new URL('/qa/queue', qaUrl), { method: 'POST', body, credentials: 'omit' })
    .then((r) => { if (r.status === 404) isReporting = false; }, () => {});
}

function listen() {
  if (typeof window.homing?.on !== 'function') return void setTimeout(listen, 100);
  window.homing.on('sent', (d) => { lastSent = new Date().toLocaleTimeString() + ' (' + d.count + ')'; refresh(); });
  // A queued event is written to IndexedDB just after the notification: look once that is done.
  for (const name of ['queued', 'dropped', 'error']) window.homing.on(name, () => setTimeout(refresh));
  refresh();
}

toggle.addEventListener('click', () => {
  panel.hidden = !panel.hidden;
  toggle.setAttribute('aria-expanded', String(!panel.hidden));
  refresh();
});
root.querySelector('[data-vq-flush]').addEventListener('click', () => window.homing?.flush?.().then(refresh));
setInterval(refresh, REFRESH_MS);
listen();
refresh();
