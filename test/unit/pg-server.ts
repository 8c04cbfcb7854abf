// pg-server.ts: the throwaway PostgreSQL of scripts/pg-server.mjs, typed for the tests.
// @ts-ignore: a plain ES module shared with the benches
import * as server from '../../scripts/pg-server.mjs';

export interface PgServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The newest `/usr/lib/postgresql/<version>/bin` with initdb (Debian's layout), or PG_BIN. */
export const findPgBin: () => string | undefined = server.findPgBin;

/** initdb in a temp dir (as `postgres` when root), pg_ctl on a loopback port, `database` created; stop() removes it all. */
export const startPgServer: (bin: string, database?: string, settings?: Record<string, string | number>) => Promise<PgServer> =
  server.startPgServer;
