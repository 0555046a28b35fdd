import { Background, Controls, Panel, ReactFlow, type NodeMouseHandler } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { ImageDown, Workflow } from "lucide-react";
import { useCallback, useRef } from "react";
import type { GraphView } from "../../../core/api/types.ts";
import type { GraphFlowNode } from "../../model/flow-elements.ts";
import { selectBreakpoints, selectGraphView } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { useResolvedTheme } from "../../app/useResolvedTheme.ts";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { Spinner } from "../../ui/Spinner.tsx";
import { EDGE_TYPES, NODE_TYPES } from "./flow-types.ts";
import { FIT_VIEW_OPTIONS, FitOnResize } from "./FitOnResize.tsx";
import { GraphLegend } from "./GraphLegend.tsx";
import { collectGraphShapes, graphSvg, svgToPng } from "./export-image.ts";
import { downloadBlob } from "../../app/download.ts";
import { useGraphElements } from "./useGraphElements.ts";
import "./graph.css";

const selectStatus = (s: AppState) => s.graphStatus;
const selectError = (s: AppState) => s.graphError;
const selectToggle = (s: AppState) => s.toggleBreakpoint;
const selectHasThread = (s: AppState) => s.selectedThread !== null;
// Breakpoints stop any run the app starts (the engine's, or LangGraph.js's interruptBefore); without runnable code, no hint.
const selectRunsHere = (s: AppState) => s.database?.canRun === true;

const ORIGIN: Record<string, string> = { stored: "stored with the checkpoints", code: "from the loaded graph code", inferred: "inferred from the history" };
const INFERRED_WHY = "The database does not store the graph: it is drawn from which nodes wrote and which ran next in this thread's history.";

/** How the topology is known, in words: "inferred from 7 checkpoints", "stored with the checkpoints"… */
function originText(graph: GraphView): string {
  if (graph.origin === "inferred" && graph.inferredFrom !== undefined) return `inferred from ${graph.inferredFrom} checkpoint${graph.inferredFrom === 1 ? "" : "s"}`;
  return ORIGIN[graph.origin] ?? graph.origin;
}

/** Middle top: the thread's graph, lit for the selected checkpoint; clicking a node toggles a breakpoint. */
export function GraphPanel() {
  const graph = useAppStore(selectGraphView);
  const status = useAppStore(selectStatus);
  const error = useAppStore(selectError);
  const toggle = useAppStore(selectToggle);
  const hasThread = useAppStore(selectHasThread);
  const breakpoints = useAppStore(selectBreakpoints);
  const runsHere = useAppStore(selectRunsHere);
  const theme = useResolvedTheme();
  const { nodes, edges, layoutKey, layoutError } = useGraphElements();
  const canvas = useRef<HTMLDivElement>(null);
  const exportImage = useCallback(async (format: "svg" | "png") => {
    if (!canvas.current || !graph) return;
    const { svg, width, height } = graphSvg(collectGraphShapes(canvas.current, graph.name));
    const name = `${graph.name.replace(/[^\w.-]+/g, "_") || "graph"}.${format}`;
    downloadBlob(name, format === "svg" ? new Blob([svg], { type: "image/svg+xml" }) : await svgToPng(svg, width, height));
  }, [graph]);
  const onNodeClick = useCallback<NodeMouseHandler<GraphFlowNode>>((_, node) => {
    if (node.data.kind === "node") toggle(node.id);
  }, [toggle]);

  return (
    <section className="graph" aria-label="Graph panel" data-testid="graph-panel">
      <header className="panel-head">
        <span className="panel-head__title">Graph</span>
        {graph && (
          <span className="graph__name">
            <span className="mono">{graph.name}</span>
            <span className="muted"> · </span>
            <span className={graph.origin === "inferred" ? "graph__origin graph__origin--inferred" : "graph__origin muted"} title={graph.origin === "inferred" ? INFERRED_WHY : undefined} data-testid="graph-origin">
              {originText(graph)}
            </span>
          </span>
        )}
        <span className="panel-head__aside">
          {status === "loading" && <Spinner label="Loading graph" />}
          {graph && runsHere && (breakpoints.length > 0 ? <span className="graph__bps" data-testid="breakpoint-count">{breakpoints.length} breakpoint{breakpoints.length === 1 ? "" : "s"}: stop before {breakpoints.join(", ")}</span> : <span>click a node to stop before it on the next run</span>)}
        </span>
      </header>
      {(error || layoutError) && (
        <div className="panel-banner">
          <ErrorBanner error={error} testId="graph-error">
            {layoutError}
          </ErrorBanner>
        </div>
      )}
      <div className="graph__canvas" ref={canvas}>
        {!hasThread ? (
          <EmptyState title="No thread selected" icon={<Workflow size={20} />}>
            Pick a thread on the left to see its graph and history.
          </EmptyState>
        ) : nodes.length > 0 ? (
          <ReactFlow
            key={layoutKey}
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            edgeTypes={EDGE_TYPES}
            colorMode={theme}
            fitView
            fitViewOptions={FIT_VIEW_OPTIONS}
            minZoom={0.2}
            maxZoom={2}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            onNodeClick={onNodeClick}
            proOptions={{ hideAttribution: false }}
          >
            <Background gap={16} size={1} color="var(--canvas-dot)" />
            <Controls showInteractive={false} position="bottom-right" />
            <GraphLegend />
            <FitOnResize target={canvas} />
            <Panel position="top-right" className="graph__export" style={{ display: "flex", gap: 2 }}>
              <button type="button" className="btn btn--small" title="Save the graph as an SVG image" data-testid="graph-export-svg" onClick={() => void exportImage("svg")}>
                <ImageDown />
                SVG
              </button>
              <button type="button" className="btn btn--small" title="Save the graph as a PNG image" data-testid="graph-export-png" onClick={() => void exportImage("png")}>
                PNG
              </button>
            </Panel>
          </ReactFlow>
        ) : null}
      </div>
    </section>
  );
}
