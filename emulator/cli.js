// `npm run emulator`: both flavours on 127.0.0.1, for trying the API by hand (curl -N …).

import { startEmulator } from './server.js';

const paceMs = Number(process.env.COZE_EMULATOR_PACE_MS ?? 25);
const cloud = await startEmulator({ flavour: 'cloud', paceMs, port: Number(process.env.COZE_EMULATOR_CLOUD_PORT ?? 0) });
const studio = await startEmulator({ flavour: 'studio', paceMs, port: Number(process.env.COZE_EMULATOR_STUDIO_PORT ?? 0) });
console.log(`Coze emulator (cloud flavour):  ${cloud.url}`);
console.log(`Coze emulator (studio flavour): ${studio.url}`);
console.log(
  'Get a token: curl -s -X POST -H "Content-Type: application/json" -d \'{"bot_id":"7379462189365198898","user_id":"me"}\' ' +
    `${cloud.url}/token`,
);
