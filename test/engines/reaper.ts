// reaper.ts: a browser's processes die with the test worker that started them, even when the worker
// itself is killed (SIGKILL on a timeout or Ctrl-C) and no exit handler of ours runs.
import { spawn } from 'node:child_process';

/**
 * Watches this process from outside: once it is gone, kills each process group in `groups` (the
 * pid of a child spawned with `detached: true` is its group's id, and what it starts joins it).
 * Returns a function that kills the groups now and stops watching, for a normal close.
 */
export function reapWithWorker(groups: number[]): () => void {
  const targets = groups.filter((g) => g > 0);
  const watcher = spawn('sh', ['-c', 'while kill -0 "$0" 2>/dev/null; do sleep 1; done; kill -9 "$@" 2>/dev/null',
    String(process.pid), ...targets.map((g) => '-' + g)], { detached: true, stdio: 'ignore' });
  watcher.unref();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    for (const g of targets) try { process.kill(-g, 'SIGKILL'); } catch { /* already gone */ }
    try { watcher.kill('SIGKILL'); } catch { /* already gone */ }
  };
}
