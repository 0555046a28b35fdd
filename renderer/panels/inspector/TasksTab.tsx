import { CircleX, Pause } from "lucide-react";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { JsonTree } from "../../ui/JsonTree.tsx";
import type { InspectorTab, InspectorTabProps } from "./inspector-tab.ts";

/** The tasks that run next from this checkpoint: their errors (message and stack), interrupts and results. */
function TasksTab({ view }: InspectorTabProps) {
  if (view.tasks.length === 0 && view.pendingWrites.length === 0) {
    return <EmptyState title="No tasks">Nothing runs after this checkpoint{view.next.length === 0 ? ": the run is done." : "."}</EmptyState>;
  }
  return (
    <div className="tab-body" data-testid="tasks">
      {view.tasks.map((task) => (
        <section key={task.id} className={`section task${task.error ? " task--error" : task.interrupts.length > 0 ? " task--interrupt" : ""}`} data-task={task.name}>
          <h3 className="section__title">
            {task.error ? <CircleX className="icon icon--error" aria-hidden /> : task.interrupts.length > 0 ? <Pause className="icon icon--warn" aria-hidden /> : null}
            <span className="mono">{task.name}</span>
            <span className="muted mono task__id">{task.id}</span>
          </h3>
          {task.error && (
            <div className="task__error" role="alert">
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
          {task.result !== undefined && (
            <div>
              <div className="section__label">finished; its result waits for the step to complete:</div>
              <JsonTree value={task.result} openDepth={2} />
            </div>
          )}
          {!task.error && task.interrupts.length === 0 && task.result === undefined && <div className="muted">runs next</div>}
        </section>
      ))}
      {view.pendingWrites.length > 0 && (
        <details className="section">
          <summary className="section__title">Pending writes ({view.pendingWrites.length})</summary>
          <table className="kv">
            <tbody>
              {view.pendingWrites.map((write, i) => (
                <tr key={`${write.taskId}:${i}`}>
                  <td className="mono">{write.node}</td>
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
