/**
 * Who owns each conversation, as the proxy learned it: from the conversations it saw created for
 * a visitor. Pluggable, so that several instances of a site share one record (`redisStore` in
 * `coze-chat/server/redis`).
 */
export interface ConversationStore {
  /** The visitor who owns `conversationId`, or undefined when none is known. */
  ownerOf(conversationId: string): Promise<string | undefined>;
  /** Record `owner` as the owner unless one is known already; resolves with the owner that holds. */
  claim(conversationId: string, owner: string): Promise<string>;
}

/** How many conversations the memory store keeps; the least recently used go first. */
const CAPACITY = 200_000;

/**
 * The default store: this process's memory. It is lost on restart (visitors then start anew) and
 * not shared between instances: a site with more than one uses Redis.
 */
export function memoryStore(capacity = CAPACITY): ConversationStore {
  const owners = new Map<string, string>();
  const touch = (id: string, owner: string) => {
    owners.delete(id);
    owners.set(id, owner);
    if (owners.size > capacity) owners.delete(owners.keys().next().value!);
    return owner;
  };
  return {
    async ownerOf(id) {
      const owner = owners.get(id);
      return owner === undefined ? undefined : touch(id, owner);
    },
    async claim(id, owner) {
      return touch(id, owners.get(id) ?? owner);
    },
  };
}
