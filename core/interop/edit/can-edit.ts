/**
 * Whether an edit of a checkpoint can be written faithfully, and if not, why (in words for the user).
 * LangGraph.js files: whenever the checkpoint was read whole (JSON is rewritten by LangGraph.js's own
 * rules). Python files: only where what we would write round-trips exactly, i.e. the stored msgpack
 * rebuilds byte for byte from our tree, each edited channel's value rebuilds byte for byte from its shown
 * form, and the metadata re-dumps identically as Python JSON. Pickled, encrypted or legacy-JSON Python
 * checkpoints are never edited.
 */
import { isInternalChannel } from "../langgraph/channels.ts";
import type { Dialect, LoadedCheckpoint } from "../langgraph/model.ts";
import type { NamespaceHistory } from "../langgraph/history.ts";
import { encodeMsgpack, type MsgNode } from "../serde/msgpack.ts";
import { encodePython, showMsgpack } from "../serde/python-values.ts";
import { pythonJsonDumps } from "./py-format.ts";

export interface EditAnswer {
  canEdit: boolean;
  /** Why not, naming the file, thread, checkpoint and channel (when canEdit is false). */
  reason?: string;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, index) => byte === b[index]);

/** Can `checkpoint` be edited (for `channels`, or every state channel when not given)? */
export function editAnswer(history: NamespaceHistory, checkpoint: LoadedCheckpoint, dialect: Dialect, channels?: readonly string[]): EditAnswer {
  const where = history.describe(checkpoint.id);
  if (!checkpoint.readable || checkpoint.problems.length > 0) {
    return { canEdit: false, reason: `${where} could not be read whole, so an edit could not copy it faithfully: ${checkpoint.problems.join("; ") || "not a checkpoint object"}.` };
  }
  if (dialect === "js") {
    return checkpoint.type === "json" || checkpoint.type === null ? { canEdit: true } : { canEdit: false, reason: `${where} is stored with the serializer "${checkpoint.type}", which LangGraph.js does not write.` };
  }
  if (checkpoint.type !== "msgpack") {
    const what = checkpoint.type === "json" ? "in the JSON format Python LangGraph used before its msgpack switch" : `with the serializer "${checkpoint.type}"`;
    return { canEdit: false, reason: `${where} is stored ${what}; Chronograph writes Python checkpoints only as msgpack it can reproduce exactly.` };
  }
  const tree = checkpoint.payload.tree;
  if (!tree || !checkpoint.payload.bytes || !sameBytes(encodeMsgpack(tree), checkpoint.payload.bytes)) {
    return { canEdit: false, reason: `The msgpack of ${where} is not in the canonical form Chronograph writes, so a copy would not be identical.` };
  }
  const stored = valuesNode(tree);
  const wanted = channels ?? Object.keys(checkpoint.channelValues).filter((channel) => !isInternalChannel(channel, history.nodes));
  for (const channel of wanted) {
    const node = stored.get(channel);
    if (!node) continue;
    const original = encodeMsgpack(node);
    let rebuilt: Uint8Array | null;
    try {
      rebuilt = encodeMsgpack(encodePython(showMsgpack(node)));
    } catch {
      rebuilt = null;
    }
    if (!rebuilt || !sameBytes(rebuilt, original)) {
      return { canEdit: false, reason: `The value of channel "${channel}" at ${where} does not round-trip exactly through its shown form (for example a float with no fraction, or non-canonical msgpack), so an edit could change it unintentionally.` };
    }
  }
  const text = new TextDecoder().decode(checkpoint.metadataPayload.bytes ?? new Uint8Array());
  let redumped: string | null;
  try {
    redumped = pythonJsonDumps(checkpoint.metadataPayload.json);
  } catch {
    redumped = null;
  }
  if (redumped !== text) return { canEdit: false, reason: `The metadata of ${where} is not in the form Python's json.dumps writes, so metadata derived from it could differ.` };
  return { canEdit: true };
}

function valuesNode(tree: MsgNode): Map<string, MsgNode> {
  const values = new Map<string, MsgNode>();
  if (tree.kind !== "map") return values;
  const channelValues = tree.entries.find(([key]) => key.kind === "str" && key.value === "channel_values")?.[1];
  if (channelValues?.kind !== "map") return values;
  for (const [key, value] of channelValues.entries) if (key.kind === "str") values.set(key.value, value);
  return values;
}
