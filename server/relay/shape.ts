// shape.ts: small pure helpers the mappers share: snake_case, flattening, ISO times, plain objects.

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `propertyView`, `Property View`, `listing.viewed:x` → `property_view`, `property_view`, `listing_viewed_x`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** `property_view` → `Property view`. */
export function humanName(name: string): string {
  const words = snakeCase(name).replace(/_/g, ' ');
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}

/**
 * Nested objects become one level of snake_case keys (`property.listingUrl` → `property_listing_url`);
 * arrays and primitives stay as they are. `unprefixed` keys lend their children without a prefix.
 */
export function flatten(obj: Json, prefix = '', unprefixed: readonly string[] = []): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    const key = unprefixed.includes(k) && !prefix ? '' : joinKey(prefix, snakeCase(k));
    if (isObject(v)) Object.assign(out, flatten(v, key));
    else out[key || snakeCase(k)] = v;
  }
  return out;
}

/** `property` + `property_type` is `property_type`, not `property_property_type`. */
function joinKey(prefix: string, key: string): string {
  if (!prefix) return key;
  const last = prefix.slice(prefix.lastIndexOf('_') + 1);
  return key.startsWith(last + '_') ? prefix.slice(0, prefix.length - last.length) + key : prefix + '_' + key;
}

/** The event's time as ISO 8601 (the wire allows epoch ms too). */
export function isoOf(ts: string | number): string {
  const ms = typeof ts === 'number' ? ts : Date.parse(ts);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ts);
}

export function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A copy without the listed keys and without undefined values. */
export function omit(obj: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && !keys.includes(k)) out[k] = v;
  return out;
}

/** What a listing is called in a sentence: its address, else its id, else its URL. */
export function listingName(property: unknown): string | undefined {
  if (!isObject(property)) return undefined;
  return stringOf(property.address) ?? stringOf(property.id) ?? stringOf(property.listingUrl);
}
