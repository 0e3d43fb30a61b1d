// `POST /v1/files/upload` (multipart, field `file`) and the links the stored files are served at.

import { newId, now } from './state.js';

/**
 * @typedef {import('./state.js').StoredFile} StoredFile
 * @typedef {import('node:http').ServerResponse} ServerResponse
 */

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Coze's documented limit for one file. */
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** What a multipart body may hold around its file (boundaries, part headers) and still be read. */
export const MULTIPART_ENVELOPE_BYTES = 64 * 1024;

/** How long the `upload_slow` fault holds the answer back, so a client's in-progress state shows. */
const SLOW_UPLOAD_MS = 1500;

const FILES_PATH = '/_emulator/files/';

/** The object-storage key Studio answers with (its uploads land in a TOS bucket). */
const STUDIO_BUCKET = 'tos-cn-i-emu1ator0x';

/** @param {string} origin @param {string} id */
export const fileUrl = (origin, id) => `${origin}${FILES_PATH}${id}`;

/** The id in a file link's path, or undefined for another path. @param {string} path */
export const fileIdIn = (path) => (path.startsWith(FILES_PATH) ? path.slice(FILES_PATH.length) : undefined);

/**
 * Read a multipart body with Node's own fetch machinery (no parser of our own to get wrong).
 * @param {Buffer} bytes
 * @param {string} contentType  the request's, with its boundary
 * @returns {Promise<FormData>} rejects when the body is not multipart as announced
 */
export function readForm(bytes, contentType) {
  return new Request('http://emulator/', { method: 'POST', headers: { 'content-type': contentType }, body: bytes }).formData();
}

/**
 * A form as the request log shows it: files by name, size and type instead of their bytes.
 * @param {FormData} form
 */
export function describeForm(form) {
  /** @type {Record<string, unknown>} */
  const described = {};
  for (const [key, value] of form) {
    described[key] = typeof value === 'string' ? value : { name: value.name, bytes: value.size, type: value.type };
  }
  return described;
}

/**
 * The type to serve a file as: what the upload said, without parameters; anything odd is served
 * as plain bytes (and a header is never built from text that could break it).
 * @param {string} type
 */
function servableType(type) {
  const essence = type.split(';')[0].trim();
  return /^[\w.+-]+\/[\w.+-]+$/.test(essence) ? essence : 'application/octet-stream';
}

/**
 * `POST /v1/files/upload`: keep the form's `file` and answer with its id. Faults `upload_error`
 * (a server failure) and `upload_slow` (a late answer) are taken from the uploading user's queue.
 * @param {{ flavour: 'cloud' | 'studio', state: import('./state.js').EmulatorState,
 *   answers: import('./answers.js').JsonAnswers, maxUploadBytes: number }} env
 * @param {{ form?: FormData, overflowed: boolean, tokenUser?: string, origin: string }} request
 *   `overflowed`: the body was past the limit, and was not kept
 * @param {ServerResponse} res
 */
export async function receiveUpload({ flavour, state, answers, maxUploadBytes }, { form, overflowed, tokenUser, origin }, res) {
  const fault = state.takeFault(tokenUser, (f) => f.startsWith('upload_'));
  if (fault === 'upload_error') return answers.cozeError(res, 500, { code: 5000, msg: 'emulated upload failure' });
  if (fault === 'upload_slow') {
    await sleep(SLOW_UPLOAD_MS);
    if (res.destroyed) return;
  }
  const file = form?.get('file');
  if (!overflowed && (file == null || typeof file === 'string'))
    return answers.badRequest(res, 'the multipart field "file" must hold a file');
  if (overflowed || /** @type {File} */ (file).size > maxUploadBytes) {
    const msg = `The file is too large: at most ${maxUploadBytes} bytes can be uploaded.`;
    return flavour === 'studio' ? answers.badRequest(res, msg) : answers.cozeError(res, 200, { code: 4000, msg });
  }
  answers.ok(res, uploadAnswer(flavour, await storeFile(state.files, /** @type {File} */ (file)), origin));
}

/**
 * Keep an uploaded file.
 * @param {Map<string, StoredFile>} files
 * @param {File} file
 * @returns {Promise<StoredFile>}
 */
async function storeFile(files, file) {
  const stored = {
    id: newId(),
    name: file.name,
    bytes: file.size,
    type: servableType(file.type),
    content: Buffer.from(await file.arrayBuffer()),
    created_at: now(),
  };
  files.set(stored.id, stored);
  return stored;
}

/**
 * The upload's answer data: cloud names the file; Studio adds its storage key, a link, and the
 * time again under its Go field name.
 * @param {'cloud' | 'studio'} flavour
 * @param {StoredFile} file
 * @param {string} origin
 */
function uploadAnswer(flavour, file, origin) {
  const data = { id: file.id, file_name: file.name, bytes: file.bytes, created_at: file.created_at };
  if (flavour === 'cloud') return data;
  // Studio's answer has CreatedAt and no created_at (coze-dev/coze-studio backend/api/model/app/bot_open_api/bot_open_api.go).
  const { created_at: _cloudOnly, ...common } = data;
  return { ...common, uri: `${STUDIO_BUCKET}/${file.id}`, url: fileUrl(origin, file.id), CreatedAt: file.created_at };
}

/**
 * Serve a stored file as a signed CDN link would: no token, shown inline.
 * @param {ServerResponse} res
 * @param {StoredFile} file
 */
export function sendFile(res, file) {
  res.writeHead(200, {
    'Content-Type': file.type,
    'Content-Length': file.bytes,
    // The name is the uploader's, any characters at all: percent-encoded, it cannot break the header.
    'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(file.content);
}
