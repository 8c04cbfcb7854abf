// capture/values.ts: numbers and text as pages write them, cut to the wire's string limit.

/** How every autocapture part records an event (the tracker's own track()). */
export type Track = (event: string, properties: Record<string, unknown>, options?: { messageId?: string; timestamp?: number }) => unknown;

/** Text read from a page, trimmed and cut to the 1,000-character string limit (SPEC §4); empty is nothing. */
export const clip = (v: unknown): string | undefined =>
  typeof v == 'string' || typeof v == 'number' ? String(v).trim().slice(0, 1000) || undefined : undefined;

// A currency before or after the digits is allowed; any other word ("$1.2M", "Call for Price") is not a number.
const NUMBER = /^\s*(?:[A-Z]{3}|R?\$|[€£¥₹])?\s*(\d[\d.,\s]*?)\s*(?:[A-Z]{3}|[€£¥₹])?\s*$/;

/**
 * A number as listing pages write it: 649000, "1,449,000", "$649,000", "€ 1.250.000", "2,5", or a
 * { value } / { amount } wrapper. A last separator followed by one or two digits is the decimal point.
 */
export function toNumber(v: unknown): number | undefined {
  if (v && typeof v == 'object') v = (v as any).value ?? (v as any).amount;
  if (typeof v == 'number') return isFinite(v) ? v : undefined;
  const m = typeof v == 'string' && NUMBER.exec(v);
  if (!m) return;
  const s = m[1].replace(/\s/g, '');
  const dec = /[.,](\d{1,2})$/.exec(s);
  return +((dec ? s.slice(0, dec.index) : s).replace(/\D/g, '') + (dec ? '.' + dec[1] : ''));
}

/** The first item of an array, or the value itself. */
export const first = (v: any) => (Array.isArray(v) ? v[0] : v);

/** An absolute URL (relative ones resolve against the page), or undefined. */
export function absolute(url: unknown, base: string): string | undefined {
  try {
    return clip(new URL(url as string, base).href);
  } catch (e) { /* not a URL */ }
}
