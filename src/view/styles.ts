import { css } from 'lit';

/** The chat panel's look inside its frame (the frame and launcher are in `shell-styles.ts`). */
export const styles = css`
  header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 10px 14px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  header .title {
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .header-action {
    display: grid;
    place-items: center;
    width: 30px;
    height: 30px;
    padding: 0;
    border: none;
    border-radius: 6px;
    background: transparent;
    color: inherit;
  }
  .header-action:hover {
    background: color-mix(in srgb, currentColor 16%, transparent);
  }
  /* Scrolling boxes some browsers let Tab reach: the ring inside their edge, where it is not clipped. */
  .log:focus-visible,
  .conversations:focus-visible,
  pre > code:focus-visible,
  .step-text:focus-visible {
    outline-offset: -2px;
  }
  /* The accent would vanish on the accent header. */
  header :focus-visible {
    outline-color: var(--_on-accent);
  }
  .header-action svg {
    width: 18px;
    height: 18px;
    fill: currentColor;
  }

  .divider {
    display: flex;
    align-items: center;
    gap: 8px;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .divider::before,
  .divider::after {
    content: '';
    flex: 1;
    border-top: 1px solid var(--_border);
  }
  .history-loading {
    align-self: center;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .conversations {
    flex: 1;
    overflow-y: auto;
    padding: 10px 14px;
  }
  .conversations ul {
    list-style: none;
    margin: 8px 0;
    padding: 0;
  }
  .conversation {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    width: 100%;
    padding: 8px 10px;
    border: none;
    border-radius: 8px;
    background: transparent;
    color: inherit;
    text-align: start;
  }
  .conversation:hover,
  .conversation[aria-current='true'] {
    background: var(--_bot-bubble);
  }
  .conversation-date {
    font-size: 0.8em;
    color: var(--_muted);
  }
  .back,
  .load-more {
    border: none;
    background: transparent;
    color: var(--_accent);
    padding: 4px 0;
  }

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

  .card {
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .card-title {
    font-weight: 600;
  }
  .card-text {
    margin: 0;
  }
  .card-image {
    max-width: 100%;
    border-radius: 8px;
  }
  .card-links,
  .card-options,
  .follow-ups {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .card-option,
  .follow-up,
  .retry,
  .card-form button {
    border: 1px solid var(--_accent);
    background: var(--_bg);
    color: var(--_accent);
    border-radius: 999px;
    padding: 4px 12px;
  }
  .card-form {
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .card-field {
    display: flex;
    flex-direction: column;
    font-size: 0.9em;
  }
  .follow-ups {
    align-self: flex-start;
  }
  .stopped-mark {
    align-self: flex-start;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .error {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 8px;
    padding: 8px 12px;
    border-radius: var(--_radius);
    color: var(--_error);
    border: 1px solid currentColor;
  }
  .error-text {
    flex: 1;
  }

  .hint {
    padding: 6px 14px 0;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .composer {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 10px;
    border-top: 1px solid var(--_border);
  }
  textarea,
  .card-field input {
    box-sizing: border-box;
    border: 1px solid var(--_field-border);
    font: inherit;
    color: inherit;
    background: var(--_bg);
  }
  textarea {
    flex: 1;
    resize: none;
    min-height: 40px;
    max-height: 140px;
    padding: 9px 10px;
    border-radius: 10px;
  }
  .card-field input {
    padding: 4px 8px;
    border-radius: 6px;
  }
  ::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  .send,
  .stop {
    height: 40px;
    padding: 0 14px;
    border: none;
    border-radius: 10px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .stop {
    background: var(--_muted);
  }

  @media (prefers-reduced-motion: no-preference) {
    .panel {
      transition: opacity 120ms ease-out;
    }
  }
`;
