// context.ts: library, device, browser, os, locale, timezone, screen: read once per page load, when first needed.
import { readDevice } from './device.js';

export const VERSION = '0.1.0';

/** SPEC §5: local and preview hosts are marked as development traffic. */
export function isDevelopmentHost(loc: { hostname: string; protocol: string }): boolean {
  return loc.protocol == 'file:' || /^(localhost|127(\.\d+){3}|\[::1\])$|\.(local|test|localhost)$/.test(loc.hostname);
}

/**
 * The IANA time zone. Temporal reads it in microseconds; Intl's first call in a tab loads ICU's
 * formatting data (30–130 ms measured in a fresh Chromium tab), so it is the fallback, called once.
 */
export function readTimezone(): string | undefined {
  const T = (globalThis as any).Temporal;
  try {
    return T ? T.Now.timeZoneId() : Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) { /* no time zone support: left out */ }
}

export function readContext(environment?: string): Record<string, unknown> {
  const n = navigator as any;
  const ctx: Record<string, unknown> = { library: { name: 'homing', version: VERSION } };
  Object.assign(ctx, readDevice(n.userAgent, n.userAgentData));
  ctx.locale = n.language;
  ctx.timezone = readTimezone();
  ctx.screen = { width: screen.width, height: screen.height };
  const env = environment || (isDevelopmentHost(location) ? 'development' : undefined);
  if (env) ctx.environment = env;
  return ctx;
}
