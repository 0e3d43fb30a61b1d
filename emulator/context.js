// What every route handler is given: the emulator it runs in, and the call it answers.

/**
 * @typedef {import('./framing.js').Flavour} Flavour
 * @typedef {{
 *   flavour: Flavour,
 *   state: import('./state.js').EmulatorState,
 *   paceMs: number,
 *   pat: string,
 *   maxUploadBytes: number,
 *   answers: import('./answers.js').JsonAnswers,
 *   interrupts: Map<string, unknown>,
 *   oauthAudience: () => string,
 * }} Emulator
 * `interrupts`: workflow runs waiting at a question node, by event id; `oauthAudience`: the `aud`
 * OAuth JWTs must carry (known once the port is).
 * @typedef {{
 *   req: import('node:http').IncomingMessage,
 *   res: import('node:http').ServerResponse,
 *   method: string,
 *   path: string,
 *   url: URL,
 *   body: any,
 *   form: FormData | undefined,
 *   overflowed: boolean,
 *   origin: string,
 *   tokenUser: string | undefined,
 *   params: string[],
 * }} Call
 * `origin`: where the client reached the emulator (links it hands out point back there);
 * `tokenUser`: whom the bearer token was issued to (none for the personal access token);
 * `params`: the ids in the path, in order.
 */

export {};
