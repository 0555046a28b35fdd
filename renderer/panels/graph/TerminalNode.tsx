import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { GraphFlowNode } from "../../model/flow-elements.ts";

/** START or END: a small pill; START lights when the input was written, END when the run is done. */
export const TerminalNode = memo(function TerminalNode({ data }: NodeProps<GraphFlowNode>) {
  return (
    <div className={`gterm gterm--${data.kind} gterm--${data.tone}`} data-node={data.label} data-tone={data.tone}>
      {data.kind === "end" && <Handle type="target" position={Position.Left} isConnectable={false} />}
      {data.label}
      {data.kind === "start" && <Handle type="source" position={Position.Right} isConnectable={false} />}
    </div>
  );
});
