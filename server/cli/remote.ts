// remote.ts: the CLI asking the running collector (its admin routes) when it cannot open the store itself.
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Running {
  /** The running collector, e.g. http://127.0.0.1:8787. */
  url: string;
  /** Its admin token (HOMING_ADMIN_TOKEN); without one only a dev collector on loopback answers. */
  token?: string;
}

export type Asked = { ok: true; lines?: number; body?: unknown } | { ok: false; message: string };

function headers(to: Running, extra: Record<string, string> = {}): Record<string, string> {
  return to.token ? { Authorization: 'Bearer ' + to.token, ...extra } : extra;
}

/** Why the answer is not what was asked, in words for the terminal. */
async function problem(res: Response, to: Running): Promise<string> {
  const text = await res.text().catch(() => '');
  let message = text.slice(0, 300);
  try { message = (JSON.parse(text) as { message?: string }).message ?? message; } catch { /* not JSON */ }
  if (res.status === 401) return to.token ? 'the running collector refused HOMING_ADMIN_TOKEN' : 'the running collector needs HOMING_ADMIN_TOKEN';
  if (res.status === 404) return 'the running collector at ' + to.url + ' has its admin routes off: start it with HOMING_ADMIN_TOKEN';
  return to.url + ' answered ' + res.status + ': ' + message;
}

async function ask(to: Running, path: string, init: RequestInit = {}): Promise<Response | string> {
  try {
    return await fetch(new URL(path, to.url), { ...init, headers: headers(to, init.headers as Record<string, string>) });
  } catch (err) {
    return 'no collector answers at ' + to.url + ' (' + ((err as { cause?: Error }).cause?.message ?? (err as Error).message) + ')';
  }
}

/** GET /__export from the running process, streamed to `out`. */
export async function exportFrom(to: Running, query: URLSearchParams, out: Writable): Promise<Asked> {
  const res = await ask(to, '/__export?' + query);
  if (typeof res === 'string') return { ok: false, message: res };
  if (!res.ok || !res.body) return { ok: false, message: await problem(res, to) };
  let lines = 0;
  const counted = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream).on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 10) lines++;
  });
  await pipeline(counted, out, { end: false });
  return { ok: true, lines };
}

/** POST /__replay on the running process. */
export async function replayOn(to: Running, destination: string, id?: number): Promise<Asked> {
  const res = await ask(to, '/__replay', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(id === undefined ? { destination } : { destination, id }),
  });
  if (typeof res === 'string') return { ok: false, message: res };
  if (!res.ok) return { ok: false, message: await problem(res, to) };
  return { ok: true, body: await res.json() };
}

/** GET /__where on the running process. */
export async function whereOn(to: Running, query: URLSearchParams): Promise<Asked> {
  const res = await ask(to, '/__where?' + query);
  if (typeof res === 'string') return { ok: false, message: res };
  if (!res.ok) return { ok: false, message: await problem(res, to) };
  return { ok: true, body: await res.json() };
}
