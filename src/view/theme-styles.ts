import { css } from 'lit';

/**
 * The dark palette: `theme="dark"`, and `theme="auto"` while the system is dark. Every text colour
 * is at least 4.5:1 on each background it is drawn on (text, muted and links on the panel and both
 * bubbles, code tokens on the code background, on-accent on the accent and on muted).
 */
const dark = css`
  --_color-scheme: dark;
  --_palette-accent: #8da4ff;
  --_palette-on-accent: #0e1530;
  --_palette-background: #17191e;
  --_palette-text: #e6e8ec;
  --_palette-muted: #a3aab6;
  --_palette-user-bubble: #283356;
  --_palette-bot-bubble: #24272e;
  --_palette-border: #3b404b;
  --_palette-error: #ff8e85;
  --_palette-code-background: #131519;
  --_palette-code-comment: #9198a1;
  --_palette-code-string: #a5d6ff;
  --_palette-code-number: #79c0ff;
  --_palette-code-keyword: #ff7b72;
  --_palette-code-literal: #ffa657;
  --_palette-code-title: #d2a8ff;
  --_launcher-shadow: 0 4px 16px rgb(0 0 0 / 0.5);
  --_panel-shadow: 0 12px 40px rgb(0 0 0 / 0.55);
`;

/**
 * The palette and sizes: every public `--coze-chat-*` custom property is read here, once, into a
 * private `--_*` one on `:host` that the other style sheets use. A page's value wins in both
 * themes; the theme only chooses the defaults (`--_palette-*`).
 */
export const themeStyles = css`
  :host {
    --_color-scheme: light;
    --_palette-accent: #3b5bdb;
    --_palette-on-accent: #ffffff;
    --_palette-background: #ffffff;
    --_palette-text: #1f2329;
    --_palette-muted: #5c6370;
    --_palette-user-bubble: #e7ecfd;
    --_palette-bot-bubble: #f3f4f6;
    --_palette-border: #d9dce1;
    --_palette-error: #b42318;
    --_palette-code-background: #f6f8fa;
    --_palette-code-comment: #57606a;
    --_palette-code-string: #0a3069;
    --_palette-code-number: #0550ae;
    --_palette-code-keyword: #b31d28;
    --_palette-code-literal: #953800;
    --_palette-code-title: #6639ba;
    --_launcher-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
    --_panel-shadow: 0 12px 40px rgb(0 0 0 / 0.18);
    /* The lightbox darkens whatever is behind it, in either theme. */
    --_scrim: rgb(0 0 0 / 0.72);
    --_on-scrim: #ffffff;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }

  :host {
    --_accent: var(--coze-chat-accent, var(--_palette-accent));
    --_on-accent: var(--coze-chat-on-accent, var(--_palette-on-accent));
    --_bg: var(--coze-chat-background, var(--_palette-background));
    --_text: var(--coze-chat-text, var(--_palette-text));
    --_muted: var(--coze-chat-muted, var(--_palette-muted));
    --_user-bubble: var(--coze-chat-user-bubble, var(--_palette-user-bubble));
    --_bot-bubble: var(--coze-chat-bot-bubble, var(--_palette-bot-bubble));
    --_border: var(--coze-chat-border, var(--_palette-border));
    --_error: var(--coze-chat-error, var(--_palette-error));
    /* A text field's edge is what shows it is one: at least 3:1 on the panel. */
    --_field-border: color-mix(in srgb, var(--_muted) 70%, var(--_bg));
    --_code-background: var(--coze-chat-code-background, var(--_palette-code-background));
    --_code-comment: var(--coze-chat-code-comment, var(--_palette-code-comment));
    --_code-string: var(--coze-chat-code-string, var(--_palette-code-string));
    --_code-number: var(--coze-chat-code-number, var(--_palette-code-number));
    --_code-keyword: var(--coze-chat-code-keyword, var(--_palette-code-keyword));
    --_code-literal: var(--coze-chat-code-literal, var(--_palette-code-literal));
    --_code-title: var(--coze-chat-code-title, var(--_palette-code-title));
    --_radius: var(--coze-chat-radius, 12px);
    --_font: var(--coze-chat-font, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif);
    --_width: var(--coze-chat-panel-width, 380px);
    --_height: var(--coze-chat-panel-height, 560px);
    --_launcher: var(--coze-chat-launcher-size, 56px);
    --_offset-x: var(--coze-chat-offset-x, 20px);
    --_offset-y: var(--coze-chat-offset-y, 20px);
    --_z: var(--coze-chat-z-index, 2147483000);
  }
  /* Native controls and scrollbars in the theme's scheme; set on the shadow tree's own elements,
     as the host's own properties are reset (all: initial). */
  :host > * {
    color-scheme: var(--_color-scheme);
  }

  /* The launcher's focus ring is drawn on the page, whatever its colours: a band of the panel's
     background between the button and the ring keeps the ring visible on any page. */
  .launcher:focus-visible {
    box-shadow: 0 0 0 2px var(--_bg), var(--_launcher-shadow);
  }

  /* Whatever moves in any of the widget's style sheets (or a page's ::part rules) stands still. */
  @media (prefers-reduced-motion: reduce) {
    :host,
    *,
    ::before,
    ::after {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
`;
