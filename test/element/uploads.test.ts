/**
 * Files and images: attached by picker, drop or paste, uploaded with progress, sent as
 * `object_string`, shown as thumbnails that open larger; limits and failed uploads never lose
 * what was typed.
 */
import { expect } from '@esm-bundle/chai';
import type { CozeChat } from '../../src/element/coze-chat.js';
import { FLAVOURS, queueFaults, requestsOf, waitFor } from '../helpers.js';
import { input, mountChat, part, parts, press, settled, texts, type } from '../element.js';

/** A 1×1 PNG. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (c) =>
  c.charCodeAt(0),
);
const image = (name = 'cat.png') => new File([PNG], name, { type: 'image/png' });
const text = (name = 'notes.txt', body = 'some notes') => new File([body], name, { type: 'text/plain' });

const root = (chat: CozeChat) => chat.shadowRoot!;
const picker = (chat: CozeChat) => root(chat).querySelector<HTMLInputElement>('.file-picker')!;
const chips = (chat: CozeChat) => parts(chat, 'attachment');

/** Choose files in the attach button's file picker, as a person would. */
function pick(chat: CozeChat, ...files: File[]): void {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  picker(chat).files = transfer.files;
  picker(chat).dispatchEvent(new Event('change', { bubbles: true }));
}

const uploaded = (chat: CozeChat, count: number) =>
  waitFor(() => chips(chat).length === count && chips(chat).every((chip) => chip.dataset.status === 'done'), `${count} uploads`);

for (const flavour of FLAVOURS) {
  describe(`uploads to the ${flavour} emulator`, () => {
    it('uploads picked files, sends them with the text as object_string, and shows them in the bubble', async () => {
      const { chat, user } = await mountChat(flavour, { uploadable: '' });
      type(chat, 'What is in these?');
      pick(chat, image(), text());
      await uploaded(chat, 2);
      expect(chips(chat).map((chip) => chip.querySelector('.attachment-name')!.textContent)).to.deep.equal(['cat.png', 'notes.txt']);
      press(chat, 'Enter');
      await settled(chat);
      expect(chips(chat)).to.have.length(0);
      expect(input(chat).value).to.equal('');

      const uploads = await requestsOf(flavour, user, '/v1/files/upload');
      expect(uploads).to.have.length(2);
      const [sent] = await requestsOf(flavour, user, '/v3/chat');
      const message = sent.body.additional_messages[0];
      expect(message.content_type).to.equal('object_string');
      const items = JSON.parse(message.content);
      expect(items[0]).to.deep.equal({ type: 'text', text: 'What is in these?' });
      expect(items.slice(1).map((item: { type: string }) => item.type)).to.deep.equal(['image', 'file']);
      expect(items.slice(1).every((item: { file_id: string }) => /^\d+$/.test(item.file_id))).to.equal(true);

      const bubble = part(chat, 'user')!;
      expect(bubble.textContent).to.contain('What is in these?');
      expect(bubble.querySelector<HTMLImageElement>('.thumbnail img')!.alt).to.equal('cat.png');
      expect(bubble.querySelector('.file-name')!.textContent).to.contain('notes.txt');
      expect(texts(chat, 'assistant')[0]).to.contain('Received 2 files: cat.png, notes.txt.');
    });

    it('shows the files again from history, with thumbnails from their URLs', async () => {
      const { chat, user } = await mountChat(flavour, { uploadable: '' });
      pick(chat, image('dog.png'));
      await uploaded(chat, 1);
      press(chat, 'Enter');
      await settled(chat);
      chat.parentElement!.remove();
      const again = await mountChat(flavour, { 'user-id': user });
      const bubble = await waitFor(() => part(again.chat, 'user'), 'the question from history');
      const thumbnail = await waitFor(() => bubble.querySelector<HTMLImageElement>('.thumbnail img'), 'the thumbnail');
      expect(thumbnail.src).to.match(/^http:\/\/127\.0\.0\.1:\d+\/_emulator\/files\/\d+$/);
    });
  });
}

describe('uploads: what a visitor can do and what can go wrong', () => {
  it('opens an image larger, and Escape closes it with focus back on the thumbnail', async () => {
    const { chat } = await mountChat('cloud', { uploadable: '' });
    pick(chat, image());
    await uploaded(chat, 1);
    type(chat, 'look');
    press(chat, 'Enter');
    await settled(chat);
    const thumbnail = part(chat, 'user')!.querySelector<HTMLButtonElement>('.thumbnail')!;
    thumbnail.focus();
    thumbnail.click();
    await chat.updateComplete;
    const box = part(chat, 'lightbox')!;
    expect(box.getAttribute('role')).to.equal('dialog');
    expect(box.querySelector('img')!.src).to.equal(thumbnail.querySelector('img')!.src);
    await waitFor(() => root(chat).activeElement?.classList.contains('lightbox-close'), 'focus on the close button');
    root(chat).activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await chat.updateComplete;
    expect(part(chat, 'lightbox')).to.equal(null);
    await waitFor(() => root(chat).activeElement === thumbnail, 'focus back on the thumbnail');
  });

  it('sends files without text, and takes files dropped on the panel', async () => {
    const { chat, user } = await mountChat('cloud', { uploadable: '' });
    const transfer = new DataTransfer();
    transfer.items.add(text('dropped.txt'));
    part(chat, 'panel')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await uploaded(chat, 1);
    press(chat, 'Enter');
    await settled(chat);
    const [sent] = await requestsOf('cloud', user, '/v3/chat');
    const items = JSON.parse(sent.body.additional_messages[0].content);
    expect(items).to.have.length(1);
    expect(items[0].type).to.equal('file');
    expect(texts(chat, 'assistant')[0]).to.contain('Received 1 file: dropped.txt.');
  });

  it('attaches a pasted image, and leaves pasted text to the text box', async () => {
    const { chat, user } = await mountChat('cloud', { uploadable: '' });
    const paste = (transfer: DataTransfer) => {
      // Firefox leaves the data of a constructed paste event empty: it is set on the event instead.
      const event = new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true });
      Object.defineProperty(event, 'clipboardData', { value: transfer });
      input(chat).dispatchEvent(event);
      return event.defaultPrevented;
    };
    const words = new DataTransfer();
    words.setData('text/plain', 'just words');
    expect(paste(words), 'a text paste goes on as usual').to.equal(false);
    expect(chips(chat)).to.have.length(0);
    const picture = new DataTransfer();
    picture.items.add(image('pasted.png'));
    expect(paste(picture), 'a file paste is taken').to.equal(true);
    await uploaded(chat, 1);
    type(chat, 'what is this?');
    press(chat, 'Enter');
    await settled(chat);
    const [sent] = await requestsOf('cloud', user, '/v3/chat');
    const items = JSON.parse(sent.body.additional_messages[0].content);
    expect(items.map((item: { type: string }) => item.type)).to.deep.equal(['text', 'image']);
    expect(root(chat).querySelector('[part~="user"] .thumbnail img')).to.not.equal(null);
  });

  it('refuses files over the limits with a clear message, keeping the typed text', async () => {
    const { chat, user } = await mountChat('cloud', { uploadable: '', 'max-files': '2', 'max-file-size': '0.001', accept: 'image/*,.txt' });
    type(chat, 'my draft');
    pick(chat, text('big.txt', 'x'.repeat(5000)));
    await chat.updateComplete;
    expect(root(chat).querySelector('.hint')!.textContent).to.equal('big.txt is too large: files can be up to 1 kB.');
    pick(chat, new File(['%PDF'], 'report.pdf', { type: 'application/pdf' }));
    await chat.updateComplete;
    expect(root(chat).querySelector('.hint')!.textContent).to.contain('report.pdf cannot be sent');
    pick(chat, image('a.png'), image('b.png'), image('c.png'));
    await chat.updateComplete;
    expect(root(chat).querySelector('.hint')!.textContent).to.equal('You can attach up to 2 files to one message.');
    await uploaded(chat, 2);
    expect(input(chat).value).to.equal('my draft');
    expect(await requestsOf('cloud', user, '/v1/files/upload')).to.have.length(2);
  });

  it('keeps text and files through a failed upload; the message waits until it is retried', async () => {
    const { chat, user } = await mountChat('cloud', { uploadable: '' });
    await queueFaults('cloud', user, 'upload_error');
    type(chat, 'keep me');
    pick(chat, text());
    const chip = await waitFor(() => chips(chat).find((c) => c.dataset.status === 'error'), 'the failed upload');
    expect(chip.querySelector('.attachment-error')!.textContent).to.equal('notes.txt could not be uploaded.');
    press(chat, 'Enter');
    await chat.updateComplete;
    expect(root(chat).querySelector('.hint')!.textContent).to.contain('failed again, or remove them');
    expect(input(chat).value).to.equal('keep me');
    expect(await requestsOf('cloud', user, '/v3/chat')).to.have.length(0);
    chip.querySelector<HTMLButtonElement>('.attachment-retry')!.click();
    await uploaded(chat, 1);
    press(chat, 'Enter');
    await settled(chat);
    expect(texts(chat, 'assistant')[0]).to.contain('Received 1 file: notes.txt.');
  });

  it('shows progress while a file uploads and holds the message until it is done', async () => {
    const { chat, user } = await mountChat('cloud', { uploadable: '' });
    await queueFaults('cloud', user, 'upload_slow');
    pick(chat, text());
    await waitFor(() => chips(chat)[0]?.querySelector('progress'), 'the progress bar');
    type(chat, 'wait for it');
    press(chat, 'Enter');
    await chat.updateComplete;
    expect(root(chat).querySelector('.hint')!.textContent).to.equal('Wait for the files to finish uploading, then send.');
    await uploaded(chat, 1);
    await chat.updateComplete;
    expect(root(chat).querySelector('.hint')).to.equal(null);
    press(chat, 'Enter');
    await settled(chat);
    expect(part(chat, 'user')!.textContent).to.contain('wait for it');
  });

  it('removes an attached file before sending', async () => {
    const { chat, user } = await mountChat('cloud', { uploadable: '' });
    pick(chat, text('one.txt'), text('two.txt'));
    await uploaded(chat, 2);
    chips(chat)[0].querySelector<HTMLButtonElement>('.attachment-remove')!.click();
    await chat.updateComplete;
    type(chat, 'only two');
    press(chat, 'Enter');
    await settled(chat);
    const [sent] = await requestsOf('cloud', user, '/v3/chat');
    expect(JSON.parse(sent.body.additional_messages[0].content)).to.have.length(2);
    expect(texts(chat, 'assistant')[0]).to.contain('Received 1 file: two.txt.');
  });

  it('has no attach button unless uploadable', async () => {
    const { chat } = await mountChat('cloud');
    expect(part(chat, 'attach-button')).to.equal(null);
  });
});
