// forms.ts: what the form tests count at the collector (form events and identifies per lead, leaks), and
// released plugin code read from its repository's mirror at test time (never committed: CI has no mirror).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from '@playwright/test';
import type { CollectorHandle, LogEvent } from './collector.js';

/** Where `fetch` put the mirrors of public repositories; HOMING_MIRRORS overrides. */
const MIRRORS = process.env.HOMING_MIRRORS || '/work/.mirror';

/** A file of a plugin's released code at `tag`, from its mirror (`owner+name`), or undefined when the mirror is absent. */
export function fromMirror(repo: string, tag: string, file: string): Buffer | undefined {
  const git = path.join(MIRRORS, repo, 'repo');
  if (!fs.existsSync(git)) return;
  try {
    return execFileSync('git', ['--git-dir', git, 'show', tag + ':' + file], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 16 << 20 });
  } catch (e) {
    return undefined;
  }
}

/** Skips the test, saying why, when a plugin's code is not on this machine. */
export function needs(code: Array<Buffer | undefined>, what: string): Buffer[] {
  test.skip(code.some((c) => !c), what + ' is not on this machine (its mirror under ' + MIRRORS + ', or HOMING_MIRRORS): skipped');
  return code as Buffer[];
}

export const isFormEvent = (e: LogEvent) => e.event === 'inquiry' || e.event === 'form_submission';

/**
 * What the CRM got: the form events and identifies accepted, and which of `secrets` reached the collector in
 * any event it received (its log holds every request's events decoded: batches are gzip on the wire).
 */
export async function received(collector: CollectorHandle, secrets: string[]) {
  const log = await collector.log();
  const events = await collector.accepted();
  const forms = events.filter(isFormEvent);
  const identifies = events.filter((e) => e.event === 'identify');
  const all = JSON.stringify(log.events);
  const leaked = secrets.filter((s) => all.includes(s));
  return { forms, identifies, leaked, line: `form events ${forms.length}, identifies ${identifies.length}, sensitive or plumbing sent ${leaked.length} of ${secrets.length}` };
}

/** One line for the report: printed and kept as an annotation. */
export function figures(line: string): void {
  test.info().annotations.push({ type: 'figures', description: line });
  console.log(test.info().title + ': ' + line);
}
