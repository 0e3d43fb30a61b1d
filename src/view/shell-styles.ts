import { css } from 'lit';

/**
 * What the first load draws: the launcher and the panel's frame (the chat inside it comes with the
 * panel's code). Public knobs are `--coze-chat-*` custom properties, read once into private ones
 * on `:host`; everything else is private to the shadow root.
 */
export const shellStyles = css`
  :host {
    /* Nothing the page's styles would pass down (line height, letter spacing, alignment...) leaks in. */
    all: initial;
    display: block;
    font: 15px/1.5 var(--_font);
    color: var(--_text);
  }
  :host([mode='inline']) {
    height: 100%;
    min-height: 320px;
  }
  :host([hidden]) {
    display: none;
  }
  [hidden] {
    display: none !important;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  /* Anything focused shows a ring, the panel's contents included. */
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .launcher {
    position: fixed;
    inset: auto var(--_offset-x) var(--_offset-y) auto;
    z-index: var(--_z);
    width: var(--_launcher);
    height: var(--_launcher);
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    box-shadow: var(--_launcher-shadow);
    display: grid;
    place-items: center;
  }
  .launcher svg {
    width: 26px;
    height: 26px;
    fill: currentColor;
  }

  .panel {
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  :host([mode='floating']) .panel {
    position: fixed;
    inset: auto var(--_offset-x) calc(var(--_offset-y) + var(--_launcher) + 12px) auto;
    z-index: var(--_z);
    width: min(var(--_width), calc(100vw - 2 * var(--_offset-x)));
    height: min(var(--_height), calc(100vh - var(--_launcher) - 2 * var(--_offset-y) - 12px));
    box-shadow: var(--_panel-shadow);
  }
  :host([position='bottom-left']) .launcher,
  :host([mode='floating'][position='bottom-left']) .panel:not(.cover) {
    right: auto;
    left: var(--_offset-x);
  }
  :host([mode='inline']) .panel {
    height: 100%;
  }

  /* Full screen: a page that is just the chat, or a floating panel open on a narrow screen. The
     panel fits the visual viewport (above the on-screen keyboard) and keeps clear of notches. */
  :host .panel.cover {
    position: fixed;
    inset: var(--_viewport-top, 0) 0 auto 0;
    z-index: var(--_z);
    width: auto;
    height: var(--_viewport-height, 100dvh);
    border: none;
    border-radius: 0;
    box-shadow: none;
    padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left);
  }
  .panel-status {
    margin: auto;
    padding: 24px;
    text-align: center;
  }
  .panel-status button {
    margin-top: 8px;
    padding: 6px 14px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_bg);
    color: var(--_text);
  }
`;
