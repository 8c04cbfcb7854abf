// capture/pending.ts: whether a submit the page prevented became a submission: its request's answer, its plugin's word, or the page left.
import { onLeave } from './leave.js';
import { ACCEPTED, REFUSED } from './plugins.js';

/** A submit the page handles itself: its form, the values that identify its request, and how to send it. */
export interface Pending { _form: HTMLFormElement; _values: string[]; _send: () => void; _flight?: number }

const decode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch (e) {
    return s;
  }
};
/** A JSON answer that says no with a 2xx: CF7's status, WordPress's wp_send_json_error, Formidable's errors. */
const saysNo = (j: any) => !!j && typeof j == 'object' && (j.success === false || j.ok === false || !!j.error ||
  (j.errors && Object.keys(j.errors).length > 0) || /fail|invalid|spam|error|abort|missing|denied|reject/i.test(j.status));

/**
 * Watches the page's requests (fetch, XMLHttpRequest, sendBeacon) and the plugins' events for the pending
 * submits; a pending one still waiting for its request's answer is sent when the page is hidden or left.
 * Requests to the collector (`endpoint`) are the tracker's own.
 */
export function watchOutcomes(endpoint: string) {
  const pending = new Map<HTMLFormElement, Pending>();
  let jq: unknown;
  const settle = (p: Pending, ok: boolean) => {
    if (pending.get(p._form) == p) pending.delete(p._form);
    // An earlier try of the same form that succeeds still counts: its values give it the same messageId.
    if (ok) p._send();
  };
  /**
   * The pending submit a request carries: to its form's action, or with its values in the URL or body
   * (two of them at least: a request that carries the email alone is a check of it, not the submission).
   */
  const carried = (url: unknown, body: unknown): Pending | undefined => {
    const u = new URL(url instanceof Request ? url.url : String(url), location.href).href;
    if (!u.indexOf(endpoint) || !pending.size) return;
    const text = decode(u) + ' ' + (body instanceof FormData || body instanceof URLSearchParams
      ? Array.from(body.values()).join(' ') : typeof body == 'string' ? body + ' ' + decode(body) : '');
    for (const p of pending.values()) {
      if (p._form.getAttribute('action') && p._form.action.split('#')[0] == u.split('#')[0] ||
        p._values.filter((v) => text.indexOf(v) >= 0).length >= Math.min(2, p._values.length)) {
        p._flight = (p._flight || 0) + 1;
        return p;
      }
    }
  };
  /** Status 0 (no answer: offline, aborted as the page is left) leaves the outcome unknown. */
  const answered = async (p: Pending, status: number, body: () => any) => {
    if (!status) return;
    let ok = status > 199 && status < 300;
    try {
      const j = await body();
      if (ok) ok = !saysNo(typeof j == 'string' ? JSON.parse(j) : j);
    } catch (e) { /* not JSON: the status says it */ }
    p._flight!--;
    settle(p, ok);
  };
  const fetch = window.fetch;
  window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const r = fetch.apply(this, arguments as any);
    try {
      const p = carried(input, init && init.body);
      // Ours is the first reaction to the answer: the page has not read its body yet.
      if (p) r.then((a) => answered(p, a.type == 'opaque' ? 200 : a.status, () => a.clone().text()), () => 0);
    } catch (e) { /* the page's request goes on */ }
    return r;
  };
  const X = XMLHttpRequest.prototype;
  const open = X.open;
  const send = X.send;
  X.open = function (this: any, method: string, url: string | URL) {
    this._url = url;
    return open.apply(this, arguments as any);
  };
  X.send = function (this: any, body?: any) {
    try {
      const p = carried(this._url, body);
      if (p) this.addEventListener('loadend', () => answered(p, this.status, () => (this.responseType == 'json' ? this.response : this.responseText)));
    } catch (e) { /* the page's request goes on */ }
    return send.apply(this, arguments as any);
  };
  const nav = navigator as any;
  const beacon = nav.sendBeacon;
  // A beacon is never answered: queued is as good as it gets.
  if (beacon) nav.sendBeacon = function (url: string, data?: any) {
    const queued = beacon.apply(this, arguments);
    try {
      const p = carried(url, data);
      if (p) answered(p, queued ? 200 : 0, () => 0);
    } catch (e) { /* the page's beacon went */ }
    return queued;
  };
  /** A plugin's word: for the pending form it names (the event's target or an argument), else the latest. */
  const heard = (ok: boolean) => (e: Event, ...args: unknown[]) => {
    const els = ([e.target] as unknown[]).concat(args).filter((x): x is Element => x instanceof Element);
    let found: Pending | undefined;
    pending.forEach((p) => {
      if (!els.length || els.some((el) => el.contains(p._form) || p._form.contains(el))) found = p;
    });
    if (found) settle(found, ok);
  };
  ACCEPTED.forEach((name) => document.addEventListener(name, heard(true) as any, true));
  REFUSED.forEach((name) => document.addEventListener(name, heard(false) as any, true));
  onLeave(() => pending.forEach((p) => p._flight && settle(p, true)));
  return {
    /** A submit waits for its outcome (the page's handlers decide whether it is prevented). */
    _add(p: Pending) {
      const $ = (window as any).jQuery;
      // jQuery may arrive after homing; a plugin speaks only after a submit.
      if ($ && $ != jq && $.fn) {
        jq = $;
        $(document).on(ACCEPTED.join(' '), heard(true)).on(REFUSED.join(' '), heard(false));
      }
      pending.delete(p._form);
      pending.set(p._form, p);
    },
    /** The pending submit of `form`, taken: `form.submit()` sends it. */
    _take(form: HTMLFormElement): Pending | undefined {
      const p = pending.get(form);
      pending.delete(form);
      return p;
    },
  };
}
