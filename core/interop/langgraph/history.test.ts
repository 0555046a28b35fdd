import { describe, expect, it } from "vitest";
import { nodesOf, TASKS, triggeredNode } from "./channels.ts";
import { NamespaceHistory } from "./history.ts";
import { fieldsOf, type LoadedCheckpoint, type LoadedWrite } from "./model.ts";
import { packetNode } from "./next.ts";

function checkpoint(id: string, parentId: string | null, versions: string[], values: Record<string, unknown>, seen: string[], metadata: Record<string, unknown> = {}): LoadedCheckpoint {
  return {
    id,
    parentId,
    threadId: "t",
    namespace: "",
    type: "json",
    readable: true,
    v: 4,
    ts: null,
    createdAt: null,
    channelValues: values,
    versions: Object.fromEntries(versions.map((channel) => [channel, 1])),
    versionsSeen: Object.fromEntries(seen.map((node) => [node, {}])),
    pendingSends: null,
    metadata,
    step: 0,
    source: "loop",
    problems: [],
    payload: { value: null },
    metadataPayload: { value: null },
  };
}

const write = (checkpointId: string, channel: string, value: unknown = null): LoadedWrite => ({ checkpointId, taskId: "task", idx: 0, channel, type: "json", value });

/** The nodes and triggers as a pass over every checkpoint's and write's channels gives them, each looked at every time. */
function everyTime(checkpoints: LoadedCheckpoint[], writes: LoadedWrite[]): { nodes: string[]; triggers: Array<[string, string[]]> } {
  const nodes = new Set<string>();
  const triggers = new Map<string, Set<string>>();
  const addTrigger = (channel: string) => {
    const node = triggeredNode(channel);
    if (node !== null) triggers.set(node, (triggers.get(node) ?? new Set()).add(channel));
  };
  const addPacket = (packet: unknown) => {
    const node = packetNode(packet);
    if (node !== null) nodes.add(node);
  };
  for (const cp of checkpoints) {
    const channels = new Set([...Object.keys(cp.versions), ...Object.keys(cp.channelValues)]);
    for (const node of nodesOf(channels, cp.versionsSeen)) nodes.add(node);
    for (const channel of channels) addTrigger(channel);
    const packets = cp.channelValues[TASKS];
    if (Array.isArray(packets)) packets.forEach(addPacket);
    for (const node of Object.keys(fieldsOf(cp.metadata.writes))) nodes.add(node);
  }
  for (const w of writes) {
    addTrigger(w.channel);
    if (triggeredNode(w.channel) !== null) nodes.add(triggeredNode(w.channel)!);
    if (w.channel === TASKS) addPacket(w.value);
  }
  return { nodes: [...nodes], triggers: [...triggers].map(([node, set]) => [node, [...set].sort()]) };
}

describe("NamespaceHistory's graph facts", () => {
  it("names each node and trigger once, in the order a pass over every checkpoint and write names them first", () => {
    const checkpoints = [
      checkpoint("1", null, ["__start__", "messages"], { __start__: null, messages: null }, ["__input__"]),
      checkpoint("2", "1", ["__start__", "messages", "branch:to:agent"], { messages: null, "branch:to:agent": null, constructor: null }, ["__start__"]),
      checkpoint("3", "2", ["messages", "branch:to:tools", "branch:to:agent"], { messages: null, "join:agent+tools:final": ["agent"] }, ["agent", "__start__"]),
      checkpoint("4", "3", ["messages", "branch:router:cond:writer"], { [TASKS]: [{ lg_name: "Send", node: "mapper", args: 1 }] }, ["tools"], { writes: { editor: {} } }),
      checkpoint("5", "4", ["messages", "branch:to:agent", "start:late"], { messages: null }, ["agent", "tools", "late"]),
    ];
    const writes = [write("2", "branch:to:agent"), write("3", "branch:to:reviewer"), write("4", TASKS, { lg_name: "Send", node: "sender", args: 2 }), write("4", "messages"), write("9", "branch:to:orphan")];
    const history = new NamespaceHistory("f.sqlite", "t", "", "js", checkpoints, writes);
    const expected = everyTime(checkpoints, writes);
    expect([...history.nodes]).toEqual(expected.nodes);
    expect([...history.triggers]).toEqual(expected.triggers);
    expect(expected.nodes).toEqual(expect.arrayContaining(["agent", "tools", "final", "writer", "mapper", "editor", "late", "reviewer", "sender", "orphan"]));
  });
});
