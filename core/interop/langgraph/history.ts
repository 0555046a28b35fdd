/**
 * The whole stored history of one (thread, namespace), decoded once: checkpoints by id, the tree of
 * parent links, writes grouped by the checkpoint they were stored against, and what the namespace
 * reveals about its graph (node names, each node's trigger channels). Views are derived from this.
 */
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import { nodesOf, TASKS, triggeredNode } from "./channels.ts";
import { fieldsOf, loadCheckpoint, loadWrite, type Dialect, type LoadedCheckpoint, type LoadedWrite } from "./model.ts";
import { packetNode, type PlannedTask } from "./next.ts";
import { checkpointRows, writeRows } from "./rows.ts";

export class NamespaceHistory {
  /** Checkpoints oldest first (by id, which is creation order). */
  readonly ordered: LoadedCheckpoint[];
  readonly byId = new Map<string, LoadedCheckpoint>();
  readonly children = new Map<string, string[]>();
  /** Writes stored against each checkpoint, by (task id, idx). */
  readonly writes = new Map<string, LoadedWrite[]>();
  /** Writes whose checkpoint does not exist in this namespace (a damaged or hand-edited file). */
  readonly orphanWrites: LoadedWrite[] = [];
  /** Every node name the namespace mentions. */
  readonly nodes = new Set<string>();
  /** Every trigger channel seen for each node, sorted. */
  readonly triggers = new Map<string, string[]>();
  /** The tasks planned from each checkpoint so far (tasks.ts's plannedOf), by checkpoint id. */
  readonly planned = new Map<string, PlannedTask[]>();

  constructor(
    readonly file: string,
    readonly threadId: string,
    readonly namespace: string,
    readonly dialect: Dialect,
    checkpoints: LoadedCheckpoint[],
    writes: LoadedWrite[],
  ) {
    this.ordered = checkpoints;
    for (const checkpoint of checkpoints) this.byId.set(checkpoint.id, checkpoint);
    for (const checkpoint of checkpoints) {
      if (checkpoint.parentId === null) continue;
      const siblings = this.children.get(checkpoint.parentId);
      if (siblings) siblings.push(checkpoint.id);
      else this.children.set(checkpoint.parentId, [checkpoint.id]);
    }
    // Writes mostly come grouped by checkpoint (the readers order them so): the previous write's list is tried first.
    let last: LoadedWrite[] | undefined;
    for (const write of writes) {
      if (last && last[0]!.checkpointId === write.checkpointId) {
        last.push(write);
        continue;
      }
      if (!this.byId.has(write.checkpointId)) {
        this.orphanWrites.push(write);
        continue;
      }
      last = this.writes.get(write.checkpointId);
      if (last) last.push(write);
      else this.writes.set(write.checkpointId, (last = [write]));
    }
    this.collectGraphFacts(writes);
  }

  /** Read one (thread, namespace) from the file. Returns null when it has no checkpoint. */
  static load(db: RawDatabase, threadId: string, namespace: string, dialect: Dialect): NamespaceHistory | null {
    const rows = checkpointRows(db, threadId, namespace);
    if (rows.length === 0) return null;
    const checkpoints = rows.map((row) => loadCheckpoint(row, dialect, db.file));
    const where = (id: string) => `checkpoint "${id}" of thread "${threadId}" in "${db.file}"`;
    const writes = writeRows(db, threadId, namespace).map((row) => loadWrite(row, where(row.checkpoint_id)));
    return new NamespaceHistory(db.file, threadId, namespace, dialect, checkpoints, writes);
  }

  /** The newest checkpoint: what getState shows and a plain invoke continues from. */
  get head(): LoadedCheckpoint {
    return this.ordered[this.ordered.length - 1]!;
  }

  writesOf(checkpointId: string): LoadedWrite[] {
    return this.writes.get(checkpointId) ?? [];
  }

  /** Checkpoints with no children: the ends of branches. */
  leaves(): LoadedCheckpoint[] {
    return this.ordered.filter((checkpoint) => !this.children.has(checkpoint.id));
  }

  /** Words naming a checkpoint of this namespace, for messages. */
  describe(checkpointId: string): string {
    const ns = this.namespace ? ` (namespace "${this.namespace}")` : "";
    return `checkpoint "${checkpointId}" of thread "${this.threadId}"${ns} in "${this.file}"`;
  }

  private collectGraphFacts(writes: LoadedWrite[]): void {
    const triggers = new Map<string, Set<string>>();
    const addTrigger = (channel: string) => {
      const node = triggeredNode(channel);
      if (node === null) return;
      const set = triggers.get(node) ?? new Set<string>();
      set.add(channel);
      triggers.set(node, set);
    };
    // A channel name (or versions_seen key) adds the same node and trigger every time: each is looked at once
    // (a long thread repeats the same few in each of its 20,000 checkpoints and 40,000 writes). The nodes are
    // added in the order a checkpoint-by-checkpoint pass adds them first.
    const channelsSeen = new Set<string>();
    const keysSeen = new Set<string>();
    const addChannel = (channel: string) => {
      if (channelsSeen.has(channel)) return;
      channelsSeen.add(channel);
      for (const node of nodesOf([channel], {})) this.nodes.add(node);
    };
    for (const checkpoint of this.ordered) {
      const fresh: string[] = [];
      for (const channel in checkpoint.versions) if (!channelsSeen.has(channel)) fresh.push(channel);
      for (const channel in checkpoint.channelValues) if (!channelsSeen.has(channel) && !Object.hasOwn(checkpoint.versions, channel)) fresh.push(channel);
      for (const channel of fresh) addChannel(channel);
      for (const key in checkpoint.versionsSeen) {
        if (keysSeen.has(key)) continue;
        keysSeen.add(key);
        for (const node of nodesOf([], { [key]: null })) this.nodes.add(node);
      }
      for (const channel of fresh) addTrigger(channel);
      const packets = checkpoint.channelValues[TASKS];
      if (Array.isArray(packets)) for (const packet of packets) this.addPacketNode(packet);
      for (const node of Object.keys(fieldsOf(checkpoint.metadata.writes))) this.nodes.add(node);
    }
    for (const write of writes) {
      if (!channelsSeen.has(write.channel)) {
        channelsSeen.add(write.channel);
        addTrigger(write.channel);
        if (triggeredNode(write.channel) !== null) this.nodes.add(triggeredNode(write.channel)!);
      }
      if (write.channel === TASKS) this.addPacketNode(write.value);
    }
    for (const [node, set] of triggers) this.triggers.set(node, [...set].sort());
  }

  private addPacketNode(packet: unknown): void {
    const node = packetNode(packet);
    if (node !== null) this.nodes.add(node);
  }
}
