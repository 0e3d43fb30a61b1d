import { css } from 'lit';

/**
 * What the first load draws: the launcher and the panel's frame (the chat inside it comes with the
 * panel's code). Public knobs are `--coze-chat-*` custom properties, read once into private ones
 * on `:host`; everything else is private to the shadow root.
 */
export const shellStyles = css`
  :host {
    display: block;
    font: 15px/1.5 var(--_font);
    color: var(--_text);
  }
  :host([mode='inline']) {
    height: 100%;
    min-height: 320px;
  }
  [hidden] {
    display: none !important;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  button:focus-visible,
  textarea:focus-visible,
  input:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .launcher {
    position: fixed;
    right: var(--_offset-x);
    bottom: var(--_offset-y);
    z-index: var(--_z);
    width: var(--_launcher);
    height: var(--_launcher);
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
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
  :host(:not([mode='inline'])) .panel {
    position: fixed;
    right: var(--_offset-x);
    bottom: calc(var(--_offset-y) + var(--_launcher) + 12px);
    z-index: var(--_z);
    width: min(var(--_width), calc(100vw - 2 * var(--_offset-x)));
    height: min(var(--_height), calc(100vh - var(--_launcher) - 2 * var(--_offset-y) - 12px));
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.18);
  }
  :host([mode='inline']) .panel {
    height: 100%;
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
