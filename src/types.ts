/**
 * The public types of `<coze-chat>` in one place, for the element's properties and for pages
 * (`import type { … } from 'coze-chat'`). Types that belong to a layer below are re-exported here.
 */

/** How an answer arrives (`transport`): one streaming request, or polling until it is done. */
export type Transport = 'stream' | 'poll';

export type { TokenProvider } from './client/token-source.js';
export type { CozeMessage, CozeChat as CozeChatObject, ToolCall } from './client/wire.js';
export type { DialogDetail, DialogueItem } from './model/transcript.js';
