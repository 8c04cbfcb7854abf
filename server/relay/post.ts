// post.ts: the relay's only network call: a JSON POST with a timeout, read into a plain Answer.

export interface Answer {
  /** 0 when no HTTP answer came (timeout, reset, refused connection). */
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, else the text (first 2,000 characters). */
  body: unknown;
  /** Why there was no answer. */
  error?: string;
}

export interface PostOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

const MAX_TEXT = 2000;

export async function postJson(url: string, body: unknown, opts: PostOptions): Promise<Answer> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...opts.headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal,
    });
    const text = await res.text();
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => { headers[k] = v; });
    return { status: res.status, headers, body: parseBody(text) };
  } catch (err) {
    // The URL may carry a token (003's api_token): the error says what happened, never where.
    const why = timeout.aborted ? 'timeout after ' + opts.timeoutMs + ' ms'
      : opts.signal?.aborted ? 'aborted' : 'network: ' + causeOf(err);
    return { status: 0, headers: {}, body: undefined, error: why };
  }
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, MAX_TEXT);
  }
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}
