/** The element's `status`: what the widget is doing now. */
export const ChatStatus = {
  idle: 'idle',
  sending: 'sending',
  streaming: 'streaming',
  error: 'error',
} as const;
export type ChatStatus = (typeof ChatStatus)[keyof typeof ChatStatus];
