// redact.ts: keeps tokens out of everything the relay writes down, and emails out of its log lines.

export interface Redactor {
  /** Tokens replaced by `[token]`. */
  text(s: string): string;
  /** The same for any JSON value (a destination's answer may echo what it was sent). */
  value(v: unknown): unknown;
}

export function createRedactor(secrets: readonly string[]): Redactor {
  // Short strings would match by accident; a real token is long.
  const tokens = [...new Set(secrets.filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);
  const variants = tokens.flatMap((t) => [t, encodeURIComponent(t)]);
  const text = (s: string) => variants.reduce((out, t) => out.split(t).join('[token]'), s);
  return {
    text,
    value(v) {
      if (v === undefined) return undefined;
      const json = JSON.stringify(v);
      return variants.some((t) => json.includes(t)) ? JSON.parse(text(json)) : v;
    },
  };
}

const EMAIL = /[^\s"'<>@,;:]+@[^\s"'<>@,;:]+\.[^\s"'<>@,;:]+/g;

/** Log lines carry no emails (issue 11: "tokens and emails never appear in them"). */
export function scrubEmails(s: string): string {
  return s.replace(EMAIL, '[email]');
}
