import { ConversationState, UserState, type Storage, type TurnContext } from 'botbuilder';
import type { SerializedStorage } from './botStateStorage';

/** A state as a turn holds it: the object, its JSON text when read or last saved, its eTag then. */
interface CachedState {
  state: Record<string, unknown>;
  serialized: string;
  etag: string | undefined;
}

/**
 * Conversation or user state whose save is conditional on the eTag read at the start of the turn:
 * botbuilder's BotState writes with eTag '*', so two instances running a turn of one conversation
 * at once would silently overwrite each other. Here the later save fails with
 * StorageConflictError instead. Its change check is the item's JSON text, compared as read and as
 * saved, and that same text is what is written: one JSON.stringify per save instead of the three
 * serializations and SHA-256 hashes botbuilder makes. On a Storage that is not a SerializedStorage
 * it writes with '*' as botbuilder does.
 */
class EtagStateCache {
  private readonly slot = Symbol('etag state');

  constructor(
    private readonly storage: Storage,
    private readonly keyOf: (context: TurnContext) => string | Promise<string>,
  ) {}

  async load(context: TurnContext, force: boolean): Promise<Record<string, unknown>> {
    const cached = this.cached(context);
    if (cached && !force) return cached.state;
    const entry = await this.read(await this.keyOf(context));
    context.turnState.set(this.slot, entry);
    return entry.state;
  }

  async save(context: TurnContext, force: boolean): Promise<void> {
    const cached = this.cached(context);
    if (!cached && !force) return;
    const entry = cached ?? { state: {}, serialized: '', etag: undefined };
    const data = JSON.stringify(entry.state);
    if (!force && data === entry.serialized) return;
    const key = await this.keyOf(context);
    const serialized = asSerializedStorage(this.storage);
    if (serialized) {
      entry.etag = await serialized.writeSerialized(key, data, entry.etag);
    } else {
      await this.storage.write({ [key]: { ...entry.state, eTag: '*' } });
    }
    entry.serialized = data;
    context.turnState.set(this.slot, entry);
  }

  /** Empties the state for this turn; the save still checks the eTag it was read with. */
  clear(context: TurnContext): void {
    context.turnState.set(this.slot, { state: {}, serialized: '', etag: this.cached(context)?.etag });
  }

  async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.slot);
    await this.storage.delete([await this.keyOf(context)]);
  }

  get(context: TurnContext): Record<string, unknown> | undefined {
    return this.cached(context)?.state;
  }

  private cached(context: TurnContext): CachedState | undefined {
    return context.turnState.get(this.slot) as CachedState | undefined;
  }

  private async read(key: string): Promise<CachedState> {
    const serialized = asSerializedStorage(this.storage);
    if (serialized) {
      const item = await serialized.readSerialized(key);
      if (!item) return { state: {}, serialized: '{}', etag: undefined };
      return { state: JSON.parse(item.data) as Record<string, unknown>, serialized: item.data, etag: item.etag };
    }
    const { eTag, ...state } = ((await this.storage.read([key]))[key] ?? {}) as { eTag?: string } & Record<string, unknown>;
    return { state, serialized: JSON.stringify(state), etag: eTag };
  }
}

function asSerializedStorage(storage: Storage): SerializedStorage | undefined {
  return isSerializedStorage(storage) ? storage : undefined;
}

function isSerializedStorage(storage: Storage): storage is Storage & SerializedStorage {
  return 'readSerialized' in storage && typeof storage.readSerialized === 'function' && 'writeSerialized' in storage && typeof storage.writeSerialized === 'function';
}

/** botbuilder's ConversationState (same keys), saved conditionally on the eTag it was read with. */
export class EtagConversationState extends ConversationState {
  private readonly cache: EtagStateCache;

  constructor(storage: Storage, namespace = '') {
    super(storage, namespace);
    this.cache = new EtagStateCache(storage, (context) => this.storageKey(context));
  }

  override load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    return this.cache.load(context, force);
  }

  override saveChanges(context: TurnContext, force = false): Promise<void> {
    return this.cache.save(context, force);
  }

  override async clear(context: TurnContext): Promise<void> {
    this.cache.clear(context);
  }

  override delete(context: TurnContext): Promise<void> {
    return this.cache.delete(context);
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return this.cache.get(context);
  }
}

/** botbuilder's UserState (same keys), saved conditionally on the eTag it was read with. */
export class EtagUserState extends UserState {
  private readonly cache: EtagStateCache;

  constructor(storage: Storage, namespace = '') {
    super(storage, namespace);
    this.cache = new EtagStateCache(storage, (context) => this.storageKey(context));
  }

  override load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    return this.cache.load(context, force);
  }

  override saveChanges(context: TurnContext, force = false): Promise<void> {
    return this.cache.save(context, force);
  }

  override async clear(context: TurnContext): Promise<void> {
    this.cache.clear(context);
  }

  override delete(context: TurnContext): Promise<void> {
    return this.cache.delete(context);
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return this.cache.get(context);
  }
}
