// address.ts: the running collector's address in its data directory (collector.json), so the CLI's export, replay
// and where find it without --port; removed on exit, and ignored when the process that wrote it is gone.
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'collector.json';

/** The address to dial: a collector listening on every interface answers on loopback. */
export function dialable(url: string): string {
  const u = new URL(url);
  if (u.hostname === '0.0.0.0' || u.hostname === '[::]') u.hostname = '127.0.0.1';
  return u.origin;
}

/** Writes `{ url, pid }`; returns the function that removes it (also run at exit). */
export function recordAddress(dataDir: string, url: string): () => void {
  const file = join(dataDir, FILE);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ url: dialable(url), pid: process.pid }) + '\n');
  const remove = () => {
    process.removeListener('exit', remove);
    if (readRecord(dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.on('exit', remove);
  return remove;
}

/** The recorded address of a collector still running on this data directory. */
export function readAddress(dataDir: string): string | undefined {
  const record = readRecord(dataDir);
  if (!record) return undefined;
  try {
    process.kill(record.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined; // left by a process that died
  }
  return record.url;
}

function readRecord(dataDir: string): { url: string; pid: number } | undefined {
  try {
    const r = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as { url?: unknown; pid?: unknown };
    return typeof r.url === 'string' && Number.isInteger(r.pid) ? { url: r.url, pid: r.pid as number } : undefined;
  } catch {
    return undefined;
  }
}
