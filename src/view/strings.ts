import type { ErrorCode } from '../client/chat-error.js';

/** Every sentence the widget shows or announces. */
export interface Strings {
  openChat: string;
  closeChat: string;
  defaultTitle: string;
  placeholder: string;
  inputLabel: string;
  send: string;
  stop: string;
  retry: string;
  stopped: string;
  thinking: string;
  suggestions: string;
  cardSubmit: string;
  newConversation: string;
  clearContext: string;
  contextCleared: string;
  downloadTranscript: string;
  conversations: string;
  backToChat: string;
  loadMore: string;
  noConversations: string;
  loadingHistory: string;
  recovering: string;
  wait: string;
  attachment: string;
  errors: Record<ErrorCode, string>;
  /** Introduces what the server said about a failure. */
  serverSaid: (message: string) => string;
  /** Appended to the rate-limit message when the server said how long to wait. */
  retryAfter: (seconds: number) => string;
}

const en: Strings = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  defaultTitle: 'Chat',
  placeholder: 'Ask a question…',
  inputLabel: 'Your message',
  send: 'Send',
  stop: 'Stop',
  retry: 'Retry',
  stopped: 'Stopped',
  thinking: 'Thinking…',
  suggestions: 'Suggested questions',
  cardSubmit: 'Submit',
  newConversation: 'New conversation',
  clearContext: 'Clear context',
  contextCleared: 'Context cleared',
  downloadTranscript: 'Download transcript',
  conversations: 'Conversations',
  backToChat: 'Back to chat',
  loadMore: 'Load more',
  noConversations: 'No conversations yet.',
  loadingHistory: 'Loading earlier messages…',
  recovering: 'The connection dropped; fetching the rest of the answer…',
  wait: 'Wait for this answer to finish, or stop it, before sending another message.',
  attachment: 'Attachment',
  errors: {
    network: 'Could not reach the chat service. Check your connection and try again.',
    token: 'Could not sign in to the chat service. Try again in a moment.',
    unauthorized: 'The chat service did not accept the sign-in. Try again in a moment.',
    forbidden: 'This website is not allowed to use this bot.',
    'not-found': 'The chat service could not be found at its address. Check the api-base setting.',
    'rate-limited': 'Too many messages at once. Wait a moment, then try again.',
    busy: 'The bot is still answering an earlier message. Try again when it has finished.',
    unpublished: 'This bot is not available on this website yet.',
    'bad-request': 'The chat service could not accept this message.',
    server: 'The chat service had a problem. Try again in a moment.',
    'bad-response': 'The chat service sent an answer that could not be read.',
    dropped: 'The connection dropped before the answer was finished.',
    failed: 'The bot could not answer this time.',
    'unsupported-action': 'The bot needs an action this page does not support.',
    incomplete: 'Part of the answer was lost on the way.',
    unanswered: 'The workflow could not use those answers. Send a new message to start again.',
  },
  serverSaid: (message) => `(${message})`,
  retryAfter: (seconds) => `You can try again in ${seconds} s.`,
};

const zhCN: Strings = {
  openChat: '打开聊天',
  closeChat: '关闭聊天',
  defaultTitle: '聊天',
  placeholder: '输入问题…',
  inputLabel: '你的消息',
  send: '发送',
  stop: '停止',
  retry: '重试',
  stopped: '已停止',
  thinking: '思考中…',
  suggestions: '推荐问题',
  cardSubmit: '提交',
  newConversation: '新对话',
  clearContext: '清除上下文',
  contextCleared: '上下文已清除',
  downloadTranscript: '下载对话记录',
  conversations: '对话列表',
  backToChat: '返回聊天',
  loadMore: '加载更多',
  noConversations: '还没有对话。',
  loadingHistory: '正在加载更早的消息…',
  recovering: '连接中断，正在获取剩余的回答…',
  wait: '请等待当前回答完成，或先停止它，再发送新消息。',
  attachment: '附件',
  errors: {
    network: '无法连接聊天服务。请检查网络后重试。',
    token: '无法登录聊天服务。请稍后重试。',
    unauthorized: '聊天服务未接受登录凭证。请稍后重试。',
    forbidden: '此网站无权使用这个机器人。',
    'not-found': '在配置的地址上找不到聊天服务。请检查 api-base 设置。',
    'rate-limited': '发送太频繁了。请稍等片刻再试。',
    busy: '机器人还在回答上一条消息。请等它完成后再试。',
    unpublished: '这个机器人尚未在此网站上发布。',
    'bad-request': '聊天服务无法接受这条消息。',
    server: '聊天服务出了问题。请稍后重试。',
    'bad-response': '聊天服务返回的内容无法读取。',
    dropped: '回答完成之前连接中断了。',
    failed: '机器人这次没能回答。',
    'unsupported-action': '机器人需要一个本页面不支持的操作。',
    incomplete: '回答的一部分在传输中丢失了。',
    unanswered: '工作流无法使用这些回答。请发送新消息重新开始。',
  },
  serverSaid: (message) => `（${message}）`,
  retryAfter: (seconds) => `${seconds} 秒后可以重试。`,
};

const LANGUAGES: Record<string, Strings> = { en, 'zh-CN': zhCN };

/**
 * The strings for a language tag: an exact match, then the primary language (`zh-TW` → Chinese),
 * then English.
 */
export function stringsFor(lang: string | undefined): Strings {
  if (!lang) return en;
  if (LANGUAGES[lang]) return LANGUAGES[lang];
  const primary = lang.toLowerCase().split('-')[0];
  return primary === 'zh' ? zhCN : en;
}
