// device.core.ts: the default build's device context: the raw user agent and its cheap hints, parsed by the collector (server/ua.ts).
import type { UAData } from './device.js';

export function readDevice(userAgent: string, uaData?: UAData): { userAgent: string; userAgentData?: UAData } {
  // userAgentData's low-entropy fields are plain properties: no promise, no permission.
  return uaData ? { userAgent, userAgentData: { mobile: uaData.mobile, platform: uaData.platform } } : { userAgent };
}
