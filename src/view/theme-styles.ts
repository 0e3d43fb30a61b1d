import { css } from 'lit';

/**
 * The palette and sizes: every public `--coze-chat-*` custom property is read here, once, into a
 * private `--_*` one on `:host` that the other style sheets use.
 */
export const themeStyles = css`
  :host {
    --_accent: var(--coze-chat-accent, #3b5bdb);
    --_on-accent: var(--coze-chat-on-accent, #ffffff);
    --_bg: var(--coze-chat-background, #ffffff);
    --_text: var(--coze-chat-text, #1f2329);
    --_muted: var(--coze-chat-muted, #5c6370);
    --_user-bubble: var(--coze-chat-user-bubble, #e7ecfd);
    --_bot-bubble: var(--coze-chat-bot-bubble, #f3f4f6);
    --_border: var(--coze-chat-border, #d9dce1);
    --_error: var(--coze-chat-error, #b42318);
    --_radius: var(--coze-chat-radius, 12px);
    --_font: var(--coze-chat-font, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif);
    --_width: var(--coze-chat-panel-width, 380px);
    --_height: var(--coze-chat-panel-height, 560px);
    --_launcher: var(--coze-chat-launcher-size, 56px);
    --_offset-x: var(--coze-chat-offset-x, 20px);
    --_offset-y: var(--coze-chat-offset-y, 20px);
    --_z: var(--coze-chat-z-index, 2147483000);
  }
`;
