import { css } from 'lit';

/**
 * On a touch screen (the panel's `touch` class): text a phone does not zoom into when it gets focus
 * (iOS zooms into fields under 16px), and a box of at least 44 × 44 px around every control of the
 * header, the composer, the answers and their actions, so a fingertip hits what it aims at.
 * Nothing is shown on hover alone.
 */
export const touchStyles = css`
  .touch textarea {
    font-size: max(16px, 1em);
  }
  .touch :is(header button, .composer button, .attach, .answer-action, .follow-up, .retry, .attachment-remove,
      .attachment-retry, .code-copy, .lightbox-close, .reason, .reasons-send, .reasons-skip, .card-option, .load-more) {
    min-width: 44px;
    min-height: 44px;
  }
  .touch .code-copy {
    opacity: 1;
  }
`;
