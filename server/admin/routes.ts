// routes.ts: the admin routes of a collector: GET /__export (the stored events) and the QA panel at /qa.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Log } from '../dev/log.js';
import type { Store } from '../store/store.js';
import { exportLines } from './export.js';
import { handleQa, isQaPath } from './qa.js';

export const isAdminPath = (path: string) => path === '/__export' || isQaPath(path);

export interface Admin {
  store: Store;
  /** The request and event log the QA panel shows. */
  log: Log;
}

/** Answers an admin route; false when `url` names none. */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, admin: Admin): Promise<boolean> {
  if (url.pathname === '/__export' && req.method === 'GET') await exportLines(res, admin.store, url);
  else if (isQaPath(url.pathname)) await handleQa(req, res, url.pathname, admin.log);
  else return false;
  return true;
}
