import { css } from 'lit';

/** The log: turns, bubbles, what a bot wrote kept in its box, and the markdown inside. */
export const logStyles = css`
  .log {
    flex: 1;
    overflow-y: auto;
    padding: 14px;
    display: flex;
    flex-direction: column;
    gap: 10px;
    overscroll-behavior: contain;
  }
  .turn {
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  /* A turn out of view skips style, layout and paint once it has been drawn (and has kept its
     height, see log-scroll.ts): a long conversation costs what is on screen. */
  .turn[data-drawn] {
    content-visibility: auto;
    /* Skipped, it has no content to keep it from shrinking in the log's column. */
    flex-shrink: 0;
  }
  .message {
    max-width: 88%;
    padding: 8px 12px;
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  .message.user {
    align-self: flex-end;
    background: var(--_user-bubble);
    white-space: pre-wrap;
  }
  .message.user.failed {
    outline: 1px dashed var(--_error);
  }
  .message.assistant {
    align-self: flex-start;
    background: var(--_bot-bubble);
  }
  .pending {
    color: var(--_muted);
    font-style: italic;
  }
  /* What a bot or its server wrote stays inside its own box: nothing in it can be fixed to the
     window, cover the widget's controls or paint outside its bubble. */
  .markdown,
  .card,
  .steps,
  .error-text,
  .object-text,
  .sent-files,
  .welcome,
  .conversation {
    contain: layout paint;
  }
  .image-placeholder {
    max-width: 100%;
    padding: 6px 10px;
    border: 1px dashed var(--_border);
    border-radius: 8px;
    background: none;
    color: var(--_muted);
    font: inherit;
    font-size: 0.9em;
    overflow-wrap: anywhere;
    cursor: pointer;
  }
  .markdown > :first-child {
    margin-top: 0;
  }
  .markdown > :last-child {
    margin-bottom: 0;
  }
  .markdown pre {
    overflow-x: auto;
    padding: 8px;
    border-radius: 8px;
    background: var(--_code-background);
  }
  .markdown code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
  }
  .markdown table {
    display: block;
    max-width: 100%;
    overflow-x: auto;
    border-collapse: collapse;
  }
  .markdown th,
  .markdown td {
    border: 1px solid var(--_border);
    padding: 2px 8px;
  }
  .markdown img {
    max-width: 100%;
  }
  a {
    color: var(--_accent);
  }

`;
