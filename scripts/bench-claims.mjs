// bench-claims.mjs: the relay's claims timed as a relay makes them, for bench-relay-speed.mjs and bench-year.mjs.

const pct = (list, p) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * p))];

/**
 * The relay's two claims, taken in turn (40 engagement and browsing events, 4 lead events; main's code has one claim,
 * in id order: both are that one there), 300 of each, with four rounds in flight (leased, their people's later events
 * waiting) and the oldest confirmed (untimed) as each new claim is made. p50/p99 in ms.
 */
export async function timeClaims(store, destination = 'crm') {
  const times = { rest: [], lead: [] };
  const inFlight = [];
  for (let i = 0; i < 600; i++) {
    const isLead = i % 2 === 1;
    const t = performance.now();
    const claimed = await store.claim(destination, isLead ? 4 : 40, 60_000, { priorities: isLead ? [0, 0] : [1, 2] });
    (isLead ? times.lead : times.rest).push(performance.now() - t);
    if (!claimed.length) throw new Error('claim returned nothing');
    inFlight.push(claimed.map((e) => e.id));
    if (inFlight.length > 4) await store.confirm(destination, inFlight.shift());
  }
  return { p50: pct(times.rest, 0.5), p99: pct(times.rest, 0.99), leadP50: pct(times.lead, 0.5), leadP99: pct(times.lead, 0.99) };
}
