import { expect } from '@esm-bundle/chai';
import type { CozeChat } from '../../src/element/coze-chat.js';
import type { CozeClearDetail, CozeConversationDetail, CozeStopDetail } from '../../src/events/event-map.js';
import { FLAVOURS, clientFor, queueFaults, requestsOf, uniqueUser, waitFor, type Flavour } from '../helpers.js';
import { ask, clickAction, converse, eventsOf, mountChat, part, parts, settled, texts, unmount } from '../element.js';

/** Mount a second widget for the same visitor, as a reload would. */
async function reload(flavour: Flavour, chat: CozeChat, user: string, attributes: Record<string, string> = {}) {
  unmount(chat);
  const again = await mountChat(flavour, { 'user-id': user, ...attributes });
  await waitFor(
    () => again.chat.shadowRoot!.querySelector('.history-loading') === null && parts(again.chat, 'user').length > 0,
    'history to show',
  );
  return again.chat;
}

for (const flavour of FLAVOURS) {
  describe(`<coze-chat> conversations on the ${flavour} emulator`, () => {
    it('restores the conversation and its history after a reload', async () => {
      const { chat, user } = await mountChat(flavour);
      const changes = eventsOf<CozeConversationDetail>(chat, 'coze-conversation');
      await converse(chat, 'hello', 'Give me two answers');
      const conversationId = changes.at(-1)?.conversationId;
      expect(conversationId).to.match(/^\d{19}$/);

      const restored = await reload(flavour, chat, user);
      expect(texts(restored, 'user')).to.deep.equal(['hello', 'Give me two answers']);
      const answers = parts(restored, 'assistant');
      expect(answers[0].querySelector('strong')?.textContent).to.equal('hello');
      expect(answers[0].querySelector('pre code')).to.not.equal(null);
      expect(texts(restored, 'assistant').slice(1)).to.deep.equal(['First answer: one.', 'Second answer: two.']);
      expect(restored.shadowRoot!.textContent).not.to.contain('never shown as an answer');
      const [listed] = await requestsOf(flavour, user, '/v1/conversation/message/list');
      expect(listed.query.conversation_id).to.equal(conversationId);

      ask(restored, 'and now?');
      await settled(restored);
      const chats = await requestsOf(flavour, user, '/v3/chat');
      expect(chats.at(-1)!.query.conversation_id).to.equal(conversationId);
    });

    it('loads older pages when the log is scrolled to the top, keeping what was in view in place', async () => {
      const { chat, user } = await mountChat(flavour);
      // More than one page of 50: cloud lists about ten messages a turn, Studio two (questions and answers).
      const questions = Array.from({ length: flavour === 'studio' ? 30 : 12 }, (_, i) => `q${i + 1}`);
      await converse(chat, ...questions);
      const restored = await reload(flavour, chat, user);
      const log = part(restored, 'log')!;
      const firstShown = texts(restored, 'user')[0];
      expect(firstShown).not.to.equal('q1');
      const anchor = parts(restored, 'user')[0];
      log.scrollTop = 0;
      const before = anchor.getBoundingClientRect().top;
      log.dispatchEvent(new Event('scroll'));
      await waitFor(() => texts(restored, 'user')[0] !== firstShown, 'an older page');
      await restored.updateComplete;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      expect(Math.abs(anchor.getBoundingClientRect().top - before)).to.be.below(4);
      // Keep scrolling up until the first question shows.
      await waitFor(
        () => {
          log.scrollTop = 0;
          log.dispatchEvent(new Event('scroll'));
          return texts(restored, 'user')[0] === 'q1';
        },
        'the first page',
        12000,
      );
      expect(texts(restored, 'user')).to.deep.equal(questions);
      // Every turn drawn keeps its height for when it is out of view and skipped there.
      await restored.updateComplete;
      const turns = [...log.querySelectorAll<HTMLElement>(':scope > .turn')];
      expect(turns.filter((turn) => !turn.hasAttribute('data-drawn'))).to.have.length(0);
      expect(getComputedStyle(turns[0]).contentVisibility).to.equal('auto');
      const kept = turns.map((turn) =>
        Math.abs(parseFloat(turn.style.containIntrinsicHeight.replace('auto', '')) - turn.getBoundingClientRect().height),
      );
      expect(Math.max(...kept)).to.be.below(1);
      const pages = await requestsOf(flavour, user, '/v1/conversation/message/list');
      expect(pages.length).to.be.greaterThan(1);
      expect(pages[1].body.before_id).to.match(/^\d{19}$/);
    });

    it('starts a new conversation from the header, and the next question opens it', async () => {
      const { chat, user } = await mountChat(flavour);
      const changes = eventsOf<CozeConversationDetail>(chat, 'coze-conversation');
      await converse(chat, 'hello');
      await clickAction(chat, 'New conversation');
      expect(parts(chat, 'message')).to.have.length(0);
      expect(changes.at(-1)).to.deep.equal({ conversationId: undefined });
      await converse(chat, 'fresh start');
      const chats = await requestsOf(flavour, user, '/v3/chat');
      expect(chats.map((c) => c.query.conversation_id)).to.deep.equal([undefined, undefined]);
      expect(changes.at(-1)!.conversationId).to.not.equal(changes[0].conversationId);
      const restored = await reload(flavour, chat, user);
      expect(texts(restored, 'user')).to.deep.equal(['fresh start']);
    });

    it('clears the context: a divider, earlier messages kept, the next turn in a new section', async () => {
      const { chat, user } = await mountChat(flavour);
      const clears = eventsOf<CozeClearDetail>(chat, 'coze-clear');
      await converse(chat, 'before');
      await clickAction(chat, 'Clear context');
      await waitFor(() => chat.shadowRoot!.querySelector('.divider'), 'the divider');
      expect(chat.shadowRoot!.querySelector('.divider')!.textContent).to.contain('Context cleared');
      expect(texts(chat, 'user')).to.deep.equal(['before']);
      expect(clears).to.have.length(1);
      const [cleared] = await requestsOf(flavour, user, `/v1/conversations/${clears[0].conversationId}/clear`);
      expect(cleared.method).to.equal('POST');
      await converse(chat, 'after');
      const restored = await reload(flavour, chat, user);
      const log = part(restored, 'log')!;
      const order = [...log.querySelectorAll('[part~="user"], .divider')].map((el) =>
        el.classList.contains('divider') ? '—' : el.textContent!.trim(),
      );
      expect(order).to.deep.equal(['before', '—', 'after']);
    });

    it('stops an answer and cancels the chat on the server', async () => {
      const { chat, user } = await mountChat(flavour);
      const stops = eventsOf<CozeStopDetail>(chat, 'coze-stop');
      await queueFaults(flavour, user, 'slow');
      ask(chat, 'hello');
      await waitFor(() => part(chat, 'assistant')?.textContent?.trim(), 'the first delta');
      part(chat, 'stop-button')!.click();
      await chat.updateComplete;
      expect(stops).to.have.length(1);
      const cancel = await waitFor(async () => (await requestsOf(flavour, user, '/v3/chat/cancel'))[0], 'the cancel request');
      expect(cancel.body).to.deep.equal({ conversation_id: stops[0].conversationId, chat_id: stops[0].chatId });
      expect(chat.shadowRoot!.textContent).to.contain('Stopped');
      // Cloud spells the status `canceled`, Studio `cancelled`
      // (coze-dev/coze-studio backend/domain/conversation/agentrun/entity/const.go).
      const stopped = await clientFor(flavour, user).retrieveChat(stops[0].conversationId!, stops[0].chatId!);
      expect(stopped.status).to.equal(flavour === 'studio' ? 'cancelled' : 'canceled');
      // The conversation is free again straight away.
      await converse(chat, 'next');
      expect(chat.status).to.equal('idle');
    });

    it('recovers a stream dropped mid-answer: the whole answer, its follow-ups, no error', async () => {
      const { chat, user } = await mountChat(flavour);
      const errors = eventsOf(chat, 'coze-error');
      await queueFaults(flavour, user, 'drop+slow');
      ask(chat, 'hello');
      await waitFor(() => chat.shadowRoot!.textContent!.includes('fetching the rest'), 'recovery to start', 10000);
      expect(chat.status).to.equal('streaming');
      await waitFor(() => chat.status === 'idle', 'the recovered answer', 20000);
      await chat.updateComplete;
      expect(part(chat, 'error')).to.equal(null);
      expect(errors).to.have.length(0);
      expect(part(chat, 'assistant')!.textContent).to.contain('Read more in the Coze documentation');
      expect(texts(chat, 'follow-up')).to.have.length(3);
      const polls = await requestsOf(flavour, user, '/v3/chat/retrieve');
      for (let i = 1; i < polls.length; i++) expect(polls[i].at - polls[i - 1].at).to.be.at.least(1000);
    });

    it('uses stream: false and polling with transport="poll"', async () => {
      const { chat, user } = await mountChat(flavour, { transport: 'poll' });
      await converse(chat, 'Give me two answers');
      expect(texts(chat, 'assistant')).to.deep.equal(['First answer: one.', 'Second answer: two.']);
      expect(texts(chat, 'follow-up')).to.have.length(3);
      const [request] = await requestsOf(flavour, user, '/v3/chat');
      expect(request.body.stream).to.equal(false);
    });

    it('waits and retries when a chat is already running in the conversation (4016)', async () => {
      const { chat, user } = await mountChat(flavour);
      await queueFaults(flavour, user, 'busy');
      await converse(chat, 'hello');
      expect(chat.status).to.equal('idle');
      expect(part(chat, 'error')).to.equal(null);
      const chats = await requestsOf(flavour, user, '/v3/chat');
      expect(chats).to.have.length(2);
      expect(chats[1].at - chats[0].at).to.be.at.least(900);
    });
  });
}

describe('<coze-chat> timing at the edges', () => {
  it('sends nothing when stopped while the token is still being fetched', async () => {
    const { chat, user } = await mountChat('cloud', { 'token-endpoint': '' });
    chat.trustedApiOrigins = [window.cozeTest.cloud];
    chat.tokenProvider = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const answer = await fetch(`${window.cozeTest.cloud}/token`, {
        method: 'POST',
        body: JSON.stringify({ bot_id: '1', user_id: user }),
      });
      return (await answer.json()).access_token;
    };
    ask(chat, 'never mind');
    await chat.updateComplete;
    expect(chat.status).to.equal('sending');
    part(chat, 'stop-button')!.click();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await requestsOf('cloud', user, '/v3/chat')).to.have.length(0);
    expect(chat.status).to.equal('idle');
    expect(texts(chat, 'user')).to.deep.equal(['never mind']);
  });

  it('sends a question asked the moment the element appears into the restored conversation', async () => {
    const { chat, user } = await mountChat('cloud');
    const changes = eventsOf<CozeConversationDetail>(chat, 'coze-conversation');
    await converse(chat, 'earlier');
    unmount(chat);
    const again = document.createElement('coze-chat');
    for (const [name, value] of Object.entries({
      'bot-id': chat.botId,
      'api-base': chat.apiBase,
      'token-endpoint': chat.tokenEndpoint!,
      'user-id': user,
      mode: 'inline',
    })) {
      again.setAttribute(name, value);
    }
    document.body.append(again);
    expect(again.send('right away')).to.equal(true);
    await settled(again);
    await waitFor(() => texts(again, 'user').length === 2, 'history and the new question');
    expect(texts(again, 'user')).to.deep.equal(['earlier', 'right away']);
    const chats = await requestsOf('cloud', user, '/v3/chat');
    expect(chats.at(-1)!.query.conversation_id).to.equal(changes[0].conversationId);
    again.remove();
  });
});

describe('<coze-chat> conversation list', () => {
  it("lists the user's conversations newest first, and switching shows that history", async () => {
    const { chat } = await mountChat('cloud', { conversations: '' });
    await converse(chat, 'first conversation');
    await clickAction(chat, 'New conversation');
    await converse(chat, 'second conversation');
    await clickAction(chat, 'Conversations');
    await waitFor(() => chat.shadowRoot!.querySelectorAll('.conversation').length === 2, 'the list');
    const names = [...chat.shadowRoot!.querySelectorAll('.conversation-name')].map((el) => el.textContent);
    expect(names).to.deep.equal(['second conversation', 'first conversation']);
    expect(part(chat, 'log')!.hidden).to.equal(true);
    (chat.shadowRoot!.querySelectorAll('.conversation')[1] as HTMLButtonElement).click();
    await waitFor(() => texts(chat, 'user')[0] === 'first conversation', 'the other conversation');
    expect(part(chat, 'conversations')).to.equal(null);
    expect(texts(chat, 'user')).to.deep.equal(['first conversation']);
  });

  it('has no list action without the conversations attribute', async () => {
    const { chat } = await mountChat('cloud');
    expect(chat.shadowRoot!.querySelector('header button[aria-label="Conversations"]')).to.equal(null);
  });
});

describe('<coze-chat> persistence and transcript', () => {
  it('writes nothing to storage with persist="none"', async () => {
    localStorage.clear();
    sessionStorage.clear();
    const { chat } = await mountChat('cloud', { persist: 'none', 'user-id': '' });
    chat.removeAttribute('user-id');
    await converse(chat, 'hello');
    expect(localStorage.length).to.equal(0);
    expect(sessionStorage.length).to.equal(0);
  });

  it('keeps the conversation in sessionStorage with persist="session"', async () => {
    const user = uniqueUser();
    const { chat } = await mountChat('cloud', { persist: 'session', 'user-id': user });
    await converse(chat, 'hello');
    const keys = Object.keys(sessionStorage).filter((key) => key.includes(user));
    expect(keys).to.have.length(1);
    expect(Object.keys(localStorage).filter((key) => key.includes(user))).to.have.length(0);
  });

  it('gives the visible conversation as a dialog-detail transcript', async () => {
    const { chat } = await mountChat('cloud');
    await converse(chat, 'hello', 'Give me two answers');
    const transcript = chat.getTranscript();
    expect(transcript.dialogueList.map((item) => item.role)).to.deep.equal([0, 1, 0, 1, 1]);
    expect(transcript.totalDialogTurns).to.equal(3);
    expect(transcript.validDialogTurns).to.equal(2);
    expect(transcript.status).to.equal('IDLE');
    expect(transcript.dialogueList[3].content).to.equal('First answer: **one**.');
  });
});
