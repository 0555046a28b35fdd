/**
 * "Why did this node run?" from channel versions alone: which channels changed since the node last ran
 * (the checkpoint's versions against what the node had seen), and whose writes changed them at which
 * step (walking back along the parents to the checkpoint that bumped each version). Works the same for
 * Chronograph files (no versions_seen kept: what the node saw is the versions its last run left) and
 * LangGraph files (versions_seen as stored). Also "what will re-run?" (previewRun). The decisions are pure;
 * only `ancestry` reads, through the HistorySource it is given.
 */
import { ChronographError, errorCodeOf } from "../api/errors.ts";
import type { HistorySource } from "../api/history-source.ts";
import type { CheckpointVersions, CheckpointView, GraphView, RunMode, RunPreview, TaskExplanation, TaskTrigger, TaskView, ThreadKey } from "../api/types.ts";

/**
 * Explain `node` at `chain[0]`. `chain` is the checkpoint followed by its ancestors, parent after child
 * (as far back as was read): a shorter chain gives null steps where the history ends.
 */
export function explainTask(node: string, chain: readonly CheckpointVersions[], scheduled: boolean, edges: GraphView["edges"] = []): TaskExplanation {
  const at = chain[0];
  if (!at) throw new ChronographError("INVALID_ARGUMENT", `explainTask of node "${node}" needs the checkpoint itself.`, { node });
  const ranIndex = chain.findIndex((link) => link.writers.includes(node));
  const ran = ranIndex >= 0 ? chain[ranIndex]! : null;
  const candidates = at.versionsSeen === null ? Object.keys(at.versions) : candidateChannels(node, at);
  let triggers = changedSince(candidates, seenBy(node, chain, ranIndex), chain);
  // A Chronograph node that runs again on nothing but its own output (a loop): show that output.
  if (triggers.length === 0 && at.versionsSeen === null && ranIndex >= 0) triggers = changedSince(candidates, chain[ranIndex + 1]?.versions ?? {}, chain);
  triggers.sort((a, b) => (a.changedAtStep ?? -Infinity) - (b.changedAtStep ?? -Infinity) || (a.channel < b.channel ? -1 : 1));
  const sends = at.sends.filter((task) => task.node === node).map((task) => ({ taskId: task.taskId, sentBy: at.writers, sentAtStep: at.step }));
  const scheduledBy = scheduled ? edgesInto(node, at, edges) : [];
  return { node, checkpointId: at.checkpointId, scheduled, triggers, scheduledBy, sends, lastRanAtStep: ran?.step ?? null, lastRanCheckpointId: ran?.checkpointId ?? null };
}

/** For each writer of the checkpoint: the kind of edge that leads from it to the node. */
function edgesInto(node: string, at: CheckpointVersions, edges: GraphView["edges"]): TaskExplanation["scheduledBy"] {
  const sent = at.sends.some((task) => task.node === node);
  return at.writers.map((from) => {
    const kinds = new Set(edges.filter((edge) => edge.from === from && edge.to === node).map((edge) => edge.kind));
    // A Send names its task outright; a router's edge explains the choice better than a fixed one beside it.
    const edge = sent ? "send" : kinds.has("conditional") ? "conditional" : kinds.has("join") ? "join" : kinds.has("fixed") ? "fixed" : "unknown";
    return { from, edge };
  });
}

function changedSince(candidates: readonly string[], seen: Record<string, string>, chain: readonly CheckpointVersions[]): TaskTrigger[] {
  const triggers: TaskTrigger[] = [];
  for (const channel of candidates) {
    const version = chain[0]!.versions[channel];
    if (version !== undefined && seen[channel] !== version) triggers.push(changeOf(channel, version, chain));
  }
  return triggers;
}

/**
 * What the node had seen: stored versions_seen, else (Chronograph) the versions of the checkpoint that
 * holds its last writes, so its own output and that of nodes running beside it do not count as news.
 */
function seenBy(node: string, chain: readonly CheckpointVersions[], ranIndex: number): Record<string, string> {
  const at = chain[0]!;
  if (at.versionsSeen !== null) return at.versionsSeen[node] ?? {};
  return ranIndex < 0 ? {} : chain[ranIndex]!.versions;
}

/** LangGraph: the channels the node consumes (its versions_seen) and the routing channels that name it. */
function candidateChannels(node: string, at: CheckpointVersions): string[] {
  const channels = new Set(Object.keys(at.versionsSeen?.[node] ?? {}));
  for (const [channel, target] of Object.entries(at.routes)) if (target === node) channels.add(channel);
  return [...channels];
}

/** The oldest checkpoint of the run of ancestors holding `version` of `channel`: the one whose writes bumped it. */
function changeOf(channel: string, version: string, chain: readonly CheckpointVersions[]): TaskTrigger {
  let index = 0;
  while (index + 1 < chain.length && chain[index + 1]!.versions[channel] === version) index += 1;
  const link = chain[index]!;
  // When the chain ends with the version still present, the history read does not show the change.
  const known = index + 1 < chain.length || link.parentId === null;
  if (!known) return { channel, version, changedAtCheckpointId: null, changedAtStep: null, changedBy: [] };
  return { channel, version, changedAtCheckpointId: link.checkpointId, changedAtStep: link.step, changedBy: writersOf(channel, link) };
}

/** The writers whose returned update names the channel; all writers when the writes do not say (routing channels). */
function writersOf(channel: string, link: CheckpointVersions): string[] {
  const named = link.writers.filter((writer) => {
    const written = link.writes?.[writer];
    const updates = Array.isArray(written) ? written : [written];
    return updates.some((update) => update !== null && typeof update === "object" && Object.hasOwn(update, channel));
  });
  return named.length > 0 ? named : [...link.writers];
}

/**
 * "What will re-run?" from a checkpoint: its next tasks, split by their pending writes. Replay and resume
 * keep the writes of tasks that already finished there (only the rest run); a fork starts a new
 * checkpoint without them, so every next task runs again. Tasks waiting on an interrupt run again too
 * (a resume hands them its answer).
 */
export function previewRun(view: Pick<CheckpointView, "checkpointId" | "tasks">, mode: RunMode): RunPreview {
  const finished = (task: TaskView) => task.result !== undefined && task.interrupts.length === 0 && mode !== "fork";
  return {
    checkpointId: view.checkpointId,
    mode,
    willRun: view.tasks.filter((task) => !finished(task)).map((task) => ({ taskId: task.id, node: task.name })),
    kept: view.tasks.filter(finished).map((task) => ({ taskId: task.id, node: task.name, value: task.result })),
    waiting: view.tasks.filter((task) => task.interrupts.length > 0).map((task) => ({ taskId: task.id, node: task.name })),
  };
}

/** Most checkpoints read when walking back from one (a guard against a cycle in a damaged file). */
export const MAX_ANCESTRY = 100_000;

/**
 * Whether `chain` already holds everything explainTask(node) reads: the node's last run and the checkpoint
 * before it, and the checkpoint where each channel that may count as a trigger was last bumped (a channel
 * that differs between the checkpoint and the one the node last started from, whose version the chain's
 * oldest link no longer has). Walking further changes nothing in the answer.
 */
export function enoughHistory(node: string, chain: readonly CheckpointVersions[]): boolean {
  const ranIndex = chain.findIndex((link) => link.writers.includes(node));
  if (ranIndex < 0 || chain.length < ranIndex + 2) return false;
  const before = chain[ranIndex + 1]!.versions;
  const oldest = chain.at(-1)!.versions;
  return Object.entries(chain[0]!.versions).every(([channel, version]) => before[channel] === version || oldest[channel] !== version);
}

/**
 * The checkpoint and its ancestors, child before parent, read through the source's getVersions, until
 * `enough` says the chain suffices (or the root).
 */
export async function ancestry(source: HistorySource, thread: ThreadKey, checkpointId: string, enough: (chain: readonly CheckpointVersions[]) => boolean = () => false): Promise<CheckpointVersions[]> {
  const chain: CheckpointVersions[] = [];
  const seen = new Set<string>();
  let id: string | null = checkpointId;
  while (id !== null && !seen.has(id) && chain.length < MAX_ANCESTRY) {
    seen.add(id);
    let link: CheckpointVersions;
    try {
      link = await source.getVersions!(thread, id);
    } catch (error) {
      // A missing parent ends the chain; the checkpoint asked for must exist.
      if (chain.length > 0 && errorCodeOf(error) === "CHECKPOINT_NOT_FOUND") break;
      throw error;
    }
    chain.push(link);
    id = enough(chain) ? null : link.parentId;
  }
  return chain;
}
