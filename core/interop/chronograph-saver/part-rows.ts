/**
 * Some checkpoints of a ChronographSaver namespace with exactly the rows their decoding needs: the
 * checkpoint rows, the lg_values rows of the channel versions they do not keep inline (each with the
 * chain of earlier versions it appends to, down to a whole value), and the writes against them. What a
 * thread-list row or a status reads instead of the whole namespace; the same walk serves the SQLite file
 * and PostgreSQL (SaverPartReads says how each reads its rows).
 */
import { triggeredNode } from "../langgraph/channels.ts";
import type { NamespaceHistory } from "../langgraph/history.ts";
import { type SaverCheckpointRow, saverHistory, type SaverNamespaceRows, type SaverValueRow, type SaverWriteRow } from "./history.ts";

type Maybe<T> = T | Promise<T>;

/** The row reads a part needs, keyed by (thread, namespace). */
export interface SaverPartReads {
  /** The named checkpoints that exist, in any order. */
  checkpointRows(threadId: string, ns: string, ids: readonly string[]): Maybe<SaverCheckpointRow[]>;
  /** The lg_values rows of the named (channel, version) pairs that exist, in any order. */
  valueRows(threadId: string, ns: string, pairs: ReadonlyArray<readonly [string, string]>): Maybe<SaverValueRow[]>;
  /** The writes against the named checkpoints, by checkpoint, each in LangGraph's order (task path, task id, index). */
  writeRows(threadId: string, ns: string, ids: readonly string[]): Maybe<SaverWriteRow[]>;
}

/** Whether a channel's values route the run (the `__` channels and those that schedule a node): all a timeline row, a thread row or a status reads of the values. */
export const routing = (channel: string) => channel.startsWith("__") || triggeredNode(channel) !== null;

const utf8 = new TextDecoder("utf-8");
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** The (channel, version) pairs a checkpoint row reads from lg_values: its versions not held inline. Unreadable rows need none (their decoding reports them). */
export function storedVersions(row: SaverCheckpointRow): Array<[string, string]> {
  if (row.type !== "json") return [];
  let body: unknown;
  try {
    body = JSON.parse(typeof row.checkpoint === "string" ? row.checkpoint : utf8.decode(row.checkpoint));
  } catch {
    return [];
  }
  if (!isRecord(body) || !isRecord(body.channel_versions)) return [];
  const inline = isRecord(body.channel_values) ? body.channel_values : {};
  return Object.entries(body.channel_versions)
    .filter(([channel]) => !Object.hasOwn(inline, channel))
    .map(([channel, version]) => [channel, String(version)]);
}

/** The value rows `pairs` need: theirs, then the versions each appends to, level by level (one read per level). */
export async function valueChains(reads: SaverPartReads, threadId: string, ns: string, pairs: ReadonlyArray<readonly [string, string]>): Promise<SaverValueRow[]> {
  const found = new Map<string, SaverValueRow>();
  const asked = new Set<string>();
  let wanted = pairs.filter(([channel, version]) => {
    const key = `${channel}\u0000${version}`;
    if (asked.has(key)) return false;
    asked.add(key);
    return true;
  });
  while (wanted.length > 0) {
    const next: Array<[string, string]> = [];
    for (const row of await reads.valueRows(threadId, ns, wanted)) {
      found.set(`${row.channel}\u0000${row.version}`, row);
      const base = row.base === null ? null : `${row.channel}\u0000${row.base}`;
      if (base !== null && !asked.has(base)) {
        asked.add(base);
        next.push([row.channel, row.base!]);
      }
    }
    wanted = next;
  }
  return [...found.values()];
}

/** The rows of the named checkpoints (those that exist, oldest first) with their values' chains (of the channels `only` keeps) and their writes. */
export async function partRows(reads: SaverPartReads, threadId: string, ns: string, ids: readonly string[], only: (channel: string) => boolean = () => true): Promise<SaverNamespaceRows> {
  const checkpoints = [...(await reads.checkpointRows(threadId, ns, ids))].sort((a, b) => (a.checkpoint_id < b.checkpoint_id ? -1 : a.checkpoint_id > b.checkpoint_id ? 1 : 0));
  const values = await valueChains(reads, threadId, ns, checkpoints.flatMap(storedVersions).filter(([channel]) => only(channel)));
  const writes = checkpoints.length === 0 ? [] : await reads.writeRows(threadId, ns, checkpoints.map((row) => row.checkpoint_id));
  return { checkpoints, values, writes };
}

/**
 * The head and its parent (who wrote the head) decoded from their rows with their routing values only
 * (a thread row's status, writers, step and times read no other value); null when the head is gone.
 */
export async function headHistory(reads: SaverPartReads, file: string, threadId: string, ns: string, headId: string): Promise<NamespaceHistory | null> {
  const [head] = await reads.checkpointRows(threadId, ns, [headId]);
  if (!head) return null;
  const ids = head.parent_id !== null ? [head.parent_id, headId] : [headId];
  return saverHistory(file, threadId, ns, await partRows(reads, threadId, ns, ids, routing));
}
