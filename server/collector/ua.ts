// ua.ts: device, browser and os for core-build events, read from their raw user agent as the full build does.
import { readDevice } from '../../src/device.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);

/** Returns properties with context.device/browser/os filled; the input is never mutated. */
export function enrichUserAgent(properties: Record<string, unknown>): Record<string, unknown> {
  const context = properties.context;
  if (!isObject(context) || typeof context.userAgent != 'string' || context.device != null) return properties;
  return { ...properties, context: { ...context, ...readDevice(context.userAgent) } };
}
