// webdriver.ts: a small W3C WebDriver (classic) client over fetch: the commands the WebKit driver uses.
// https://www.w3.org/TR/webdriver2/

export interface WebDriverSession {
  id: string;
  capabilities: Record<string, any>;
  /** One command of the session, e.g. `call('POST', '/url', { url })`; resolves its `value`. */
  call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<any>;
  /** Runs `script` as an async script (its last argument is the callback) and resolves what it passed. */
  executeAsync(script: string, args?: unknown[]): Promise<any>;
  end(): Promise<void>;
}

export class WebDriverError extends Error {
  constructor(readonly code: string, message: string) { super(code + ': ' + message); }
}

/** Sends one command to the driver at `base`; rejects with the driver's error code and message. */
export async function command(base: string, method: string, path: string, body: unknown, timeoutMs: number): Promise<any> {
  // HOMING_WD_DEBUG=1 prints every command and answer: the way to see which step a hang is in.
  if (process.env.HOMING_WD_DEBUG) console.log('wd >', new Date().toISOString().slice(17), method, path, JSON.stringify(body ?? '').slice(0, 80));
  const r = await fetch(base + path, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await r.text();
  if (process.env.HOMING_WD_DEBUG) console.log('wd <', new Date().toISOString().slice(17), r.status, text.slice(0, 120));
  let json: any;
  try { json = JSON.parse(text); } catch { throw new WebDriverError('bad reply', r.status + ' ' + text.slice(0, 200)); }
  if (!r.ok || (json.value && json.value.error)) throw new WebDriverError(json.value?.error ?? String(r.status), json.value?.message ?? text.slice(0, 200));
  return json.value;
}

/** Starts a session with `capabilities` (W3C `alwaysMatch`). */
export async function newSession(base: string, capabilities: Record<string, unknown>, timeoutMs: number): Promise<WebDriverSession> {
  const value = await command(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } }, timeoutMs);
  const id: string = value.sessionId;
  const call = (method: string, path: string, body?: unknown) =>
    command(base, method, '/session/' + id + path, method === 'POST' ? body ?? {} : undefined, timeoutMs);
  return {
    id,
    capabilities: value.capabilities,
    call,
    executeAsync: (script, args = []) => call('POST', '/execute/async', { script, args }),
    end: () => call('DELETE', '').then(() => undefined),
  };
}
