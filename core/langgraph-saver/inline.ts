/**
 * Small channel values kept inline in the checkpoint blob (schema 2). A put's checkpoint is serialized with
 * empty `channel_values`; a channel whose value serializes (whole, as JSON) to fewer than INLINE_BYTES goes
 * into that object instead of an lg_values row, so a checkpoint of small channels is one row. Every
 * checkpoint carries all its small values, changed or not: a reader finds a version either in the
 * checkpoint's own channel_values or in lg_values, never anywhere else. A value stored as an append delta
 * always has its row.
 */
import type { SaverStore, ValueRow } from "./store.ts";
import type { ValueCodec } from "./values.ts";

/**
 * Below this many serialized bytes a whole JSON value is inlined. Measured on the bench (W1's counter and
 * label, LangGraph's branch channels): all are under 64 B; a 1 KB message is not inlined.
 */
export const INLINE_BYTES = 256;

/** Whether a value about to be stored as `row` goes inline instead. */
export function inlinable(row: ValueRow): boolean {
  return row.base === null && row.type === "json" && row.value.length < INLINE_BYTES;
}

const decoder = new TextDecoder();
const EMPTY_VALUES_AT_END = '"channel_values":{}}';

/**
 * The checkpoint's JSON text with `parts` (channel, the value's JSON text) as its channel_values, or
 * undefined when the text does not end with its empty channel_values (the caller serialized the
 * checkpoint with channel_values as its last key; another serializer may write it otherwise).
 */
export function withInlineValues(checkpointText: string, parts: ReadonlyArray<readonly [string, string]>): string | undefined {
  if (!checkpointText.endsWith(EMPTY_VALUES_AT_END)) return undefined;
  if (parts.length === 0) return checkpointText;
  return `${checkpointText.slice(0, -2)}${parts.map(([channel, json]) => `${JSON.stringify(channel)}:${json}`).join(",")}}}`;
}

/** A checkpoint's inline values: channel to its version and JSON text. */
export type InlineValues = Map<string, { version: string; json: string }>;

/** The inline values of a stored checkpoint blob (empty for a schema 1 checkpoint or a non-JSON one). */
export function inlineValuesOf(type: string, blob: Uint8Array | string): InlineValues {
  const found: InlineValues = new Map();
  if (type !== "json") return found;
  const body = JSON.parse(typeof blob === "string" ? blob : decoder.decode(blob)) as { channel_values?: Record<string, unknown>; channel_versions?: Record<string, unknown> };
  for (const [channel, value] of Object.entries(body.channel_values ?? {})) {
    const version = body.channel_versions?.[channel];
    if (version !== undefined) found.set(channel, { version: String(version), json: JSON.stringify(value) });
  }
  return found;
}

/** Threads (namespaces) whose last put is remembered (least recently put dropped). */
const REMEMBERED = 1024;

/** What a put stores of a checkpoint's channel values: rows for lg_values, and the inline ones' JSON text. */
export interface EncodedValues {
  rows: ValueRow[];
  inline: Array<readonly [string, string]>;
  /** Call once the put is committed. */
  committed: () => void;
}

/**
 * Decides, per put, which channel values go inline and which get rows. An unchanged channel is copied
 * inline exactly when the parent checkpoint holds it inline at the same version: its value is then stored
 * nowhere else. The parent is usually this saver's previous put on the namespace (remembered); otherwise
 * its row is read once.
 */
export class PutValues {
  private readonly last = new Map<string, { checkpointId: string; inline: InlineValues }>();

  constructor(
    private readonly store: SaverStore,
    private readonly codec: ValueCodec,
  ) {}

  private async parentInline(threadId: string, ns: string, parentId: string | undefined): Promise<InlineValues> {
    if (parentId === undefined) return new Map();
    const known = this.last.get(`${threadId}\u0000${ns}`);
    if (known?.checkpointId === parentId) return known.inline;
    const row = await this.store.checkpoint(threadId, ns, parentId);
    return row === undefined ? new Map() : inlineValuesOf(row.type, row.checkpoint);
  }

  /**
   * Every channel with a value: a version new in this put is encoded (inline when small and whole, else a
   * row); an unchanged one is copied inline when the parent has it inline at the same version.
   * `versions` are the checkpoint's channel versions, as strings. With `allowInline` false (the serializer
   * does not write the checkpoint as JSON text ending in its channel_values) every new version gets a row.
   */
  async encode(
    put: { threadId: string; ns: string; checkpointId: string; parentId: string | undefined },
    values: Record<string, unknown>,
    versions: Record<string, string>,
    isNew: (channel: string) => boolean,
    allowInline: boolean,
  ): Promise<EncodedValues> {
    const { threadId, ns } = put;
    const rows: ValueRow[] = [];
    const inline: InlineValues = new Map();
    const remembers: Array<() => void> = [];
    let parent: InlineValues | undefined;
    for (const channel of Object.keys(values)) {
      const value = values[channel];
      const version = versions[channel];
      if (value === undefined || version === undefined) continue;
      if (isNew(channel)) {
        // A small plain value's JSON text without a trip through the serializer (the same text: dumps.ts).
        // An array goes through the codec, which may store it as the items it appends to the last one.
        const json = allowInline && !Array.isArray(value) ? this.codec.plainJson(value) : undefined;
        if (json !== undefined && Buffer.byteLength(json) < INLINE_BYTES) {
          inline.set(channel, { version, json });
          remembers.push(() => this.codec.forgetChannel(threadId, ns, channel));
          continue;
        }
        const { row, remember } = await this.codec.encode(threadId, ns, channel, version, value);
        if (allowInline && inlinable(row)) {
          inline.set(channel, { version, json: decoder.decode(row.value) });
          remembers.push(() => remember(false));
        } else {
          rows.push(row);
          remembers.push(() => remember(true));
        }
        continue;
      }
      if (!allowInline) continue;
      parent ??= await this.parentInline(threadId, ns, put.parentId);
      const kept = parent.get(channel);
      if (kept?.version === version) inline.set(channel, kept);
    }
    return {
      rows,
      inline: [...inline].map(([channel, { json }]) => [channel, json] as const),
      committed: () => {
        for (const remember of remembers) remember();
        const key = `${threadId}\u0000${ns}`;
        this.last.delete(key);
        this.last.set(key, { checkpointId: put.checkpointId, inline });
        if (this.last.size > REMEMBERED) this.last.delete(this.last.keys().next().value!);
      },
    };
  }

  forgetThread(threadId: string): void {
    for (const key of [...this.last.keys()]) if (key.startsWith(`${threadId}\u0000`)) this.last.delete(key);
  }
}
