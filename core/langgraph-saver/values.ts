/**
 * Channel values in and out of the store. Writing: each version the checkpoint introduced is stored
 * once, whole or as the items it appends to the channel's last stored version (append-plan.ts).
 * Reading: a version is rebuilt from the nearest whole value by replaying the appended items, and every
 * version rebuilt on the way is memoized, so a history read deserializes each item once.
 *
 * Values rebuilt in one read share their unchanged elements (version 7's first message is the same
 * object as version 6's): treat them as read-only, as LangGraph does.
 */
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { ChronographError } from "../api/errors.ts";
import { plainJson } from "./dumps.ts";
import { loadsTyped } from "./loads.ts";
import { planValue, sharedPrefix, type StoredArray } from "./append-plan.ts";
import type { SaverStore, ValueRow } from "./store.ts";

/** At most this many channels' last arrays are remembered for the append check (least recent dropped). */
const REMEMBERED_CHANNELS = 512;
/** Characters of joined chain text kept for point reads (least recently used dropped). */
const JOINED_CHARS = 16 * 1024 * 1024;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

export class ValueCodec {
  private readonly remembered = new Map<string, StoredArray>();
  /**
   * The JSON text of versions rebuilt from a chain (joined, not parsed), by memo key: a later point read
   * of the same version parses it without reading the chain again. Stored versions never change (a
   * version is written once; only deleteThread removes rows, and forgets these), and each read parses
   * the text anew, so callers never share objects across reads.
   */
  private readonly joined = new Map<string, string>();
  private joinedChars = 0;

  constructor(
    private readonly store: SaverStore,
    private readonly serde: SerializerProtocol,
  ) {}

  private key(threadId: string, ns: string, channel: string): string {
    return JSON.stringify([threadId, ns, channel]);
  }

  /** Elements of `previous` that are not the same objects as `next`'s, compared by serialized bytes. */
  private async matched(previous: readonly unknown[], next: readonly unknown[]): Promise<number> {
    let index = sharedPrefix(previous, next);
    while (index < previous.length && index < next.length) {
      const [[typeA, a], [typeB, b]] = await Promise.all([this.serde.dumpsTyped(previous[index]), this.serde.dumpsTyped(next[index])]);
      if (typeA !== typeB || !sameBytes(a, b)) break;
      index += 1;
    }
    return index;
  }

  /**
   * The row storing `value` as `channel`'s version `version`. Call `remember` once the put is committed:
   * with `asBase` false (the value went inline, no row) later versions are stored whole, never as deltas of it.
   */
  async encode(threadId: string, ns: string, channel: string, version: string, value: unknown): Promise<{ row: ValueRow; remember: (asBase?: boolean) => void }> {
    const key = this.key(threadId, ns, channel);
    const previous = this.remembered.get(key);
    let row: ValueRow | undefined;
    if (previous !== undefined && Array.isArray(value) && value.length >= previous.elements.length && previous.elements.length > 0) {
      const matched = await this.matched(previous.elements, value);
      if (matched === previous.elements.length) {
        const [type, bytes] = await this.serde.dumpsTyped(value.slice(matched));
        const plan = planValue(previous, value, matched, bytes.length);
        if (plan.kind === "append") {
          row = { channel, version, base: plan.base.version, base_len: plan.from, depth: plan.base.depth + 1, size: plan.base.size + bytes.length, type, value: bytes };
        }
      }
    }
    if (row === undefined) {
      const [type, bytes] = await this.serde.dumpsTyped(value);
      row = { channel, version, base: null, base_len: 0, depth: 0, size: bytes.length, type, value: bytes };
    }
    const stored = row;
    const remember = (asBase = true) => {
      this.remembered.delete(key);
      if (!asBase || !Array.isArray(value)) return;
      // A copy: a reducer that pushes into the same array must not change what we think is stored.
      this.remembered.set(key, { version, elements: value.slice(), depth: stored.depth, size: stored.size });
      if (this.remembered.size > REMEMBERED_CHANNELS) this.remembered.delete(this.remembered.keys().next().value!);
    };
    return { row, remember };
  }

  /** The JSON text the serializer writes for `value` when it is plain JSON (dumps.ts), else undefined. */
  plainJson(value: unknown): string | undefined {
    return plainJson(this.serde, value);
  }

  /** A version of `channel` was stored without a row (inline): later versions are stored whole, never as deltas. */
  forgetChannel(threadId: string, ns: string, channel: string): void {
    this.remembered.delete(this.key(threadId, ns, channel));
  }

  /** Forget what was stored for a thread (its rows are gone). */
  forgetThread(threadId: string): void {
    const prefix = `${threadId}\u0000`;
    for (const [key, text] of [...this.joined]) {
      if (!key.startsWith(prefix)) continue;
      this.joined.delete(key);
      this.joinedChars -= text.length;
    }
    for (const key of [...this.remembered.keys()]) if ((JSON.parse(key) as string[])[0] === threadId) this.remembered.delete(key);
  }

  /**
   * The value of `channel` at `version`, or undefined when the version was never stored (LangGraph
   * stores only the channels a checkpoint changed; an empty channel has a version but no value).
   * `memo`, when given, is shared across one read: every version on the walk is memoized, so a history
   * read rebuilds each version once.
   * Throws CHECKPOINT_NOT_FOUND naming thread, channel and version when a delta's base is missing.
   */
  async read(threadId: string, ns: string, channel: string, version: string, memo?: Map<string, unknown>, prefetched?: Map<string, ValueRow>): Promise<unknown> {
    const memoKey = (v: string) => `${threadId}\u0000${ns}\u0000${channel}\u0000${v}`;
    if (memo?.has(memoKey(version))) return memo.get(memoKey(version));
    const known = memo ? undefined : this.joined.get(memoKey(version));
    if (known !== undefined) {
      this.joined.delete(memoKey(version));
      this.joined.set(memoKey(version), known);
      return loadsTyped(this.serde, "json", known);
    }
    const chain = prefetched ? chainIn(prefetched, channel, version) : await this.store.chain(threadId, ns, channel, version);
    if (chain.length === 0) return undefined;
    const oldest = chain.at(-1)!;
    if (oldest.base !== null) {
      throw new ChronographError("CHECKPOINT_NOT_FOUND", `Thread "${threadId}" channel "${channel}": version ${oldest.version} extends version ${oldest.base}, which is not stored in ${this.store.where}.`, { threadId, channel });
    }
    const text = joinedText(chain);
    let whole: unknown;
    if (text !== undefined) {
      whole = await loadsTyped(this.serde, "json", text);
      if (!memo) this.keepJoined(memoKey(version), text);
    } else {
      whole = await this.replayed(chain);
    }
    // Version i (newest first) holds as many items as the next newer version kept of it.
    if (memo) chain.forEach((row, index) => memo.set(memoKey(row.version), index === 0 ? whole : (whole as unknown[]).slice(0, chain[index - 1]!.base_len)));
    return whole;
  }

  /**
   * The values of a checkpoint's channels (channel to version), for a point read: every channel's stored
   * row in one query, a whole value decoded from it, a delta rebuilt through its chain (read). A channel
   * whose version was never stored is left out.
   */
  async readAll(threadId: string, ns: string, versions: Record<string, string>): Promise<Record<string, unknown>> {
    const wanted = Object.entries(versions).map(([channel, version]) => ({ channel, version }));
    const rows = new Map((await this.store.values(threadId, ns, wanted)).map((row) => [rowKey(row.channel, row.version), row]));
    const values: Record<string, unknown> = {};
    for (const { channel, version } of wanted) {
      const row = rows.get(rowKey(channel, version));
      if (row === undefined) continue;
      const value = row.base === null ? await loadsTyped(this.serde, row.type, row.value) : await this.read(threadId, ns, channel, version);
      if (value !== undefined) values[channel] = value;
    }
    return values;
  }

  private keepJoined(key: string, text: string): void {
    if (text.length > JOINED_CHARS / 4) return;
    this.joined.set(key, text);
    this.joinedChars += text.length;
    while (this.joinedChars > JOINED_CHARS) {
      const [oldest, dropped] = this.joined.entries().next().value!;
      this.joined.delete(oldest);
      this.joinedChars -= dropped.length;
    }
  }

  /** The newest version of `chain` by deserializing each row and appending, oldest first. */
  private async replayed(chain: ValueRow[]): Promise<unknown> {
    let value: unknown;
    for (let index = chain.length - 1; index >= 0; index -= 1) {
      const row = chain[index]!;
      const loaded: unknown = await loadsTyped(this.serde, row.type, row.value);
      value = row.base === null ? loaded : (value as unknown[]).slice(0, row.base_len).concat(loaded as unknown[]);
    }
    return value;
  }
}

/** The key of a row in a namespace's prefetched values. */
export const rowKey = (channel: string, version: string) => `${channel}\u0000${version}`;

/** The chain of `version` among a namespace's prefetched rows, newest first (as SaverStore.chain). */
function chainIn(rows: Map<string, ValueRow>, channel: string, version: string): ValueRow[] {
  const chain: ValueRow[] = [];
  let next: string | null = version;
  while (next !== null) {
    const row = rows.get(rowKey(channel, next));
    if (row === undefined) break;
    chain.push(row);
    next = row.base;
  }
  return chain;
}

const decoder = new TextDecoder();

/**
 * The JSON text of the newest version of a chain: the rows' arrays joined, parsed once by the caller.
 * Exact because the serializer writes an array as its elements' JSON joined by commas, each independent
 * of its place. (Every delta appends to its whole base: base_len is the base's length.) Undefined, so the
 * caller replays row by row, for a single row or when a row is not a JSON array.
 */
function joinedText(chain: ValueRow[]): string | undefined {
  if (chain.length === 1) return undefined;
  const parts: string[] = [];
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    const row = chain[index]!;
    if (row.type !== "json") return undefined;
    const text = decoder.decode(row.value);
    if (!text.startsWith("[") || !text.endsWith("]")) return undefined;
    if (text.length > 2) parts.push(text.slice(1, -1));
  }
  return `[${parts.join(",")}]`;
}
