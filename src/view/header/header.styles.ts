import { css } from 'lit';

/** The header, its actions and the focus rings of the panel's scrolling boxes. */
export const headerStyles = css`
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
`;
