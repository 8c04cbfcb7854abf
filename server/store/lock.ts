// lock.ts: one process at a time on a PGlite directory: a lock file beside it holding the owner's pid.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Takes `<dir>.lock`, or throws when a live process holds it; returns the release function. */
export async function lockDir(dir: string): Promise<() => void> {
  const file = dir + '.lock';
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return holding(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(file);
      if (owner !== undefined && owner !== process.pid && isAlive(owner))
        throw new Error(`${dir} is in use by process ${owner}: PGlite serves one process; set DATABASE_URL to share a PostgreSQL server`);
      // Left by a process that died (SIGKILL, power loss): take it over.
      rmSync(file, { force: true });
    }
  }
  throw new Error('could not take the lock ' + file);
}

function holding(file: string): () => void {
  // A process that exits without closing its store still frees the directory.
  const release = () => {
    process.removeListener('exit', release);
    if (readOwner(file) === process.pid) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return release;
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
