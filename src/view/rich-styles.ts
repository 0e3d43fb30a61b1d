import { css } from 'lit';

/** The look of what goes beyond text: welcome, files, reasoning, tool steps, answer actions, lightbox. */
export const richStyles = css`
  .welcome {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 8px;
    margin: auto 0;
    padding: 12px 4px;
    text-align: center;
  }
  .welcome-icon {
    width: 56px;
    height: 56px;
    border-radius: 50%;
    object-fit: cover;
  }
  .welcome-name {
    font-weight: 600;
    font-size: 1.1em;
  }
  .welcome-text {
    color: var(--_muted);
  }
  .welcome .follow-ups {
    align-self: center;
    justify-content: center;
  }

  .sent-files {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-top: 4px;
  }
  .thumbnail {
    padding: 0;
    border: none;
    border-radius: 8px;
    background: none;
    overflow: hidden;
  }
  .thumbnail img {
    display: block;
    width: 96px;
    height: 96px;
    object-fit: cover;
  }
  .file-name {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 0.9em;
  }
  .file-name svg,
  .attachment svg,
  .answer-action svg,
  .attach svg,
  .lightbox-close svg {
    width: 16px;
    height: 16px;
    fill: currentColor;
    flex: none;
  }

  .attachments {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin: 0;
    padding: 8px 10px 0;
    list-style: none;
  }
  .attachment {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 6px;
    max-width: 100%;
    padding: 4px 6px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    font-size: 0.85em;
  }
  .attachment img {
    width: 28px;
    height: 28px;
    object-fit: cover;
    border-radius: 4px;
  }
  .attachment-name {
    max-width: 12em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .attachment progress {
    width: 60px;
  }
  .attachment[data-status='error'] {
    border-color: var(--_error);
  }
  .attachment-error {
    color: var(--_error);
  }
  .attachment-remove,
  .attachment-retry {
    display: inline-grid;
    place-items: center;
    padding: 2px;
    border: none;
    background: transparent;
    color: inherit;
  }
  .attachment-retry {
    color: var(--_accent);
  }
  .attach {
    position: relative;
    display: grid;
    place-items: center;
    width: 40px;
    height: 40px;
    border-radius: 10px;
    color: var(--_muted);
    cursor: pointer;
  }
  .attach svg {
    width: 22px;
    height: 22px;
  }
  .attach:focus-within {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .file-picker {
    position: absolute;
    width: 1px;
    height: 1px;
    opacity: 0;
    overflow: hidden;
  }
  .drop-zone {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    border: 2px dashed var(--_accent);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_bg) 88%, transparent);
    color: var(--_accent);
    font-weight: 600;
    pointer-events: none;
  }
  .panel {
    position: relative;
  }

  .reasoning {
    margin-bottom: 6px;
    padding-inline-start: 8px;
    border-inline-start: 2px solid var(--_border);
    color: var(--_muted);
    font-size: 0.9em;
  }
  .reasoning summary,
  .step summary {
    cursor: pointer;
  }
  .steps {
    display: flex;
    flex-direction: column;
    gap: 4px;
    align-self: flex-start;
    max-width: 88%;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .step-label {
    margin-top: 4px;
    font-weight: 600;
  }
  .step-text {
    margin: 2px 0;
    max-height: 12em;
    overflow: auto;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    font-size: 0.95em;
  }

  .answer-actions {
    display: flex;
    gap: 2px;
    align-self: flex-start;
    margin-top: -4px;
  }
  .answer-action {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 4px;
    border: none;
    border-radius: 6px;
    background: transparent;
    color: var(--_muted);
    font-size: 0.8em;
  }
  .answer-action:hover,
  .answer-action[aria-pressed='true'] {
    color: var(--_accent);
  }
  .reasons {
    display: flex;
    flex-direction: column;
    gap: 6px;
    align-self: flex-start;
    max-width: 88%;
    padding: 8px 10px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font-size: 0.9em;
  }
  .reasons fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    margin: 0;
    padding: 0;
    border: none;
  }
  .reasons legend {
    margin-bottom: 4px;
  }
  .reasons textarea {
    min-height: 0;
  }
  .reasons-actions {
    display: flex;
    justify-content: flex-end;
    gap: 6px;
  }
  .reasons-actions button {
    padding: 4px 12px;
    border: 1px solid var(--_accent);
    border-radius: 999px;
    background: var(--_bg);
    color: var(--_accent);
  }
  .reasons-actions .reasons-send {
    background: var(--_accent);
    color: var(--_on-accent);
  }

  .lightbox {
    position: absolute;
    inset: 0;
    z-index: 1;
    display: grid;
    place-items: center;
    padding: 16px;
    background: var(--_scrim);
  }
  .lightbox :focus-visible {
    outline-color: var(--_on-scrim);
  }
  .lightbox img {
    max-width: 100%;
    max-height: 100%;
    object-fit: contain;
  }
  .lightbox-close {
    position: absolute;
    top: 10px;
    right: 10px;
    display: grid;
    place-items: center;
    width: 32px;
    height: 32px;
    border: none;
    border-radius: 50%;
    background: var(--_bg);
    color: var(--_text);
  }
`;
