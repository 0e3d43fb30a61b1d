// How each Coze server lays out its server-sent events, byte for byte (see the wire reference).

/**
 * @typedef {'cloud' | 'studio'} Flavour
 * @typedef {{ crlf?: boolean, spaced?: boolean }} WireVariant  a deliberately awkward but legal layout
 */

/** Go's encoding/json escapes these three characters; Coze Studio is a Go server. */
function escapeLikeGo(json) {
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * An event's data line content: an object JSON-encoded (Studio escaping `<>&` as Go does), a
 * string written verbatim.
 * @param {Flavour} flavour
 * @param {unknown} data
 */
export function encodeData(flavour, data) {
  if (typeof data === 'string') return data;
  const json = JSON.stringify(data);
  return flavour === 'studio' ? escapeLikeGo(json) : json;
}

/**
 * Serialise one event of a chat stream as its server would.
 * @param {Flavour} flavour
 * @param {string} name
 * @param {unknown} data  an object (JSON-encoded) or a string written verbatim
 * @param {WireVariant} [variant]
 */
export function frameEvent(flavour, name, data, variant = {}) {
  const payload = encodeData(flavour, data);
  const eol = variant.crlf ? '\r\n' : '\n';
  const sep = variant.spaced ? ': ' : ':';
  return `event${sep}${name}${eol}data${sep}${payload}${eol}${eol}`;
}

/**
 * The event that closes a chat stream: cloud sends `done` with a quoted "[DONE]",
 * Studio sends `conversation.stream.done` with an empty data line.
 * @param {Flavour} flavour
 * @param {WireVariant} [variant]
 */
export function frameEnd(flavour, variant = {}) {
  return flavour === 'cloud'
    ? frameEvent(flavour, 'done', '"[DONE]"', variant)
    : frameEvent(flavour, 'conversation.stream.done', '', variant);
}

/**
 * Headers of a chat stream.
 * @param {Flavour} flavour
 */
export function streamHeaders(flavour) {
  /** @type {Record<string, string>} */
  const headers = {
    'Content-Type': flavour === 'cloud' ? 'text/event-stream; charset=utf-8' : 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  };
  if (flavour === 'studio') headers['X-Accel-Buffering'] = 'no';
  return headers;
}
