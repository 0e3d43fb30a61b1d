import { expect } from '@esm-bundle/chai';
import type { CozeChat } from '../../src/element/coze-chat.js';
import { queueFaults } from '../helpers.js';
import { ask, input, mountChat, opened, part, settled } from '../element.js';

const launcherLabel = (chat: CozeChat) => part(chat, 'launcher')!.getAttribute('aria-label');

describe('<coze-chat> languages', () => {
  it('speaks the language of a regional tag, and English for a language it lacks', async () => {
    const { chat: taiwan } = await mountChat('cloud', { lang: 'zh-TW', mode: 'floating' });
    expect(launcherLabel(taiwan)).to.equal('打开聊天');
    const { chat: french } = await mountChat('cloud', { lang: 'fr', mode: 'floating' });
    expect(launcherLabel(french)).to.equal('Open chat');
    const { chat: malformed } = await mountChat('cloud', { lang: 'zh_CN', mode: 'floating' });
    expect(launcherLabel(malformed), 'an underscore tag is read as the hyphenated one').to.equal('打开聊天');
  });

  it('changes language live when lang changes, launcher and panel alike', async () => {
    const { chat } = await mountChat('cloud', { mode: 'floating' });
    chat.open();
    await chat.updateComplete;
    await opened(chat);
    expect(part(chat, 'send-button')!.textContent!.trim()).to.equal('Send');
    chat.lang = 'zh-CN';
    await chat.updateComplete;
    expect(launcherLabel(chat)).to.equal('关闭聊天');
    expect(part(chat, 'send-button')!.textContent!.trim()).to.equal('发送');
    expect(input(chat).getAttribute('aria-label')).to.equal('你的消息');
  });

  it('takes any sentence from the strings property, keeping the rest of the language', async () => {
    const { chat, user } = await mountChat('cloud', { lang: 'zh-CN' });
    chat.strings = { send: 'Go', placeholder: 'Ask the shop…', errors: { server: 'Our assistant is resting.' } };
    await chat.updateComplete;
    await opened(chat);
    expect(part(chat, 'send-button')!.textContent!.trim()).to.equal('Go');
    expect(input(chat).placeholder).to.equal('Ask the shop…');
    expect(input(chat).getAttribute('aria-label'), 'what was not replaced stays Chinese').to.equal('你的消息');
    await queueFaults('cloud', user, 'http_500');
    ask(chat, 'hello');
    await settled(chat);
    expect(part(chat, 'error')!.textContent).to.contain('Our assistant is resting.');
    expect(part(chat, 'error')!.querySelector('button')!.textContent!.trim(), 'other error words stay Chinese').to.equal('重试');
  });

  it("writes sizes with Intl, in the page's locale", async () => {
    const { chat } = await mountChat('cloud', { uploadable: '', 'max-file-size': '1.5', lang: 'de' });
    await opened(chat);
    const big = new File([new Uint8Array(2 * 1024 * 1024)], 'big.pdf', { type: 'application/pdf' });
    const picker = chat.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
    const transfer = new DataTransfer();
    transfer.items.add(big);
    picker.files = transfer.files;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await chat.updateComplete;
    // German is not one of the widget's languages: English sentences, German numbers.
    expect(chat.shadowRoot!.textContent).to.contain('big.pdf is too large: files can be up to 1,5 MB.');
  });
});
