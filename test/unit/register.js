// `node --import ./test/unit/register.js --test test/unit/*.test.ts`: lets Node 20 (which cannot
// run TypeScript itself) import the .ts sources and tests, through ts-loader.js.

import { register } from 'node:module';

register('./ts-loader.js', import.meta.url);
