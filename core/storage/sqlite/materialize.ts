/**
 * Rebuilding channel values from stored versions. A whole value is read as is; a delta walks base links
 * back to the nearest whole value, a memoized version or the empty list, then concatenates forward.
 * Two versions with the same base (a fork) are simply two chains sharing a prefix.
 */
import { ChronographError } from "../../api/errors.ts";
import { isTooLarge, tooLarge } from "../../checkpoint/value-budget.ts";
import { appendedFromWrites } from "../../channels/append.ts";
import { baseOf, isDelta, type LargeLookup, soleWrite, type StoredBlob, type VersionLookup, type VersionSource } from "./stored-blob.ts";

/** The error for a chain whose base version is not stored; it names the channel and the version. */
export function missingVersion(threadId: string, channel: string, version: string): ChronographError {
  return new ChronographError(
    "CHECKPOINT_NOT_FOUND",
    `Version "${version}" of channel "${channel}" is not stored in thread "${threadId}", so a value built on it cannot be read or written.`,
    { thread: threadId, channel, checkpoint: version },
  );
}

/** A chain longer than this is damaged, whatever it links: no write policy makes one (see append-store.ts). */
const MAX_CHAIN = 1_000_000;

/** The error for a delta chain that comes back to a version it already visited, or never ends. */
export function brokenChain(threadId: string, channel: string, version: string, why: string): ChronographError {
  return new ChronographError("INTERNAL", `The value of channel "${channel}" at version "${version}" in thread "${threadId}" cannot be rebuilt: ${why}.`, {
    thread: threadId,
    channel,
    checkpoint: version,
  });
}

// Iterative: a value nested 100,000 deep must not overflow the stack.
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === null || typeof next !== "object" || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const key of Object.keys(next)) stack.push((next as Record<string, unknown>)[key]);
  }
  return value;
}

type Link = [version: string, stored: StoredBlob, source: VersionSource];

/**
 * Rebuilds the values of one thread. In shared mode every version is built once and memoized, and
 * values are deeply frozen because many tuples of one history read hold the same objects; in fresh
 * mode each call returns objects the caller may change. Either way one instance serves one read.
 */
export class Materializer {
  private readonly memo = new Map<string, Map<string, unknown>>();
  private readonly sources = new Map<string, VersionSource | undefined>();

  constructor(
    private readonly threadId: string,
    private readonly lookup: VersionLookup,
    private readonly large: LargeLookup,
    private readonly shared: boolean,
    /** Parses values kept in the blobs table; a debugger read passes one that applies its budget. */
    private readonly parse: (text: string) => unknown = JSON.parse,
    /** A whole value stored out of line and larger than this is not even fetched: its placeholder is returned. */
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** The value of `channel` at `version`, or undefined when that checkpoint stored no such channel. */
  value(channel: string, version: string): unknown {
    const known = this.memo.get(channel);
    if (known?.has(version)) return known.get(version);
    const source = this.source(version);
    const stored = source?.channels[channel];
    if (stored === undefined) return undefined;
    // The usual case, a whole value inline in the row, needs no more than its parse.
    if (!isDelta(stored) && stored.x === undefined && stored.w === undefined) return this.remember(channel, version, stored.v);
    const top: Link = [version, stored, source!];
    if (!isDelta(stored)) return this.remember(channel, version, this.whole(channel, top));
    const chain: Link[] = [];
    const visited = new Set<string>([version]);
    let start: unknown = [];
    for (let link: Link | undefined = top; link !== undefined; ) {
      chain.push(link);
      const base = baseOf(link[1], link[2]);
      link = undefined;
      if (base === null) break;
      // A damaged file may link a delta to itself or to a later version: stop instead of looping forever.
      if (visited.has(base)) throw brokenChain(this.threadId, channel, version, `its delta chain loops back to version "${base}"`);
      if (visited.size >= MAX_CHAIN) throw brokenChain(this.threadId, channel, version, `its delta chain is longer than ${MAX_CHAIN} versions`);
      visited.add(base);
      if (known?.has(base)) {
        start = known.get(base);
        break;
      }
      const next = this.link(channel, base);
      if (next === undefined) throw missingVersion(this.threadId, channel, base);
      if (isDelta(next[1])) link = next;
      else start = this.remember(channel, base, this.whole(channel, next));
    }
    if (!Array.isArray(start)) {
      throw new ChronographError("INTERNAL", `Channel "${channel}" in thread "${this.threadId}" has a delta on a value that is not a list.`, { thread: this.threadId, channel });
    }
    if (!this.shared) {
      const whole = start.slice();
      for (let index = chain.length - 1; index >= 0; index -= 1) for (const item of this.items(channel, chain[index]!)) whole.push(item);
      return whole;
    }
    let whole: unknown[] = start;
    for (let index = chain.length - 1; index >= 0; index -= 1) {
      // Earlier items are frozen already; freeze only what this version adds.
      whole = Object.freeze(whole.concat(deepFreeze(this.items(channel, chain[index]!)))) as unknown[];
      this.remember(channel, chain[index]![0], whole);
    }
    return whole;
  }

  private source(version: string): VersionSource | undefined {
    let source = this.sources.get(version);
    if (source === undefined && !this.sources.has(version)) this.sources.set(version, (source = this.lookup(version)));
    return source;
  }

  private link(channel: string, version: string): Link | undefined {
    const source = this.source(version);
    const stored = source?.channels[channel];
    return stored === undefined ? undefined : [version, stored, source!];
  }

  private whole(channel: string, [version, stored, source]: Link): unknown {
    // Reading a 50 MB value out of SQLite costs time even when it is not parsed; its recorded size says enough.
    if ((stored.x !== undefined || stored.w === 1) && stored.s > this.maxBytes) return tooLarge(stored.s, null, `larger than ${this.maxBytes} bytes`);
    if (stored.w === 1) {
      const writes = source.writes === null ? null : this.parse(source.writes);
      // Over a debugger read's budget, the writes come back as a placeholder, which stands for the value too.
      if (isTooLarge(writes)) return writes;
      const written = soleWrite(writes as Record<string, unknown> | null, channel);
      if (written === undefined) throw brokenChain(this.threadId, channel, version, "it is stored as the checkpoint's write to the channel, and no single write to it is recorded");
      return written.value;
    }
    return stored.x === undefined ? stored.v : this.parse(this.large(stored.x));
  }

  private items(channel: string, [, stored, source]: Link): unknown[] {
    if (stored.i !== undefined) return stored.i;
    if (stored.x !== undefined) {
      const items = this.parse(this.large(stored.x));
      return Array.isArray(items) ? items : [items];
    }
    return appendedFromWrites(source.writes === null ? null : (JSON.parse(source.writes) as Record<string, unknown>), channel);
  }

  private remember(channel: string, version: string, value: unknown): unknown {
    // Only objects are worth sharing; a number or a string is read again from its row for nothing.
    if (!this.shared || value === null || typeof value !== "object") return value;
    let known = this.memo.get(channel);
    if (!known) this.memo.set(channel, (known = new Map()));
    known.set(version, deepFreeze(value));
    return value;
  }
}
