import { ErrorCode, type ChatError } from '../client/chat-error.js';
import type { AttachmentLimits, Refusal } from '../model/attachments.js';
import type { Strings } from './strings.js';

/** The sentence for an error, with the wait the server asked for when it said one. */
export function errorText(error: ChatError, strings: Strings): string {
  const parts = [strings.errors[error.code]];
  // What the bot or workflow itself said about its failure helps; codes and HTTP noise do not.
  if (error.code === ErrorCode.failed && error.serverMessage) parts.push(strings.serverSaid(error.serverMessage));
  if (error.retryAfter) parts.push(strings.retryAfter(error.retryAfter));
  return parts.join(' ');
}

/** The sentence for a refused file. */
export function refusalText(refusal: Refusal, limits: AttachmentLimits, strings: Strings, locale: string): string {
  if (refusal.reason === 'too-many') return strings.tooMany(refusal.max);
  if (refusal.reason === 'type') return strings.wrongType(refusal.name);
  return strings.tooLarge(refusal.name, sizeText(limits.maxBytes, locale));
}

/** A size as people write it in `locale`: `500 KB`, `20 MB`, `1.5 MB`. */
function sizeText(bytes: number, locale: string): string {
  const megabytes = bytes / 1024 / 1024;
  const [value, unit] = megabytes < 1 ? [Math.max(1, Math.round(bytes / 1024)), 'kilobyte'] : [megabytes, 'megabyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}
