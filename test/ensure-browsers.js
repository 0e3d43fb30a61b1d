// Runs before `npm test`: makes sure each engine's browser is installed, installing Debian's
// packages when this user may, and stopping with a clear message when it cannot.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ENGINES, selectedEngines } from './browsers.js';

const missing = () => selectedEngines().filter((name) => ENGINES[name].binaries.some((path) => !existsSync(path)));

let absent = missing();
if (absent.length && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  const packages = absent.flatMap((name) => ENGINES[name].packages);
  console.log(`Installing browsers for ${absent.join(', ')}: apt-get install ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  absent = missing();
}
if (absent.length) {
  console.error(`\nMissing browser engine(s): ${absent.join(', ')}.`);
  console.error(`Install them as root: apt-get install -y ${absent.flatMap((name) => ENGINES[name].packages).join(' ')}`);
  console.error('or run a subset: BROWSERS=chromium npm test\n');
  process.exit(1);
}
