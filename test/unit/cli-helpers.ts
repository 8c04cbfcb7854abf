// cli-helpers.ts: the homing-collector bin (server/build/server/cli/bin.js) as a child process, its JSON log lines, its port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface CliProcess {
  proc: ChildProcess;
  url: string;
  port: number;
  /** Every JSON line it wrote, parsed. */
  lines: Record<string, unknown>[];
  /** Resolves with the first line (already written or to come) that `isWanted` accepts. */
  waitForLine(isWanted: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  waitForReady(timeoutMs?: number): Promise<void>;
  /** SIGTERM, and SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
}

/** The bin as built. */
export const CLI = 'server/build/server/cli/bin.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startCli(args: string[], env: Record<string, string> = {}, port?: number): Promise<CliProcess> {
  const p = port ?? (await freePort());
  const proc = spawn(process.execPath, [CLI, ...args, '--port', String(p)], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try { lines.push(JSON.parse(line)); } catch { lines.push({ text: line }); }
    }
    for (const wake of waiters) wake();
  });
  proc.stderr?.on('data', (chunk: Buffer) => lines.push({ stderr: chunk.toString('utf8') }));
  const url = 'http://127.0.0.1:' + p;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    proc, url, port: p, lines,
    waitForLine(isWanted, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(isWanted);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => { waiters.delete(check); reject(new Error('no such line in ' + JSON.stringify(lines).slice(0, 2000))); }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async waitForReady(timeoutMs = 30_000) {
      for (const until = Date.now() + timeoutMs; Date.now() < until;) {
        if (proc.exitCode !== null) throw new Error('exited with ' + proc.exitCode + ': ' + JSON.stringify(lines).slice(0, 2000));
        if (await fetch(url + '/readyz').then((r) => r.ok, () => false)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('not ready in ' + timeoutMs + ' ms');
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
