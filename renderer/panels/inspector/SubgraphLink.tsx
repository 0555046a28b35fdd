import { SquareArrowOutUpRight } from "lucide-react";
import { threadKeyString } from "../../../core/api/thread-key.ts";
import { namespaceLabel } from "../../model/thread-pages.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import "./subgraph-link.css";

/**
 * The subgraph namespace a task ran as, under the namespace shown: LangGraph names it `node:taskId`
 * (nested ones joined with "|"), so the parent checkpoint's task leads to exactly its own child run.
 */
const childOfTask = (s: AppState, node: string, taskId: string): string | null => {
  const shown = s.selectedThread;
  if (!shown) return null;
  const root = s.threadRows.get(threadKeyString({ threadId: shown.threadId, namespace: "" }));
  const namespace = `${shown.namespace ? `${shown.namespace}|` : ""}${node}:${taskId}`;
  return root?.namespaces?.some((ns) => ns.namespace === namespace) ? namespace : null;
};

/** "opens subgraph research" under a task that ran a subgraph: a click shows the child namespace's checkpoints. */
export function SubgraphLink({ node, taskId }: { node: string; taskId: string }) {
  const namespace = useAppStore((s: AppState) => childOfTask(s, node, taskId));
  const threadId = useAppStore((s: AppState) => s.selectedThread?.threadId ?? null);
  const selectThread = useAppStore((s: AppState) => s.selectThread);
  if (namespace === null || threadId === null) return null;
  return (
    <button
      type="button"
      className="task__subgraph"
      data-testid="task-open-subgraph"
      data-namespace={namespace}
      title={`Show the checkpoints of namespace ${namespace}`}
      onClick={() => selectThread(threadKeyString({ threadId, namespace }))}
    >
      <SquareArrowOutUpRight size={12} aria-hidden /> opens subgraph {namespaceLabel(namespace)}
    </button>
  );
}
