// context.ts: library, device, browser, os, locale, timezone, screen: read once per page load.
import { readDevice } from './device.js';

export const VERSION = '0.1.0';

/** SPEC §5: local and preview hosts are marked as development traffic. */
export function isDevelopmentHost(loc: { hostname: string; protocol: string }): boolean {
  const h = loc.hostname;
  return (
    loc.protocol == 'file:' || h == 'localhost' || h == '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(h) || /\.(local|test|localhost)$/.test(h)
  );
}

export function readContext(environment?: string): Record<string, unknown> {
  const n = navigator as any;
  const ctx: Record<string, unknown> = { library: { name: 'homing', version: VERSION } };
  const device = readDevice(n.userAgent, n.userAgentData);
  for (const k in device) ctx[k] = (device as any)[k];
  ctx.locale = n.language;
  try {
    ctx.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) { /* old engines */ }
  ctx.screen = { width: screen.width, height: screen.height };
  const env = environment || (isDevelopmentHost(location) ? 'development' : undefined);
  if (env) ctx.environment = env;
  return ctx;
}
