import { css } from 'lit';

/** Errors, hints, the composer and its buttons, and the panel's motion. */
export const composerStyles = css`
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
    /* Not its 20 columns' width: at 200% zoom on a phone, Send stays on screen. */
    min-width: 0;
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
