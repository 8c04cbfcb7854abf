// where.js: where a lead's events went at each destination (GET /__where), and the dead letters with replay.
import { esc, time } from './render.js';

/** messageId → its destinations, from the last look. */
const known = new Map();
let deadLetters = [];
let hasRelay = true;

const WHY = { waiting: 'waiting its turn', sending: 'being sent', retrying: 'retrying', paused: 'paused by its budget' };

function badge(w) {
  const status = w.status ? ' ' + Number(w.status) : '';
  if (w.state === 'sent') return `<li class="w-sent"><b>${esc(w.destination)}</b> sent${w.at ? ' ' + time(w.at) : ''}${status}</li>`;
  if (w.state === 'condensed') return `<li class="w-sent"><b>${esc(w.destination)}</b> condensed into <code>${esc(w.into)}</code>${status}</li>`;
  if (w.state === 'skipped') return `<li class="w-muted"><b>${esc(w.destination)}</b> skipped</li>`;
  if (w.state === 'dead_letter') return `<li class="w-dead"><b>${esc(w.destination)}</b> dead letter${status}` +
    ` <button type="button" data-replay="${esc(w.destination)}" data-id="${Number(w.deadLetterId)}">Replay</button></li>`;
  if (w.state === 'pending') {
    const why = WHY[w.why] || 'pending';
    const until = w.why === 'paused' ? ' until ' + time(w.pausedUntil) : w.why === 'retrying' ? ' at ' + time(w.at) : '';
    const more = w.why === 'waiting' && w.ahead ? ', ' + Number(w.ahead) + ' ahead' : '';
    return `<li class="w-wait"><b>${esc(w.destination)}</b> pending: ${why}${until}${more}${w.error ? ' — ' + esc(w.error) : ''}</li>`;
  }
  return `<li class="w-muted"><b>${esc(w.destination)}</b> ${esc(w.state)}</li>`;
}

/** The destinations line of one story step, from the last look ('' before the first). */
export function whereOf(messageId) {
  const dests = known.get(messageId);
  return dests && dests.length ? `<ul class="where" aria-label="Where it went">${dests.map(badge).join('')}</ul>` : '';
}

/** Asks where a lead's events went; resolves true when something changed. */
export async function lookUp(email) {
  const res = await fetch('/__where?email=' + encodeURIComponent(email)).catch(() => undefined);
  if (!res || !res.ok) return false;
  const { trail } = await res.json();
  let isChanged = false;
  for (const t of trail) {
    const next = JSON.stringify(t.destinations);
    if (JSON.stringify(known.get(t.messageId)) !== next) { known.set(t.messageId, t.destinations); isChanged = true; }
  }
  return isChanged;
}

export async function showDeadLetters() {
  const box = document.querySelector('[data-dead-box]');
  const res = await fetch('/__deadletters?limit=20').catch(() => undefined);
  hasRelay = Boolean(res && res.ok);
  box.hidden = !hasRelay;
  if (!hasRelay) return;
  deadLetters = (await res.json()).deadLetters;
  const byDestination = [...new Set(deadLetters.map((d) => d.destination))];
  document.querySelector('[data-dead]').innerHTML = deadLetters.map((d) => {
    const status = d.answer && d.answer.status ? Number(d.answer.status) : '';
    return `<li><span><b>${esc(d.destination)}</b> ${esc(d.event.event)} ${status}</span>` +
      `<button type="button" data-replay="${esc(d.destination)}" data-id="${Number(d.id)}">Replay</button>` +
      `<small>${esc(d.event.identify && d.event.identify.email)} · ${time(d.failedAt)}</small></li>`;
  }).join('') || '<li class="muted">None: every destination took what it was sent.</li>';
  document.querySelector('[data-dead-all]').innerHTML = byDestination.map((name) =>
    `<button type="button" data-replay="${esc(name)}">Replay all for ${esc(name)}</button>`).join('');
}

/** POST /__replay for a destination (one dead letter when `id` is given). */
export async function replay(destination, id) {
  const body = JSON.stringify(id ? { destination, id: Number(id) } : { destination });
  const res = await fetch('/__replay', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }).catch(() => undefined);
  const say = document.querySelector('[data-dead-note]');
  say.textContent = res && res.ok ? (await res.json()).replayed + ' sent again to ' + destination : 'Replay failed: ' + (res ? res.status : 'no answer');
  await showDeadLetters();
}
