/** What the file picker offers by default: images, PDFs, office documents and text. */
export const DEFAULT_ACCEPT =
  'image/*,text/plain,text/markdown,text/csv,application/json,application/pdf,.pdf,.txt,.md,.csv,.json,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

/**
 * Every property's default, in one place: the element's constructor assigns them, the manifest
 * (custom-elements-manifest.config.mjs) documents them, and the panel's settings fall back on them
 * where the page set a value that cannot be used (`max-files="-1"`, an attribute removed).
 */
export const DEFAULTS = {
  apiBase: 'https://api.coze.cn',
  connectorId: '999',
  mode: 'floating',
  position: 'bottom-right',
  theme: 'light',
  isOpen: false,
  persist: 'local',
  persistDays: 30,
  images: 'click',
  transport: 'stream',
  conversations: false,
  workflowType: 'chatflow',
  inputParameter: 'input',
  stallTimeout: 30,
  uploadable: false,
  maxFiles: 5,
  maxFileSize: 20,
  accept: DEFAULT_ACCEPT,
  showToolCalls: false,
  feedback: false,
} as const;
