import { css } from 'lit';

/** The conversation list, the history divider and "load more". */
export const conversationsStyles = css`
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

`;
