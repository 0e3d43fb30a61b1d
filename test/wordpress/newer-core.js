// WordPress 6.5, the first with script modules, which Debian 12 does not package (it has 6.1): the
// core as the WordPress project publishes it on npm for WordPress Playground
// (@wp-playground/wordpress-builds, GPL-2.0-or-later). Its PHP is the whole core; the files the
// browser fetches for the admin (the block editor's scripts and styles, which Playground loads
// from wordpress.org) are left out, so it serves the front end and the REST routes, not the editor.
// Fetched once by `npm pack` (which checks the registry's integrity hash) into the user's cache, and
// unpacked with the PclZip of Debian's WordPress: no unzip tool is needed.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { WORDPRESS } from './site.js';

const PACKAGE = '@wp-playground/wordpress-builds@0.9.19';
export const NEWER_VERSION = '6.5';

const run = (command, args, what) => {
  const done = spawnSync(command, args, { encoding: 'utf8', timeout: 600_000 });
  if (done.status !== 0) throw new Error(`${what}: ${(done.stderr || done.stdout || String(done.error)).trim().slice(0, 500)}`);
  return done.stdout;
};

/** The directory of WordPress 6.5, fetched and unpacked on first use; throws saying why it could not be. */
export function newerCore() {
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'chat-for-coze', `wordpress-${NEWER_VERSION}`);
  if (existsSync(join(cache, 'wp-includes/version.php'))) return cache;
  // Unpacked beside the cache, so the last step is a rename on one file system.
  mkdirSync(join(cache, '..'), { recursive: true });
  const work = mkdtempSync(join(cache, '..', 'fetching-'));
  try {
    run('npm', ['pack', PACKAGE, '--pack-destination', work, '--silent'], `npm pack ${PACKAGE}`);
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    const zip = `package/src/wordpress/wp-${NEWER_VERSION}.zip`;
    run('tar', ['xzf', join(work, tarball), '-C', work, zip], 'tar');
    const unpacked = join(work, 'core');
    run(
      'php',
      [
        '-r',
        `require '${WORDPRESS}/wp-admin/includes/class-pclzip.php';` +
          `$zip = new PclZip($argv[1]); if (!$zip->extract(PCLZIP_OPT_PATH, $argv[2])) { fwrite(STDERR, $zip->errorInfo(true)); exit(1); }`,
        join(work, zip),
        unpacked,
      ],
      'unpacking the core',
    );
    rmSync(cache, { recursive: true, force: true });
    renameSync(unpacked, cache);
    return cache;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
