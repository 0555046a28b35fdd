import { Handle, Position, type NodeProps } from "@xyflow/react";
import { CircleX, Pause, Play } from "lucide-react";
import { memo } from "react";
import type { GraphFlowNode } from "../../model/flow-elements.ts";

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
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
