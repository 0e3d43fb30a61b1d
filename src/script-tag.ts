/**
 * The script-tag build's entry (`dist/coze-chat.js`): it defines `<coze-chat>` and nothing more, so
 * the first load is the launcher alone. The panel, the client, markdown and the sanitizer come
 * from a file beside it when the chat is first needed.
 */
import { CozeChat } from './coze-chat.js';

if (!customElements.get('coze-chat')) customElements.define('coze-chat', CozeChat);

export { CozeChat };
