/**
 * "Why did this node run?" in words: the backend's TaskExplanation (core/debugger/why-ran.ts) turned
 * into the sentences the Tasks tab shows. Pure; the step links are the component's.
 */
import type { TaskExplanation, TaskTrigger } from "../../core/api/types.ts";

const EDGE_WORDS: Record<TaskExplanation["scheduledBy"][number]["edge"], string> = {
  fixed: "the edge from",
  conditional: "the conditional edge from",
  join: "the join after",
  send: "a Send from",
  unknown: "a Command (or an edge not recorded) from",
};

/** "x", "x and y", "x, y and z". */
export function listText(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** "the join after proofread and typeset; the edge from draft", or null when the node is not scheduled here. */
export function scheduledByText(explanation: TaskExplanation): string | null {
  if (explanation.scheduledBy.length === 0) return null;
  const byEdge = new Map<string, string[]>();
  for (const { from, edge } of explanation.scheduledBy) byEdge.set(edge, [...(byEdge.get(edge) ?? []), from]);
  return [...byEdge].map(([edge, froms]) => `${EDGE_WORDS[edge as keyof typeof EDGE_WORDS]} ${listText(froms)}`).join("; ");
}

/** Where the node last ran before (or at) this checkpoint. */
export function lastRanText(explanation: TaskExplanation): string {
  return explanation.lastRanAtStep === null ? "It has not run before on this branch." : `It last ran at step ${explanation.lastRanAtStep}; since then:`;
}

/** Who changed the channel: "classify", "a and b", "an earlier step (before the history read)". */
export function changedByText(trigger: TaskTrigger): string {
  if (trigger.changedAtStep === null) return "a step before the history read";
  if (trigger.changedBy.length === 0) return "the input";
  return listText(trigger.changedBy);
}

/**
 * The channel as people read it: LangGraph's routing channels ("branch:to:x") are the route to x, the
 * fan-in barriers ("__join:a+b->c", LangGraph's "join:a+b:c") the join into c; state fields stay as they are.
 */
export function channelText(channel: string): string {
  const route = /^branch:to:(.+)$/.exec(channel);
  if (route) return `the route to ${route[1]}`;
  // Ours: "__join:a+b->c"; LangGraph's: "join:a+b:c".
  const join = /^__join:(.+)->(.+)$/.exec(channel) ?? /^join:(.+):([^:]+)$/.exec(channel);
  if (join) return `the join into ${join[2]} (${listText(join[1]!.split("+"))})`;
  return channel;
}
