// index.ts: ESM entry: createTracker, isBot and the public types.
export { createTracker } from './outside.js';
export type { Tracker, TrackResult, Stats } from './tracker.js';
export { isBot } from './bots.js';
export type { Options } from './config.js';
export type { TrackOptions } from './event.js';
export type { FlushResult } from './deliver.js';
export type { Problem } from './validate.js';
export type { NoteName } from './notify.js';
