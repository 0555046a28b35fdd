import type { ThreadRow } from "../../../core/api/types.ts";
import { stepsRun } from "../../model/format.ts";

/**
 * The supersteps a thread row counts as run: those up to its newest checkpoint (from the database's
 * firstNodeStep), plus the step after it when that step's nodes ran and stopped on an interrupt or an
 * error (both leave pending writes on the head and no checkpoint of their own, in LangGraph and in the
 * engine alike). A thread whose only node waits on interrupt() ran "1 step", not "0 steps".
 */
export function rowStepsRun(row: Pick<ThreadRow, "step" | "status">, firstNodeStep: number): number {
  const stoppedInStep = row.status === "interrupted" || row.status === "error";
  return stepsRun(row.step, firstNodeStep) + (stoppedInStep && row.step + 1 >= firstNodeStep ? 1 : 0);
}
