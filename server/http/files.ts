// files.ts: where a URL path lands in a directory (never outside it), and finding a directory above this package.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Mount = { prefix: string; dir: string };

/** The file a URL path names, or undefined when no mount holds it or it climbs out of its mount. */
export function locate(pathname: string, mounts: Mount[]): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const mount = mounts.find((m) => (path + '/').startsWith(m.prefix));
  if (!mount) return undefined;
  const file = resolve(mount.dir, '.' + sep + path.slice(mount.prefix.length));
  const rel = relative(mount.dir, file);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep)) ? file : undefined;
}

/**
 * The first `rel` (e.g. `demo/qa`) found in this module's directory or above it: the repository's
 * demo files, whether this runs from server/ or server/build/; undefined when there is none.
 */
export function findUp(rel: string, from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, rel))) return join(dir, rel);
    if (dirname(dir) === dir) return undefined;
  }
}
