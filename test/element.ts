/** Mounting `<coze-chat>` and acting on it as a person would: type, press Enter, click. */
import '../src/index.js';
import type { CozeChat } from '../src/element/coze-chat.js';
import { COZE_IMAGE_HOSTS } from '../src/view/images/image-policy.js';
import { BOT_ID, apiBase, tokenEndpoint, uniqueUser, waitFor, type Flavour } from './helpers.js';

const mounted: HTMLElement[] = [];

/** A widget talking to one emulator flavour, as a fresh user, inline unless `attributes` say otherwise. */
export async function mountChat(flavour: Flavour, attributes: Record<string, string> = {}): Promise<{ chat: CozeChat; user: string }> {
  const user = attributes['user-id'] ?? uniqueUser();
  const chat = document.createElement('coze-chat');
  const all: Record<string, string> = {
    'bot-id': BOT_ID,
    'api-base': apiBase(flavour),
    'token-endpoint': tokenEndpoint(flavour),
    'user-id': user,
    mode: 'inline',
    // Behind the same-origin proxy, Studio's file URLs name Studio's own origin, which a site lists.
    ...(flavour === 'studio' ? { 'image-hosts': `${COZE_IMAGE_HOSTS.join(' ')} ${window.cozeTest.studioFiles}` } : {}),
    ...attributes,
  };
  for (const [name, value] of Object.entries(all)) chat.setAttribute(name, value);
  const box = document.createElement('div');
  box.style.height = '600px';
  box.append(chat);
  document.body.append(box);
  mounted.push(box);
  await chat.updateComplete;
  return { chat, user };
}

/**
 * Until the panel has done what it does on opening: the bot's welcome read, which also fetched the
 * token. A test that breaks the token endpoint waits for this, so the fault meets the question.
 */
export const opened = (chat: CozeChat) =>
  waitFor(() => chat.shadowRoot!.querySelector('[part~="welcome"] .welcome-name'), "the bot's welcome");

afterEach(() => {
  for (const box of mounted.splice(0)) box.remove();
});

export const part = (chat: CozeChat, name: string) => chat.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
export const parts = (chat: CozeChat, name: string) => [...chat.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
export const input = (chat: CozeChat) => part(chat, 'input') as HTMLTextAreaElement;
export const texts = (chat: CozeChat, name: string) => parts(chat, name).map((el) => el.textContent!.trim());

/** Click the header action with this label (its `aria-label`). */
export async function clickAction(chat: CozeChat, label: string): Promise<void> {
  const button = chat.shadowRoot!.querySelector<HTMLButtonElement>(`header button[aria-label="${label}"]`);
  if (!button) throw new Error(`no header action "${label}"`);
  button.click();
  await chat.updateComplete;
}

/** Remove a mounted widget, as leaving the page would. */
export function unmount(chat: CozeChat): void {
  chat.parentElement?.remove();
}

/** Type into the text box (replacing what is there), as the input events of typing would. */
export function type(chat: CozeChat, text: string): void {
  const box = input(chat);
  box.focus();
  box.value = text;
  box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Press a key in the text box. */
export function press(chat: CozeChat, key: string, options: KeyboardEventInit = {}): void {
  input(chat).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...options }));
}

/** Type a question and press Enter. */
export function ask(chat: CozeChat, text: string): void {
  type(chat, text);
  press(chat, 'Enter');
}

/** Wait until the latest turn has settled and the widget is idle or in error. */
export async function settled(chat: CozeChat, timeout = 12000): Promise<void> {
  await chat.updateComplete;
  await waitFor(() => chat.status === 'idle' || chat.status === 'error', 'the turn to settle', timeout);
  await chat.updateComplete;
}

/** Ask each question in turn and wait for its answer. */
export async function converse(chat: CozeChat, ...questions: string[]): Promise<void> {
  for (const question of questions) {
    ask(chat, question);
    await settled(chat);
  }
}

/** The `detail` of every `name` event the widget fires from now on. */
export function eventsOf<T>(chat: CozeChat, name: string): T[] {
  const seen: T[] = [];
  chat.addEventListener(name, (e) => seen.push((e as CustomEvent<T>).detail));
  return seen;
}
