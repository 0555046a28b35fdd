/** A checkpoint record built by hand, for tests that drive a store directly. */
import { newCheckpointId } from "../../core/checkpoint/ids.ts";
import type { CheckpointRecord } from "../../core/checkpoint/types.ts";

/** A loop checkpoint of node "agent" after `parent` (an input checkpoint when null) that wrote `channels`. */
export function record(threadId: string, parent: CheckpointRecord | null, writes: Record<string, unknown> | null, channels: string[]): CheckpointRecord {
  const checkpointId = newCheckpointId();
  const versions = { ...parent?.versions };
  for (const channel of channels) versions[channel] = checkpointId;
  return {
    threadId,
    checkpointId,
    parentId: parent?.checkpointId ?? null,
    step: parent ? parent.step + 1 : -1,
    source: parent ? "loop" : "input",
    createdAt: Date.now(),
    versions,
    tasks: [{ id: "agent", node: "agent" }],
    writes,
    breakpoint: null,
    graph: { name: "demo", hash: "h1" },
  };
}
