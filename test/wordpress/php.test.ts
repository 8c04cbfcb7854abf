// php.test.ts: every PHP file of the plugin and of these tests passes `php -l`, and phpcs with the plugin's ruleset
// (wordpress/phpcs.xml: PSR-12, Debian's php-codesniffer).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { isCI } from '../../scripts/engines.mjs';

const DIRS = ['wordpress', 'test/wordpress'];
const phpFiles = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? phpFiles(path.join(dir, e.name)) : e.name.endsWith('.php') ? [path.join(dir, e.name)] : []);
const has = (cmd: string) => spawnSync(cmd, ['--version']).status === 0;

test('every PHP file passes php -l', () => {
  test.skip(!has('php') && !isCI(), 'no php here (Debian: apt-get install php-cli)');
  const files = DIRS.flatMap((d) => phpFiles(d));
  expect(files.length).toBeGreaterThan(10);
  for (const f of files) {
    const r = spawnSync('php', ['-l', f], { encoding: 'utf8' });
    expect(r.status, f + ': ' + r.stdout + r.stderr).toBe(0);
  }
});

test('every PHP file passes phpcs with wordpress/phpcs.xml', () => {
  test.skip(!has('phpcs') && !isCI(), 'no phpcs here (Debian: apt-get install php-codesniffer)');
  const r = spawnSync('phpcs', ['--standard=wordpress/phpcs.xml', '--report=emacs', ...DIRS], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});
