/**
 * The script-tag build's entry (`dist/coze-chat.js`): it defines `<coze-chat>` and nothing more, so
 * the first load is the launcher alone. The panel, the client, markdown and the sanitizer come
 * from a file beside it when the chat is first needed.
 *
 * A script tag that carries the widget's attributes as `data-*` attributes also adds a floating
 * widget to the page, for CMS blocks where no other markup or script can go:
 * `<script type="module" src=".../coze-chat.js" data-bot-id="…" data-token-endpoint="/coze-token"></script>`.
 */
import { CozeChat } from './element/coze-chat.js';
import { defineCozeChat } from './define.js';
import { widgetFromScriptTag } from './element/script-tag-widget.js';

defineCozeChat();
widgetFromScriptTag(import.meta.url, CozeChat.observedAttributes);

export { CozeChat };
