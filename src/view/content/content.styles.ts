import { css } from 'lit';

/** Cards, follow-ups and the stopped mark. */
export const contentStyles = css`
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
`;
