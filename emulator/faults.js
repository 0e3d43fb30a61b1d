// Faults a test queued, answered in place of a chat or workflow stream: canned Coze errors, any
// Coze code, or HTTP failures as gateways and servers send them.

import { sendJson } from './answers.js';
import { frameEvent, streamHeaders } from './framing.js';
import { newId } from './state.js';

/** @typedef {import('./context.js').Emulator} Emulator @typedef {import('node:http').ServerResponse} ServerResponse */

export const FAULT_ANSWERS = {
  rate_limit: { status: 429, body: { code: 4013, msg: 'Requests are too frequent, please try again later.' } },
  busy: { status: 200, body: { code: 4016, msg: 'Conversation occupied: a chat is in progress in this conversation.' } },
  unpublished: { status: 200, body: { code: 4015, msg: 'The bot has not been published to the Agent As API channel.' } },
  workflow_unpublished: { status: 200, body: { code: 4200, msg: 'The workflow has not been published.' } },
  json_error: { status: 200, body: { code: 4000, msg: 'The request parameter is invalid.' } },
};

/**
 * An HTTP failure in place of a stream, as gateways and servers send them.
 * @param {ServerResponse} res @param {number} status @param {'json' | 'html' | 'empty'} body
 */
function httpFault(res, status, body) {
  if (status === 429) res.setHeader('Retry-After', '3');
  if (body === 'json') return sendJson(res, status, { code: status === 401 ? 4100 : 5000 + status, msg: `emulated HTTP ${status}` });
  if (body === 'empty') {
    res.writeHead(status);
    return res.end();
  }
  res.writeHead(status, { 'Content-Type': 'text/html' });
  res.end(`<html><body><h1>${status}</h1><p>emulated gateway page</p></body></html>`);
}

/**
 * A fault answered as JSON instead of a stream; false to go on.
 * @param {Emulator} emulator @param {string | undefined} fault @param {ServerResponse} res
 */
export function cannedFault({ flavour, answers }, fault, res) {
  if (fault === 'json_in_stream') {
    // A stream answer that is a JSON error body with no events, which coze-js reads as an error
    // (coze-dev/coze-js packages/coze-js/src/fetcher.ts, the leftover line with no newline).
    res.writeHead(200, streamHeaders(flavour));
    res.end(JSON.stringify({ ...FAULT_ANSWERS.unpublished.body, detail: { logid: newId() } }));
    return true;
  }
  const canned = fault && FAULT_ANSWERS[/** @type {keyof typeof FAULT_ANSWERS} */ (fault)];
  if (!canned) return false;
  if (fault === 'rate_limit') res.setHeader('Retry-After', '2');
  answers.cozeError(res, canned.status, canned.body);
  return true;
}

/**
 * A fault answered instead of a chat stream: a canned Coze error, any Coze code, or an HTTP
 * failure as gateways send them; false to go on.
 * @param {Emulator} emulator @param {string | undefined} fault @param {ServerResponse} res
 */
export function answeredByFault(emulator, fault, res) {
  if (cannedFault(emulator, fault, res)) return true;
  const coded = /^code:(\d+)$/.exec(fault ?? '');
  const failed = /^http:(\d{3}):(json|html|empty)$/.exec(fault === 'http_500' ? 'http:500:html' : (fault ?? ''));
  if (coded) sendJson(res, 200, { code: Number(coded[1]), msg: `emulated Coze code ${coded[1]}` });
  if (failed) httpFault(res, Number(failed[1]), /** @type {'json' | 'html' | 'empty'} */ (failed[2]));
  return Boolean(coded || failed);
}

/**
 * A bot not published to the connector (or, on Studio, unknown). Studio: a stream that holds one
 * `event:error` 103100001 and closes (coze-dev/coze-studio backend/application/conversation/openapi_agent_run.go,
 * backend/domain/agent/singleagent/service/single_agent_impl.go). Cloud: the JSON 4015.
 * @param {Emulator} emulator @param {ServerResponse} res @param {string} botId @param {string} connector
 */
export function notPublished({ flavour, answers }, res, botId, connector) {
  if (flavour === 'cloud') return answers.cozeError(res, 200, FAULT_ANSWERS.unpublished.body);
  res.writeHead(200, streamHeaders(flavour));
  res.end(frameEvent(flavour, 'error', { code: 103100001, msg: `agent not published: botID=${botId}, connectorID=${connector}` }));
}
