// listen.ts: starts and stops every HTTP server of the package: listen on a port, say the bound address, close.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** http://<bound address>:<port>, e.g. http://127.0.0.1:8787 or http://[::]:8787. */
  url: string;
  port: number;
  /** Stops taking connections; requests in flight get up to `graceMs` (default 0: cut at once). */
  close(graceMs?: number): Promise<void>;
}

/** Listens on `port` (0: a free one) at `host`; rejects when the port is taken. */
export async function listen(server: Server, port: number, host: string): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? '[' + address.address + ']' : address.address;
  return { url: 'http://' + shown + ':' + address.port, port: address.port, close: (graceMs = 0) => close(server, graceMs) };
}

async function close(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (graceMs > 0) await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  server.closeAllConnections();
  await closed;
}
