/**
 * The status of a ChronographSaver head with no writes against it, without decoding it: the parts the
 * LangGraph reader's quickStatus (langgraph/quick-status.ts) decides from, taken from the saver's
 * checkpoint and metadata JSON. A channel has a value when it is inline or its version has an lg_values
 * row (`stored`: the caller looked them up; a version with neither is an emptied channel, as the decoder
 * shows it). A head with Send packets or join values kept in lg_values, or that is not JSON, gets null: the
 * caller decodes it. Pure.
 */
import { type HeadParts, quickStatus } from "../langgraph/quick-status.ts";
import type { SaverCheckpointRow } from "./history.ts";

const utf8 = new TextDecoder("utf-8");
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

function parsed(data: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof data === "string" ? data : utf8.decode(data));
  } catch {
    return undefined;
  }
}

/** The head's parts as quickStatus reads them, or null when only decoding can tell. `stored`: the channels not inline whose version has an lg_values row. */
export function saverHeadParts(row: SaverCheckpointRow, stored: ReadonlySet<string>): HeadParts | null {
  if (row.type !== "json" || row.metadata_type !== "json") return null;
  const body = parsed(row.checkpoint);
  const metadata = parsed(row.metadata);
  if (!isRecord(body) || !isRecord(metadata)) return null;
  const inline = isRecord(body.channel_values) ? body.channel_values : {};
  const versions = isRecord(body.channel_versions) ? body.channel_versions : {};
  const valued = Object.keys(versions).filter((channel) => !Object.hasOwn(inline, channel) && stored.has(channel));
  if (valued.some((channel) => channel === "__pregel_tasks" || channel.startsWith("join:"))) return null;
  const special: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inline)) if (key === "__pregel_tasks" || key.startsWith("join:")) special[key] = value;
  const writes = isRecord(metadata.writes) ? metadata.writes : null;
  const lc = "lc" in body || "lc" in inline || "lc" in metadata || (writes !== null && "lc" in writes) ? 1 : 0;
  return {
    v: body.v,
    keys: [...Object.keys(inline), ...valued],
    special: Object.keys(special).length > 0 ? special : null,
    versions: body.channel_versions,
    seen: body.versions_seen,
    writes: writes === null ? null : Object.keys(writes),
    lc,
  };
}

/** "pending" or "done" for a head with no writes, or null when the caller must decode it. */
export function saverQuickStatus(row: SaverCheckpointRow, stored: ReadonlySet<string>): "pending" | "done" | null {
  const parts = saverHeadParts(row, stored);
  return parts === null ? null : quickStatus(parts);
}
