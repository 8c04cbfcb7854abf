// device.core.ts: the core build's device context: the raw user agent, parsed by the collector (server/ua.ts).
export function readDevice(userAgent: string, uaData?: unknown): { userAgent: string } {
  return { userAgent };
}
