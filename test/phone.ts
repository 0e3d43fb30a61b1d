/** Acting on a widget as a visitor with a phone would, and what a phone asks of it. */
import { expect } from '@esm-bundle/chai';
import type { CozeChat } from '../src/element/coze-chat.js';
import { opened, part, settled, type } from './element.js';
import { box } from './frame-page.js';

/** Open the panel from the launcher, and wait for the bot's welcome. */
export async function openPanel(chat: CozeChat): Promise<void> {
  part(chat, 'launcher')!.click();
  await chat.updateComplete;
  await opened(chat);
  await chat.updateComplete;
}

/** Type `text` and tap Send (on a touch screen Enter is a new line), then wait for the answer. */
export async function tapSend(chat: CozeChat, text: string): Promise<void> {
  type(chat, text);
  part(chat, 'send-button')!.click();
  await settled(chat);
}

export const closeButton = (chat: CozeChat) => chat.shadowRoot!.querySelector<HTMLButtonElement>('header .close')!;

/** Every control of the header, the composer and the answers has a box a fingertip can hit: 44 × 44 px. */
export function expectFingerSized(chat: CozeChat): void {
  const root = chat.shadowRoot!;
  const controls = [
    ...root.querySelectorAll<HTMLElement>('header button'),
    ...root.querySelectorAll<HTMLElement>('.composer button, .attach'),
    ...root.querySelectorAll<HTMLElement>('.answer-action, .follow-up'),
  ];
  expect(controls.length, 'header, composer, answer actions and follow-ups').to.be.greaterThan(6);
  const small = controls
    .filter((control) => box(control).width < 44 || box(control).height < 44)
    .map((control) => control.className || control.tagName);
  expect(small, 'controls under 44 × 44').to.deep.equal([]);
}
