// context.ts: library, device, browser, os, locale, timezone, screen: read once per page load.
import { readDevice } from './device.js';

export const VERSION = '0.1.0';

/** SPEC §5: local and preview hosts are marked as development traffic. */
export function isDevelopmentHost(loc: { hostname: string; protocol: string }): boolean {
  return loc.protocol == 'file:' || /^(localhost|127(\.\d+){3}|\[::1\])$|\.(local|test|localhost)$/.test(loc.hostname);
}

export function readContext(environment?: string): Record<string, unknown> {
  const n = navigator as any;
  const ctx: Record<string, unknown> = { library: { name: 'homing', version: VERSION } };
  const device = readDevice(n.userAgent, n.userAgentData);
  Object.assign(ctx, device);
  ctx.locale = n.language;
  ctx.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  ctx.screen = { width: screen.width, height: screen.height };
  const env = environment || (isDevelopmentHost(location) ? 'development' : undefined);
  if (env) ctx.environment = env;
  return ctx;
}
