/**
 * The widget a script tag asks for with `data-*` attributes: `data-bot-id` becomes `bot-id`,
 * `data-token-endpoint` becomes `token-endpoint`, and so on for each of `attributes` (the
 * element's own). A tag without `data-bot-id` or `data-workflow-id` adds nothing: a page that writes
 * its own `<coze-chat>`, or whose tools put `data-*` attributes of theirs on script tags.
 */
export function widgetFromScriptTag(scriptUrl: string, attributes: readonly string[]): HTMLElement | undefined {
  const ours = (tag: HTMLElement) =>
    [...tag.attributes].filter(({ name }) => name.startsWith('data-') && attributes.includes(name.slice('data-'.length)));
  const asksForWidget = (tag: HTMLElement) => tag.hasAttribute('data-bot-id') || tag.hasAttribute('data-workflow-id');
  const tags = [...document.querySelectorAll<HTMLScriptElement>('script[src]')];
  // A CDN may have redirected the request, so the module's URL can differ from the tag's `src`.
  const script =
    tags.find((tag) => tag.src === scriptUrl) ??
    tags.find((tag) => /coze-chat[^/]*$/.test(new URL(tag.src).pathname) && asksForWidget(tag));
  if (!script || !asksForWidget(script)) return undefined;
  const widget = document.createElement('coze-chat');
  for (const { name, value } of ours(script)) widget.setAttribute(name.slice('data-'.length), value);
  document.body.append(widget);
  return widget;
}
