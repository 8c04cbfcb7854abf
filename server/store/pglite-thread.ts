// pglite-thread.ts: PGlite in a worker thread, so its queries use the second core and never stall the HTTP event loop.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db, Row } from './db.js';

// The worker is a few lines of plain JavaScript, inlined so that it runs the same from build/ and from the
// TypeScript sources the tests load. It takes one message at a time, in order: PGlite is one session.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
let chain = Promise.resolve();
PGlite.create(workerData.dir).then((pg) => {
  parentPort.on('message', ({ id, op, text, params }) => {
    chain = chain.then(async () => {
      try {
        const rows = op === 'query' ? (await pg.query(text, params)).rows : op === 'exec' ? (await pg.exec(text), []) : (await pg.close(), []);
        parentPort.postMessage({ id, rows });
      } catch (err) {
        parentPort.postMessage({ id, error: { message: String(err && err.message || err), code: err && err.code } });
      }
    });
  });
  parentPort.postMessage({ ready: true });
}, (err) => parentPort.postMessage({ failed: String(err && err.message || err) }));
`;

interface Answer {
  id?: number;
  rows?: Row[];
  error?: { message: string; code?: string };
  ready?: boolean;
  failed?: string;
}

/** Starts PGlite on `dir` in a worker thread; resolves once it is open. */
export async function startPgliteThread(dir: string): Promise<Db> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const worker = new Worker(WORKER, { eval: true, workerData: { dir, pglite } });
  const waiting = new Map<number, { resolve: (rows: Row[]) => void; reject: (err: Error) => void }>();
  let next = 0;
  let failure: Error | undefined;
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: Answer) => {
      if (m.ready) return resolve();
      if (m.failed) return reject(new Error(m.failed));
      const w = waiting.get(m.id as number);
      waiting.delete(m.id as number);
      if (m.error) w?.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else w?.resolve(m.rows ?? []);
    });
    worker.once('error', (err) => { failure = err; reject(err); for (const w of waiting.values()) w.reject(err); });
    worker.once('exit', () => { failure ??= new Error('the PGlite thread has stopped'); });
  });

  const send = (op: string, text?: string, params?: unknown[]) => new Promise<Row[]>((resolve, reject) => {
    if (failure) return reject(failure);
    const id = ++next;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, op, text, params });
  });
  return gated({
    query: (text, params) => send('query', text, params),
    exec: async (text) => { await send('exec', text); },
    async close() {
      if (failure) return;
      await send('close');
      await worker.terminate();
    },
  });
}

/**
 * The thread runs one session: while a transaction is open, other queries wait for its end instead of
 * joining it. Statements outside transactions go straight through, in order.
 */
function gated(raw: Omit<Db, 'transaction'>): Db {
  let gate: Promise<void> = Promise.resolve();
  const db: Db = {
    async query(text, params) {
      await gate;
      return raw.query(text, params);
    },
    async exec(text) {
      await gate;
      return raw.exec(text);
    },
    async transaction(fn) {
      const before = gate;
      let open!: () => void;
      gate = new Promise((resolve) => { open = resolve; });
      await before;
      try {
        await raw.query('BEGIN');
        const tx: Db = { ...raw, transaction: () => Promise.reject(new Error('nested transactions are not used')), close: async () => undefined };
        const result = await fn(tx);
        await raw.query('COMMIT');
        return result;
      } catch (err) {
        await raw.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        open();
      }
    },
    async close() {
      await gate;
      await raw.close();
    },
  };
  return db;
}
