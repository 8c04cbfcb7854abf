// ua.ts: device, browser and os for default-build events, read from their raw user agent as the device build does.
import { readDevice, type UAData } from '../../src/device.js';
import { isCrawler } from '../../src/crawler.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);

/**
 * Returns properties with context.device/browser/os filled from context.userAgent and its
 * userAgentData hints (which are then left out: the device build does not send them); the input is never mutated.
 */
export function enrichUserAgent(properties: Record<string, unknown>): Record<string, unknown> {
  const context = properties.context;
  if (!isObject(context) || typeof context.userAgent != 'string' || context.device != null) return properties;
  const { userAgentData, ...rest } = context;
  return { ...properties, context: { ...rest, ...readDevice(context.userAgent, isObject(userAgentData) ? (userAgentData as UAData) : undefined) } };
}

/**
 * A browser request (it carries Origin) whose User-Agent is a crawler's, with the page's own rule
 * (src/crawler.ts): a crawler that slipped past the page is still kept out of the store. A request
 * without Origin comes from a server and is judged by its key alone (SPEC §4), whatever its client.
 */
export function isCrawlerRequest(headers: { origin?: string; 'user-agent'?: string }): boolean {
  return !!headers.origin && isCrawler(headers['user-agent']);
}
