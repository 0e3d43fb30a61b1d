import type { AttachmentLimits } from '../model/attachments.js';
import type { Connection, Target } from '../controllers/chat-controller.js';
import { DEFAULTS } from '../element/defaults.js';
import type { ElementProps } from '../element/panel-contract.js';
import { COZE_IMAGE_HOSTS, type ImageSettings } from '../view/images/image-policy.js';
import type { Persist } from '../platform/storage.js';
import { rememberedUserId } from '../platform/user-id.js';

/** What the panel draws from the element's properties, each one a value it can use. */
export interface Settings {
  /** A bot, a chatflow or a workflow. */
  target: Target;
  images: ImageSettings;
  /** Whether files may be attached (never to a workflow run), and within which limits. */
  uploadable: boolean;
  limits: AttachmentLimits;
  /** Whether the header offers the list of conversations (a workflow keeps none). */
  conversations: boolean;
}

/** `value` when it is above zero, else `fallback` (a removed attribute is null, an unreadable one NaN). */
const positive = (value: number, fallback: number) => (value > 0 ? value : fallback);

/** One of `allowed`, else the first of them (the default). */
const oneOf = <T extends string>(value: string, allowed: readonly T[]): T => (allowed.includes(value as T) ? (value as T) : allowed[0]!);

/** A bot, or the chatflow or workflow `workflow-id` names. */
function targetOf({ workflowId, appId, workflowType, inputParameter }: ElementProps): Target {
  if (!workflowId) return { kind: 'bot' };
  const app = { workflowId, appId: appId || undefined };
  return workflowType === 'workflow'
    ? { kind: 'workflow', ...app, inputParameter: inputParameter || DEFAULTS.inputParameter }
    : { kind: 'chatflow', ...app };
}

/** The element's properties as the panel reads them: defaults for what is missing or cannot be used. */
export function settingsOf(props: ElementProps): Settings {
  const target = targetOf(props);
  let apiOrigin: string | undefined;
  try {
    apiOrigin = new URL(props.apiBase, location.href).origin;
  } catch {
    apiOrigin = undefined;
  }
  return {
    target,
    images: {
      mode: oneOf(props.images, [DEFAULTS.images, 'allow', 'none']),
      hosts: props.imageHosts === undefined ? COZE_IMAGE_HOSTS : props.imageHosts.split(/\s+/).filter(Boolean),
      apiOrigin,
    },
    uploadable: props.uploadable && target.kind !== 'workflow',
    limits: {
      maxFiles: positive(props.maxFiles, DEFAULTS.maxFiles),
      maxBytes: positive(props.maxFileSize, DEFAULTS.maxFileSize) * 1024 * 1024,
      accept: (props.accept ?? '')
        .split(',')
        .map((type) => type.trim())
        .filter(Boolean),
    },
    conversations: props.conversations && target.kind === 'bot',
  };
}

/**
 * What the chat controller connects with, as the element's properties say now. The user id is
 * the page's, else the widget's own anonymous one (read from storage, so only when connecting).
 */
export function connectionOf(props: ElementProps): Connection {
  const persist = oneOf<Persist>(props.persist, [DEFAULTS.persist, 'session', 'none']);
  // Kept values that never expire (`Infinity` days) are not on offer.
  const persistDays = Number.isFinite(props.persistDays) ? positive(props.persistDays, DEFAULTS.persistDays) : DEFAULTS.persistDays;
  return {
    apiBase: props.apiBase,
    botId: props.botId ?? '',
    userId: props.userId || rememberedUserId(persist, persistDays),
    connectorId: props.connectorId || DEFAULTS.connectorId,
    endpoint: props.tokenEndpoint || undefined,
    provider: props.tokenProvider,
    trustedOrigins: props.trustedApiOrigins,
    persist,
    persistDays,
    transport: oneOf(props.transport, [DEFAULTS.transport, 'poll']),
    target: targetOf(props),
    parameters: props.parameters,
    stallTimeout: positive(props.stallTimeout, DEFAULTS.stallTimeout) * 1000,
    userIdIsKept: !props.userId,
  };
}
