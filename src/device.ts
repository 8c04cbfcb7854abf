// device.ts: device, browser and os from the user agent (ua-parser-js 1.x), refined by userAgentData.
import UAParser from 'ua-parser-js';

export type UAData = { mobile?: boolean; platform?: string; brands?: { brand: string; version: string }[] };
export type DeviceContext = {
  device: { type: 'mobile' | 'tablet' | 'desktop' | string; vendor?: string; model?: string };
  browser: { name?: string; version?: string };
  os: { name?: string; version?: string };
};

/** Drops undefined fields: every key sent counts against the event's 100 leaf keys. */
function defined<T extends object>(o: T): T {
  const out: any = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

export function readDevice(userAgent: string, uaData?: UAData): DeviceContext {
  const { device, browser, os } = UAParser(userAgent || '');
  const platform = uaData && uaData.platform;
  return {
    device: defined({
      type: device.type || (uaData && uaData.mobile ? 'mobile' : 'desktop'),
      vendor: device.vendor,
      // "K" stands in for the model in Chrome's reduced user agent.
      model: device.model == 'K' ? undefined : device.model,
    }),
    browser: defined({ name: browser.name, version: browser.version }),
    os: defined({ name: os.name || (platform && platform != 'Unknown' ? platform : undefined), version: os.version }),
  };
}
