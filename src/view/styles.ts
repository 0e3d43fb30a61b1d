import { headerStyles } from './header/header.styles.js';
import { conversationsStyles } from './conversations/conversations.styles.js';
import { logStyles } from './log/log.styles.js';
import { contentStyles } from './content/content.styles.js';
import { composerStyles } from './composer/composer.styles.js';

/**
 * The chat panel's look inside its frame (the frame and launcher are in `shell-styles.ts`): each
 * area's sheet, in cascade order (later areas win ties).
 */
export const styles = [headerStyles, conversationsStyles, logStyles, contentStyles, composerStyles];
