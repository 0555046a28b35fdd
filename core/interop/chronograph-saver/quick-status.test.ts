import { describe, expect, it } from "vitest";
import type { SaverCheckpointRow } from "./history.ts";
import { saverHeadParts, saverQuickStatus } from "./quick-status.ts";

/** A saver head row: the checkpoint with its small values inline, as ChronographSaver stores it. */
function head(checkpoint: Record<string, unknown>, metadata: Record<string, unknown> = { source: "loop", step: 3 }): SaverCheckpointRow {
  return { checkpoint_id: "c3", parent_id: "c2", type: "json", checkpoint: JSON.stringify(checkpoint), metadata_type: "json", metadata: JSON.stringify(metadata) };
}

/** After the model ran: it routed to approve (an inline branch value); __start__ and branch:to:model were emptied (versions kept, no value stored). */
const routed = {
  v: 4,
  channel_versions: { __start__: 2, messages: 4, "branch:to:model": 3, "branch:to:approve": 4 },
  versions_seen: { __input__: {}, __start__: { __start__: 1 }, model: { "branch:to:model": 2 } },
  channel_values: { "branch:to:approve": null },
};

describe("saverQuickStatus", () => {
  it("is pending when an inline routing value is newer than its node has seen", () => {
    expect(saverQuickStatus(head(routed), new Set(["messages"]))).toBe("pending");
  });

  it("treats a version with neither an inline value nor an lg_values row as an emptied channel", () => {
    const finished = { ...routed, channel_values: {}, versions_seen: { ...routed.versions_seen, approve: { "branch:to:approve": 4 } } };
    expect(saverQuickStatus(head(finished), new Set(["messages"]))).toBe("done");
    // The same version with a stored row holds a value: its node is due.
    expect(saverQuickStatus(head({ ...finished, versions_seen: routed.versions_seen }), new Set(["messages", "branch:to:approve"]))).toBe("pending");
  });

  it("lists inline channels and stored versions as the channels with values", () => {
    expect(saverHeadParts(head(routed), new Set(["messages"]))?.keys.sort()).toEqual(["branch:to:approve", "messages"]);
  });

  it("leaves to the decoder Send packets or joins kept in lg_values, non-JSON rows and lc records", () => {
    const sends = { ...routed, channel_versions: { ...routed.channel_versions, __pregel_tasks: 4 } };
    expect(saverQuickStatus(head(sends), new Set(["__pregel_tasks"]))).toBeNull();
    expect(saverQuickStatus({ ...head(routed), type: "msgpack" }, new Set())).toBeNull();
    expect(saverQuickStatus(head(routed, { source: "loop", writes: { lc: 1 } }), new Set())).toBeNull();
    expect(saverQuickStatus({ ...head(routed), checkpoint: "{not json" }, new Set())).toBeNull();
  });
});
