// wordpress.ts: a real WordPress for the tests: Debian's wordpress copied to a temp dir, MariaDB on a socket of its
// own (no network), the plugin installed from dist/homing-wordpress.zip, served by PHP's built-in server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const WP_SOURCE = process.env.HOMING_WORDPRESS_DIR || '/usr/share/wordpress';
const HERE = path.resolve('test/wordpress');
const ZIP = path.resolve('dist/homing-wordpress.zip');
// Each step answers within seconds on a 2-core machine; past these the run stops with the step's log.
const START_TIMEOUT_MS = 20_000;

export interface WordPress {
  url: string;
  dir: string;
  ids: { listing: number };
  /** Runs a command of php/tool.php against this WordPress and returns its JSON answer. */
  tool(command: string, arg?: unknown): any;
  close(): Promise<void>;
}

/** What the machine lacks to run a WordPress, or '' when it has it all. */
export function missingForWordPress(): string {
  const need: [string, string][] = [[WP_SOURCE + '/wp-load.php', 'wordpress'], ['/usr/sbin/mysqld', 'mariadb-server'],
    ['/usr/bin/php', 'php-cli'], [ZIP, 'npm run build']];
  const lacking = need.filter(([p]) => !fs.existsSync(p)).map(([, pkg]) => pkg);
  const themes = path.join(WP_SOURCE, 'wp-content/themes');
  if (!fs.existsSync(themes) || !fs.readdirSync(themes).length) lacking.push('wordpress-theme-twentytwentythree');
  if (!lacking.length && spawnSync('php', ['-r', 'exit(extension_loaded("mysqli") ? 0 : 1);']).status !== 0) lacking.push('php-mysql');
  return lacking.join(', ');
}

function run(cmd: string, args: string[], what: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: START_TIMEOUT_MS });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function waitFor(ok: () => boolean | Promise<boolean>, what: string, log: string): Promise<void> {
  const end = Date.now() + START_TIMEOUT_MS;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`${what} did not start in ${START_TIMEOUT_MS} ms: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startMariaDB(dir: string): Promise<{ socket: string; proc: ChildProcess }> {
  const data = path.join(dir, 'db');
  const socket = path.join(dir, 'mysql.sock');
  const root = process.getuid?.() === 0 ? ['--user=root'] : [];
  run('mariadb-install-db', ['--no-defaults', '--datadir=' + data, '--auth-root-authentication-method=normal', '--skip-test-db', ...root], 'mariadb-install-db');
  const log = path.join(dir, 'mysqld.log');
  const proc = spawn('mysqld', ['--no-defaults', '--datadir=' + data, '--socket=' + socket, '--skip-networking',
    '--pid-file=' + path.join(dir, 'mysqld.pid'), '--log-error=' + log, '--innodb-flush-log-at-trx-commit=0', ...root], { stdio: 'ignore' });
  await waitFor(() => fs.existsSync(socket), 'MariaDB', log);
  run('mariadb', ['-S', socket, '-u', 'root', '-e', 'CREATE DATABASE wordpress'], 'CREATE DATABASE');
  return { socket, proc };
}

function writeConfig(wp: string, socket: string, url: string): void {
  const config = `<?php
define('DB_NAME', 'wordpress'); define('DB_USER', 'root'); define('DB_PASSWORD', ''); define('DB_HOST', 'localhost:${socket}');
define('DB_CHARSET', 'utf8mb4'); define('DB_COLLATE', '');
$table_prefix = 'wp_';
define('WP_HOME', '${url}'); define('WP_SITEURL', '${url}');
define('WP_ENVIRONMENT_TYPE', 'development');
define('FS_METHOD', 'direct'); define('DISABLE_WP_CRON', true); define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
${['AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE'].map((k) => `define('${k}_KEY', '${k}-test'); define('${k}_SALT', '${k}-salt');`).join('\n')}
if (! defined('ABSPATH')) { define('ABSPATH', __DIR__ . '/'); }
require_once ABSPATH . 'wp-settings.php';
`;
  fs.writeFileSync(path.join(wp, 'wp-config.php'), config);
}

/** A fresh WordPress with the plugin installed from the built zip and active; nothing set yet. */
export async function startWordPress(): Promise<WordPress> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'homing-wp-'));
  const db = await startMariaDB(dir);
  const wp = path.join(dir, 'wp');
  fs.cpSync(WP_SOURCE, wp, { recursive: true, verbatimSymlinks: true });
  fs.cpSync(path.join(HERE, 'mu-plugins'), path.join(wp, 'wp-content/mu-plugins'), { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeConfig(wp, db.socket, url);
  const ids = JSON.parse(run('php', [path.join(HERE, 'php/install.php'), wp, ZIP], 'installing WordPress'));
  const log = path.join(dir, 'php.log');
  // opcache: php -S compiles WordPress once, not on every request (CLI PHP leaves it off).
  const server = spawn('php', ['-d', 'opcache.enable_cli=1', '-S', `127.0.0.1:${port}`, '-t', wp], {
    stdio: ['ignore', fs.openSync(log, 'a'), fs.openSync(log, 'a')], env: { ...process.env, PHP_CLI_SERVER_WORKERS: '2' },
  });
  await waitFor(() => fetch(url + '/').then((r) => r.ok, () => false), 'php -S', log);
  const stop = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null ? r() : (p.once('exit', () => r()), p.kill())));
  return {
    url, dir: wp, ids,
    tool: (command, arg) => JSON.parse(run('php', [path.join(HERE, 'php/tool.php'), wp, command, JSON.stringify(arg ?? null)], 'tool.php ' + command)),
    close: async () => {
      await Promise.all([stop(server), stop(db.proc)]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
