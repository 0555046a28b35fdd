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
import { planValue, sharedPrefix, type StoredArray } from "./append-plan.ts";
import type { SaverStore, ValueRow } from "./store.ts";

/** At most this many channels' last arrays are remembered for the append check (least recent dropped). */
const REMEMBERED_CHANNELS = 512;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

export class ValueCodec {
  private readonly remembered = new Map<string, StoredArray>();

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

  /** The row storing `value` as `channel`'s version `version`. Call `remember` once the row is committed. */
  async encode(threadId: string, ns: string, channel: string, version: string, value: unknown): Promise<{ row: ValueRow; remember: () => void }> {
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
    const remember = () => {
      this.remembered.delete(key);
      if (!Array.isArray(value)) return;
      // A copy: a reducer that pushes into the same array must not change what we think is stored.
      this.remembered.set(key, { version, elements: value.slice(), depth: stored.depth, size: stored.size });
      if (this.remembered.size > REMEMBERED_CHANNELS) this.remembered.delete(this.remembered.keys().next().value!);
    };
    return { row, remember };
  }

  /** Forget what was stored for a thread (its rows are gone). */
  forgetThread(threadId: string): void {
    for (const key of [...this.remembered.keys()]) if ((JSON.parse(key) as string[])[0] === threadId) this.remembered.delete(key);
  }

  /**
   * The value of `channel` at `version`, or undefined when the version was never stored (LangGraph
   * stores only the channels a checkpoint changed; an empty channel has a version but no value).
   * `memo` is shared across one read so each version is rebuilt once. Throws CHECKPOINT_NOT_FOUND
   * naming thread, channel and version when a delta's base is missing.
   */
  async read(threadId: string, ns: string, channel: string, version: string, memo: Map<string, unknown>): Promise<unknown> {
    const memoKey = (v: string) => JSON.stringify([threadId, ns, channel, v]);
    if (memo.has(memoKey(version))) return memo.get(memoKey(version));
    const chain: ValueRow[] = [];
    let current: string | null = version;
    let value: unknown;
    while (current !== null) {
      if (memo.has(memoKey(current))) {
        value = memo.get(memoKey(current));
        break;
      }
      const row: ValueRow | undefined = await this.store.value(threadId, ns, channel, current);
      if (row === undefined) {
        if (chain.length === 0) return undefined;
        throw new ChronographError("CHECKPOINT_NOT_FOUND", `Thread "${threadId}" channel "${channel}": version ${chain.at(-1)!.version} extends version ${current}, which is not stored in ${this.store.where}.`, { threadId, channel });
      }
      chain.push(row);
      current = row.base;
    }
    for (let index = chain.length - 1; index >= 0; index -= 1) {
      const row = chain[index]!;
      const loaded: unknown = await this.serde.loadsTyped(row.type, row.value);
      if (row.base === null) value = loaded;
      else value = (value as unknown[]).slice(0, row.base_len).concat(loaded as unknown[]);
      memo.set(memoKey(row.version), value);
    }
    return value;
  }
}
