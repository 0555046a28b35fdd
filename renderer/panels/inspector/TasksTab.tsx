import { CircleX, Pause } from "lucide-react";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { JsonTree } from "../../ui/JsonTree.tsx";
import { showsWriteKind, visibleFields, writerLabel } from "../../model/internal-names.ts";
import { rootCauseFirst, taskStatus } from "../../model/task-status.ts";
import { useRawNames } from "../../ui/useRawNames.ts";
import type { InspectorTab, InspectorTabProps } from "./inspector-tab.ts";
import { SubgraphLink } from "./SubgraphLink.tsx";
import { WhyRan } from "./WhyRan.tsx";
import "./tasks.css";

/** The tasks that run next from this checkpoint: their errors (message and stack), interrupts and results. */
function TasksTab({ view }: InspectorTabProps) {
  const [raw, setRaw] = useRawNames();
  const pendingWrites = view.pendingWrites.filter((write) => showsWriteKind(write.kind, raw));
  if (view.tasks.length === 0 && view.pendingWrites.length === 0) {
    return <EmptyState title="No tasks">Nothing runs after this checkpoint{view.next.length === 0 ? ": the run is done." : "."}</EmptyState>;
  }
  return (
    <div className="tab-body" data-testid="tasks">
      <div className="tab-toolbar">
        <span className="muted">
          {view.tasks.length} {view.tasks.length === 1 ? "task" : "tasks"}
        </span>
        <span className="tab-toolbar__spacer" />
        <label className="raw-toggle" title="Show LangGraph's internal names (__start__, branch:to:*, __pregel_*) as stored">
          <input type="checkbox" checked={raw} onChange={(event) => setRaw(event.target.checked)} data-testid="raw-names" /> raw names
        </label>
      </div>
      {rootCauseFirst(view.tasks).map((task) => {
        const status = taskStatus(task);
        const result = task.result !== undefined && task.result !== null && typeof task.result === "object" ? visibleFields(task.result as Record<string, unknown>, raw) : task.result;
        const failed = status.kind === "failed" || status.kind === "aborted";
        return (
          <section key={task.id} className={`section task${failed ? " task--error" : status.kind === "waiting" ? " task--interrupt" : ""}`} data-task={task.name} data-status={status.kind}>
            <h3 className="section__title">
              {failed ? <CircleX className="icon icon--error" aria-hidden /> : status.kind === "waiting" ? <Pause className="icon icon--warn" aria-hidden /> : null}
              <span className="mono" title={task.name}>
                {writerLabel(task.name, raw)}
              </span>
              <span className="task__status" data-testid="task-status">
                {status.label}
              </span>
              <span className="muted mono task__id">{task.id}</span>
            </h3>
            <SubgraphLink node={task.name} taskId={task.id} />
            <WhyRan key={`${view.checkpointId}:${task.name}`} checkpointId={view.checkpointId} node={task.name} />
            {task.arg !== undefined && (
              <div data-testid="task-arg">
                <div className="section__label">Send argument:</div>
                <JsonTree value={task.arg} openDepth={2} />
              </div>
            )}
            {task.error && (
              <div className={status.failedBefore ? "task__error task__error--earlier" : "task__error"} role={failed ? "alert" : undefined}>
                {status.failedBefore && <div className="section__label">an earlier attempt failed:</div>}
                <div className="task__error-message">
                  <strong>{task.error.name}</strong>: {task.error.message}
                </div>
                {task.error.stack && <pre className="task__stack">{task.error.stack}</pre>}
              </div>
            )}
            {task.interrupts.map((interrupt) => (
              <div key={interrupt.id} className="task__interrupt">
                <div className="section__label">interrupt {interrupt.id} asks:</div>
                <JsonTree value={interrupt.value} openDepth={3} testId="interrupt-payload" />
              </div>
            ))}
            {result !== undefined && result !== null && (
              <div>
                <div className="section__label">{status.kind === "done" ? "it wrote:" : "its result:"}</div>
                <JsonTree value={result} openDepth={2} />
              </div>
            )}
          </section>
        );
      })}
      {pendingWrites.length > 0 && (
        <details className="section">
          <summary className="section__title">Pending writes ({pendingWrites.length})</summary>
          <table className="kv">
            <tbody>
              {pendingWrites.map((write, i) => (
                <tr key={`${write.taskId}:${i}`}>
                  <td className="mono">{writerLabel(write.node, raw)}</td>
                  <td className="muted">{write.kind}</td>
                  <td>
                    <JsonTree value={write.value} openDepth={0} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}

export const tasksTab: InspectorTab = {
  id: "tasks",
  title: "Tasks",
  Component: TasksTab,
  badge: ({ view }) => {
    const errors = view.tasks.filter((task) => task.error).length;
    if (errors > 0) return { text: String(errors), tone: "error" };
    const waiting = view.tasks.filter((task) => task.interrupts.length > 0).length;
    if (waiting > 0) return { text: String(waiting), tone: "alert" };
    return view.tasks.length > 0 ? { text: String(view.tasks.length) } : null;
  },
};
