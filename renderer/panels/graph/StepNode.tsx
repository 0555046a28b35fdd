import { Handle, Position, type NodeProps } from "@xyflow/react";
import { CircleX, Pause, Play, SquareArrowOutUpRight } from "lucide-react";
import { memo } from "react";
import { threadKeyString } from "../../../core/api/thread-key.ts";
import type { GraphFlowNode } from "../../model/flow-elements.ts";
import { childNamespace } from "../../model/thread-pages.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";

/** The thread key of the subgraph namespace node `node` ran as under the namespace shown, or null. */
const subgraphKey = (s: AppState, node: string): string | null => {
  const shown = s.selectedThread;
  if (!shown) return null;
  const root = s.threadRows.get(threadKeyString({ threadId: shown.threadId, namespace: "" }));
  const namespace = childNamespace(root?.namespaces ?? [], shown.namespace, node);
  return namespace === null ? null : threadKeyString({ threadId: shown.threadId, namespace });
};
const selectSelectThread = (s: AppState) => s.selectThread;

const TONE_TEXT: Record<string, string> = {
  ran: "ran at this checkpoint",
  next: "runs next",
  failed: "failed",
  interrupted: "waiting on an interrupt",
  running: "running",
  idle: "",
};

/** A graph node, lit for the selected checkpoint; a red dot marks a stop-before breakpoint. */
export const StepNode = memo(function StepNode({ data }: NodeProps<GraphFlowNode>) {
  const light = data.light;
  const subgraph = useAppStore((s: AppState) => subgraphKey(s, data.label));
  const selectThread = useAppStore(selectSelectThread);
  const status = [light?.ran && "ran", light?.next && "next", light?.failed && "failed", light?.interrupted && "interrupted", light?.running && "running"].filter(Boolean).join(" ");
  const title = [data.label, TONE_TEXT[data.tone], data.errorMessage, data.breakpoint ? "breakpoint: stops before this node on the next run (click to remove)" : "click to stop before this node on the next run"]
    .filter(Boolean)
    .join(" — ");
  return (
    <div className={`gnode gnode--${data.tone}`} title={title} data-node={data.label} data-tone={data.tone} data-status={status} data-breakpoint={data.breakpoint}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {data.breakpoint && <span className="gnode__bp" aria-label="breakpoint" />}
      {data.joins.length > 0 && (
        <span className="gnode__join" title={`join: runs once ${data.joins.join(" and ")} have all finished`}>
          join
        </span>
      )}
      <span className="gnode__label">{data.label}</span>
      {data.tone === "failed" && <CircleX className="gnode__icon" aria-hidden />}
      {data.tone === "interrupted" && <Pause className="gnode__icon" aria-hidden />}
      {data.tone === "running" && <Play className="gnode__icon" aria-hidden />}
      {subgraph !== null && (
        <button
          type="button"
          className="gnode__open nodrag"
          data-testid="graph-open-subgraph"
          data-node={data.label}
          title={`Open the ${data.label} subgraph's own history`}
          aria-label={`Open subgraph ${data.label}`}
          onClick={(event) => {
            event.stopPropagation();
            selectThread(subgraph);
          }}
        >
          <SquareArrowOutUpRight aria-hidden />
        </button>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
