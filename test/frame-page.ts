import type { CozeChat } from '../src/element/coze-chat.js';
import { BOT_ID, apiBase, tokenEndpoint, uniqueUser } from './helpers.js';

/**
 * Pages in iframes, for tests that need a window of their own: the iframe is the window the widget
 * sees (its width for the narrow-screen rule, its height for the visual viewport, its history for
 * Back). Each page loads the script-tag entry, as a site's page would. Frames go after each test.
 */

const frames: HTMLIFrameElement[] = [];
afterEach(() => frames.splice(0).forEach((frame) => frame.remove()));

/** The widget's attributes for the cloud emulator and a fresh user. */
export const widgetAttributes = () => ({
  'bot-id': BOT_ID,
  'api-base': apiBase('cloud'),
  'token-endpoint': tokenEndpoint('cloud'),
  'user-id': uniqueUser(),
});

export const attributeText = (attributes: Record<string, string>, prefix = '') =>
  Object.entries(attributes)
    .map(([name, value]) => `${prefix}${name}="${value}"`)
    .join(' ');

/** A page of `width` × `height`, loading the script-tag entry. */
export async function page(
  width: number,
  height: number,
  body = '',
  scriptAttributes = '',
  head = '',
): Promise<Window & typeof globalThis> {
  const frame = document.createElement('iframe');
  frame.style.cssText = `width:${width}px;height:${height}px;border:0;display:block`;
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1">${head}</head>
    <body style="margin:0">${body}<div style="height:3000px">A long page</div>
    <script type="module" src="/src/script-tag.ts" ${scriptAttributes}></script></body></html>`;
  document.body.append(frame);
  frames.push(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const view = frame.contentWindow as Window & typeof globalThis;
  await view.customElements.whenDefined('coze-chat');
  return view;
}

/** A widget in the page `view`, with these attributes besides the emulator's. */
export async function widgetIn(view: Window, attributes: Record<string, string>): Promise<CozeChat> {
  const chat = view.document.createElement('coze-chat') as CozeChat;
  for (const [name, value] of Object.entries({ ...widgetAttributes(), ...attributes })) chat.setAttribute(name, value);
  view.document.body.prepend(chat);
  await chat.updateComplete;
  return chat;
}

export const box = (element: Element) => {
  const { left, top, width, height } = element.getBoundingClientRect();
  return { left: Math.round(left), top: Math.round(top), width: Math.round(width), height: Math.round(height) };
};
export const resizeFrame = (view: Window, height: number) =>
  (view.frameElement as HTMLIFrameElement).style.setProperty('height', `${height}px`);
export const scrollLock = (view: Window) => [view.document.documentElement.style.overflow, view.document.body.style.overflow];
