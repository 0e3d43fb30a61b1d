/**
 * The widget a script tag asks for with `data-*` attributes: `data-bot-id` becomes `bot-id`,
 * `data-token-endpoint` becomes `token-endpoint`, and so on for every attribute of `<coze-chat>`.
 * Nothing happens for a script tag without them (a page that writes its own `<coze-chat>`).
 */
export function widgetFromScriptTag(scriptUrl: string): HTMLElement | undefined {
  const tags = [...document.querySelectorAll<HTMLScriptElement>('script[src]')];
  // A CDN may have redirected the request, so the module's URL can differ from the tag's `src`.
  const script = tags.find((tag) => tag.src === scriptUrl) ?? tags.find((tag) => /coze-chat[^/]*$/.test(new URL(tag.src).pathname) && dataAttributes(tag).length);
  const attributes = script ? dataAttributes(script) : [];
  if (!attributes.length) return undefined;
  const widget = document.createElement('coze-chat');
  for (const { name, value } of attributes) widget.setAttribute(name.slice('data-'.length), value);
  document.body.append(widget);
  return widget;
}

const dataAttributes = (tag: HTMLElement): Attr[] => [...tag.attributes].filter((attribute) => attribute.name.startsWith('data-'));
