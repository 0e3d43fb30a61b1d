import type { CozeClientConfig } from '../client/coze-client.js';
import type { TokenSourceOptions } from '../client/token-source.js';
import type { Persist } from '../platform/storage.js';
import type { Transport } from '../types.js';
import type { Target } from './targets.js';

/** The settings a conversation runs with, as the element's attributes give them now. */
export type Connection = Omit<CozeClientConfig, 'tokens'> &
  Omit<TokenSourceOptions, 'botId' | 'userId' | 'workflowId' | 'appId'> & {
    persist: Persist;
    /** Days kept values last unused (`persist-days`). */
    persistDays: number;
    transport: Transport;
    target: Target;
    parameters?: Record<string, unknown>;
    /** Give up on a stream that sends nothing for this long (ms), and fetch the answer instead. */
    stallTimeout: number;
    /** The user id is the widget's own anonymous one, kept in storage (the page gave none). */
    userIdIsKept: boolean;
  };
