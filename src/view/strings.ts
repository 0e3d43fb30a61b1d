import type { ErrorCode } from '../client/chat-error.js';
import { LAUNCHER_STRINGS, languageOf, type Language, type LauncherStrings } from './launcher-strings.js';

/** Every sentence the widget shows or announces. */
export interface Strings extends LauncherStrings {
  placeholder: string;
  inputLabel: string;
  send: string;
  stop: string;
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
  attach: string;
  removeFile: (name: string) => string;
  retryUpload: (name: string) => string;
  uploadFailed: (name: string) => string;
  /** `size` is already written out, as `20 MB` or `500 KB`. */
  tooLarge: (name: string, size: string) => string;
  wrongType: (name: string) => string;
  tooMany: (max: number) => string;
  waitForUploads: string;
  fixUploads: string;
  dropFiles: string;
  viewImage: string;
  closeImage: string;
  reasoning: string;
  reasoned: string;
  searchedKnowledge: string;
  calledTool: (name: string) => string;
  toolResult: string;
  stepInput: string;
  stepOutput: string;
  runningTools: string;
  copy: string;
  copied: string;
  copyFailed: string;
  copyCode: string;
  like: string;
  dislike: string;
  reasonsTitle: string;
  reasons: Record<'inaccurate' | 'unhelpful' | 'harmful' | 'other', string>;
  reasonComment: string;
  reasonSubmit: string;
  reasonSkip: string;
  /** Introduces a notice about feedback that was not sent. */
  feedbackFailed: string;
  errors: Record<ErrorCode, string>;
  /** Introduces what the server said about a failure. */
  serverSaid: (message: string) => string;
  /** Appended to the rate-limit message when the server said how long to wait. */
  retryAfter: (seconds: number) => string;
}

const en: Strings = {
  ...LAUNCHER_STRINGS.en,
  placeholder: 'Ask a question…',
  inputLabel: 'Your message',
  send: 'Send',
  stop: 'Stop',
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
  attach: 'Attach files',
  removeFile: (name) => `Remove ${name}`,
  retryUpload: (name) => `Upload ${name} again`,
  uploadFailed: (name) => `${name} could not be uploaded.`,
  tooLarge: (name, size) => `${name} is too large: files can be up to ${size}.`,
  wrongType: (name) => `${name} cannot be sent: this type of file is not accepted.`,
  tooMany: (max) => `You can attach up to ${max} files to one message.`,
  waitForUploads: 'Wait for the files to finish uploading, then send.',
  fixUploads: 'Upload the files that failed again, or remove them, then send.',
  dropFiles: 'Drop files to attach them',
  viewImage: 'View image',
  closeImage: 'Close image',
  reasoning: 'Thinking…',
  reasoned: 'Thought process',
  searchedKnowledge: 'Searched the knowledge base',
  calledTool: (name) => `Called ${name}`,
  toolResult: 'Tool result',
  stepInput: 'Input',
  stepOutput: 'Result',
  runningTools: 'Working on it…',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy',
  copyCode: 'Copy code',
  like: 'Good answer',
  dislike: 'Bad answer',
  reasonsTitle: 'What was wrong with this answer?',
  reasons: { inaccurate: 'Inaccurate', unhelpful: 'Not helpful', harmful: 'Harmful or offensive', other: 'Something else' },
  reasonComment: 'Tell us more (optional)',
  reasonSubmit: 'Send',
  reasonSkip: 'Skip',
  feedbackFailed: 'Your feedback was not sent.',
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
  ...LAUNCHER_STRINGS['zh-CN'],
  placeholder: '输入问题…',
  inputLabel: '你的消息',
  send: '发送',
  stop: '停止',
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
  attach: '添加文件',
  removeFile: (name) => `移除 ${name}`,
  retryUpload: (name) => `重新上传 ${name}`,
  uploadFailed: (name) => `${name} 上传失败。`,
  tooLarge: (name, size) => `${name} 太大了：文件最大 ${size}。`,
  wrongType: (name) => `无法发送 ${name}：不支持这种类型的文件。`,
  tooMany: (max) => `一条消息最多可以附带 ${max} 个文件。`,
  waitForUploads: '请等待文件上传完成后再发送。',
  fixUploads: '请重新上传失败的文件或将其移除，然后再发送。',
  dropFiles: '拖放文件以添加',
  viewImage: '查看图片',
  closeImage: '关闭图片',
  reasoning: '思考中…',
  reasoned: '思考过程',
  searchedKnowledge: '检索了知识库',
  calledTool: (name) => `调用了 ${name}`,
  toolResult: '工具结果',
  stepInput: '输入',
  stepOutput: '结果',
  runningTools: '正在处理…',
  copy: '复制',
  copied: '已复制',
  copyFailed: '复制失败',
  copyCode: '复制代码',
  like: '回答很好',
  dislike: '回答不好',
  reasonsTitle: '这个回答有什么问题？',
  reasons: { inaccurate: '不准确', unhelpful: '没有帮助', harmful: '有害或冒犯', other: '其他' },
  reasonComment: '补充说明（可选）',
  reasonSubmit: '提交',
  reasonSkip: '跳过',
  feedbackFailed: '你的反馈未能发送。',
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

const LANGUAGES: Record<Language, Strings> = { en, 'zh-CN': zhCN };

/** The strings for a language tag, matched as `languageOf` matches it. */
export function stringsFor(lang: string | undefined): Strings {
  return LANGUAGES[languageOf(lang)];
}
