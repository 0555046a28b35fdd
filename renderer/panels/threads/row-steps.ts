import type { ThreadRow } from "../../../core/api/types.ts";
import { stepsRun } from "../../model/format.ts";

/**
 * The supersteps a thread row counts as run: those up to its newest checkpoint (from the database's
 * firstNodeStep), plus the step after it when its node ran up to an interrupt() and waits there (the
 * interrupt is a pending write on the head, with no checkpoint of its own, in LangGraph and in the engine
 * alike). A thread whose only node waits on interrupt() ran "1 step", not "0 steps". A failed step is not
 * counted: the row says it failed, and the steps are those that finished.
 */
export function rowStepsRun(row: Pick<ThreadRow, "step" | "status">, firstNodeStep: number): number {
  const waitsInStep = row.status === "interrupted" && row.step + 1 >= firstNodeStep;
  return stepsRun(row.step, firstNodeStep) + (waitsInStep ? 1 : 0);
}
