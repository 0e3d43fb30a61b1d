import type { LauncherStrings } from './strings.js';

/** The English of the first load: the launcher and the frame the panel's code arrives in. */
const enLauncher: LauncherStrings = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  defaultTitle: 'Chat',
  retry: 'Retry',
  panelFailed: 'The chat could not be loaded. Check your connection and try again.',
};

export default enLauncher;
