// api.ts: the tracker's public types: every method, its result, and stats().
import type { Problem } from './validate.js';
import type { TrackOptions } from './event.js';
import type { FlushResult } from './deliver.js';
import type { NoteName } from './notify.js';

export type TrackResult = { messageId: string } | { error: Problem };
export interface Stats {
  queued: number;
  held: number;
  inFlight: number;
  dropped: { [reason: string]: number };
  oldestAge: number;
  lastError?: string;
  storage: 'indexeddb' | 'memory';
  stopped: boolean;
}
export interface Tracker {
  track(event: string, properties?: Record<string, unknown>, options?: TrackOptions): Promise<TrackResult>;
  identify(email: string, traits?: Record<string, unknown>): Promise<TrackResult>;
  page(properties?: Record<string, unknown>): Promise<TrackResult>;
  flush(): Promise<FlushResult>;
  reset(): void;
  optOut(): Promise<void>;
  optIn(): void;
  on(name: NoteName, listener: (data: any) => void): () => void;
  stats(): Promise<Stats>;
}
