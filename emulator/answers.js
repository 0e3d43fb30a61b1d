// JSON answers in each flavour's envelope: cloud errors carry `detail.logid`, Studio's do not.

import { newId } from './state.js';

/**
 * @typedef {import('./framing.js').Flavour} Flavour
 * @typedef {import('node:http').ServerResponse} ServerResponse
 */

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
export function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * The answers of one flavour.
 * @param {Flavour} flavour
 */
export function jsonAnswers(flavour) {
  /** A Coze error `{code, msg}`, as this flavour sends it. @param {ServerResponse} res @param {number} status @param {{ code: number, msg: string }} body */
  const cozeError = (res, status, body) =>
    sendJson(res, status, flavour === 'studio' ? body : { ...body, detail: { logid: String(res.getHeader('x-tt-logid') ?? newId()) } });
  return {
    cozeError,
    /** `{code: 0, msg: '', data}`, the envelope of most answers. @param {ServerResponse} res @param {unknown} data */
    ok: (res, data) => sendJson(res, 200, { code: 0, msg: '', data }),
    /** A refused parameter: cloud's 4000, Studio's 400. @param {ServerResponse} res @param {string} msg */
    badRequest: (res, msg) => cozeError(res, 400, { code: flavour === 'studio' ? 400 : 4000, msg }),
  };
}

/** @typedef {ReturnType<typeof jsonAnswers>} JsonAnswers */
