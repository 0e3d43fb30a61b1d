import { CozeChat } from './element/coze-chat.js';

/**
 * Define `<coze-chat>` in `registry`, or the same element under another `tag`. A tag already
 * defined is left as it is, so a second copy of the script, or a second call, changes nothing.
 * Another tag gets a subclass of its own, because a registry takes each class under one name only.
 */
export function defineCozeChat(tag = 'coze-chat', registry: CustomElementRegistry = customElements): void {
  if (!registry.get(tag)) registry.define(tag, tag === 'coze-chat' ? CozeChat : class extends CozeChat {});
}

declare global {
  interface HTMLElementTagNameMap {
    'coze-chat': CozeChat;
  }
}
