// logger.ts: one JSON line per notable event on stdout; emails and secrets never reach a line.
export type Level = 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;
export type Logger = (level: Level, msg: string, fields?: Fields) => void;

/** Keys whose values are dropped whatever they hold. */
const SECRET_KEY = /token|secret|password|passwd|authorization|api[_-]?key|cookie|email|traits/i;

const SCRUBS: [RegExp, string][] = [
  [/(\w+:\/\/[^:/\s"']+:)[^@/\s"']+@/g, '$1[redacted]@'],
  [/[^\s@"'<>(),;:[\]]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g, '[email]'],
  [/\b(Bearer|Basic)\s+[^\s"',]+/gi, '$1 [redacted]'],
  [/\b(sk_)[A-Za-z0-9_-]+/g, '$1[redacted]'],
  [/([?&;](?:api_token|token|api_key|apikey|key|secret|password)=)[^&\s"']+/gi, '$1[redacted]'],
];

export function scrub(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SCRUBS) out = out.replace(pattern, replacement);
  return out;
}

export function scrubFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value instanceof Error) return scrub(value.message);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubFields(v, depth + 1));
  const out: Fields = {};
  for (const [k, v] of Object.entries(value)) if (!SECRET_KEY.test(k)) out[k] = scrubFields(v, depth + 1);
  return out;
}

export function createLogger(base: Fields = {}, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return (level, msg, fields = {}) => {
    const line = { time: new Date().toISOString(), level, msg: scrub(msg), ...(scrubFields({ ...base, ...fields }) as Fields) };
    write(JSON.stringify(line) + '\n');
  };
}

/** For tests and library use: says nothing. */
export const silentLogger: Logger = () => undefined;
