// qa.js: the QA panel: the live stream (/qa/events), filters, rows, leads and their stories, clear.
import { setFault, showFaults, showRequests } from './faults.js';
import { renderQueues, takeReport } from './queues.js';
import { esc, leadHref, row, story } from './render.js';
import { lookUp, replay, showDeadLetters, whereOf } from './where.js';

const MAX_ROWS = 300;
const $ = (s) => document.querySelector(s);
const events = [];
const open = new Set();
let isQueued = false;

function filtered() {
  const f = $('[data-filters]').elements;
  const email = f.email.value.trim().toLowerCase(), type = f.type.value, pages = f.pages.checked;
  return events.map((e, i) => [e, i]).filter(([e]) => (!email || e.email.toLowerCase().includes(email)) &&
    (!type || e.event === type) && (pages || !!type || !/^page_(view|engagement)$/.test(e.event)));
}

/** Newest first: the log is in arrival order, and a batch's events in capture order. */
function render() {
  isQueued = false;
  const shown = filtered().reverse().slice(0, MAX_ROWS);
  $('[data-events]').innerHTML = shown.map(([e, i]) => row(e, i, open.has(i))).join('');
  $('[data-empty]').hidden = shown.length > 0;
  $('[data-empty]').querySelector('[data-why]').textContent = events.length ? 'No event matches these filters.' : 'No events yet.';
  for (const k of ['accepted', 'duplicate', 'rejected']) $(`[data-total="${k}"]`).textContent = events.filter((e) => e.status === k).length;
  $('[data-total="all"]').textContent = events.length;
  renderChoices();
  renderLeads();
  renderStory();
  renderQueues();
}
const later = () => { if (!isQueued) { isQueued = true; requestAnimationFrame(render); } };

function renderChoices() {
  const select = $('[data-filters]').elements.type;
  const types = [...new Set(events.map((e) => e.event))].sort();
  const have = [...select.options].slice(1).map((o) => o.value);
  if (types.join() !== have.join()) {
    const current = select.value;
    select.innerHTML = '<option value="">all types</option>' + types.map((t) => `<option>${esc(t)}</option>`).join('');
    select.value = current;
  }
  $('#emails').innerHTML = leads().map(([email]) => `<option value="${esc(email)}">`).join('');
}

function leads() {
  const counts = new Map();
  for (const e of events) if (e.email) counts.set(e.email, (counts.get(e.email) || 0) + 1);
  return [...counts];
}

function renderLeads() {
  $('[data-leads]').innerHTML = leads().map(([email, n]) => `<li><a href="${leadHref(email)}">${esc(email)}</a><span>${n} events</span></li>`).join('') ||
    '<li class="muted">None yet: a visitor\'s events wait in their browser until an email is known.</li>';
}

function renderStory() {
  const m = location.hash.match(/^#lead=(.+)$/);
  const box = $('[data-story]');
  box.hidden = !m;
  if (m) box.innerHTML = story(decodeURIComponent(m[1]), events, whereOf);
}

/** While a lead's story is open, where their events went is asked again every 2 s. */
function lookUpStory() {
  const m = location.hash.match(/^#lead=(.+)$/);
  if (m) lookUp(decodeURIComponent(m[1])).then((isChanged) => { if (isChanged) later(); });
}

function connect() {
  const live = $('.live');
  const say = (state, text) => { live.dataset.live = state; live.querySelector('b').textContent = text; };
  const source = new EventSource('/qa/events');
  // Every (re)connect replays the log, so start from empty.
  source.addEventListener('open', () => { events.length = 0; open.clear(); });
  source.addEventListener('entry', (m) => { events.push(JSON.parse(m.data)); later(); });
  source.addEventListener('queue', (m) => { takeReport(JSON.parse(m.data)); later(); });
  source.addEventListener('cleared', () => { events.length = 0; open.clear(); later(); showRequests(); });
  source.addEventListener('ready', () => { say('on', 'Live'); later(); });
  source.addEventListener('error', () => say('off', 'Reconnecting…'));
}

$('[data-events]').addEventListener('click', (e) => {
  const button = e.target.closest('button.row');
  if (!button) return;
  const i = Number(button.closest('.event').dataset.i);
  if (!open.delete(i)) open.add(i);
  render();
});
$('[data-filters]').addEventListener('input', later);
$('[data-filters]').addEventListener('submit', (e) => e.preventDefault());
addEventListener('hashchange', () => { render(); lookUpStory(); if (location.hash) scrollTo(0, 0); });
document.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-replay]');
  if (b) replay(b.dataset.replay, b.dataset.id).then(lookUpStory);
});
$('.faults').addEventListener('click', (e) => {
  const b = e.target.closest('button[data-fault]');
  if (b) setFault(b.dataset.fault).then(showRequests);
});
$('[data-clear]').addEventListener('click', () => fetch('/qa/clear', { method: 'POST' }).catch(() => undefined));

connect();
showFaults();
showRequests();
showDeadLetters();
lookUpStory();
setInterval(lookUpStory, 2000);
setInterval(showDeadLetters, 5000);
// Deliveries and the fault state change without an event (a 503 logs no event), so look every second.
setInterval(() => { showRequests(); showFaults(); renderQueues(); }, 1000);
