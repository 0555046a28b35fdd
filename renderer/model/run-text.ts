/**
 * The words for where a thread's runs meet (CheckpointEntry.run and errorFixed, decided by the backend's
 * run-boundaries.ts): "Run 2 resumed this thread", "Run 1 stopped without finishing after step 1",
 * "error in publish (fixed by run 2)". Numbers carry thousands separators.
 */
import type { CheckpointEntry, RunEnd, RunMark } from "../../core/api/types.ts";
import { formatCount } from "./format.ts";

const run = (number: number) => `Run ${formatCount(number)}`;
const list = (nodes: readonly string[]) => nodes.join(", ");
const afterStep = (step: number) => (step < 0 ? "after its input" : `after step ${formatCount(step)}`);

/** How a run began, on its first checkpoint: "Run 2 resumed this thread". */
export function startedText(mark: RunMark, step: number): string | null {
  if (!mark.started) return null;
  switch (mark.started.how) {
    case "input":
      return `${run(mark.number)} started with a new input`;
    case "replayed":
      return `${run(mark.number)} replayed this thread from step ${formatCount(step)}`;
    case "edited":
      return `${run(mark.number)} ran on from an edit`;
    case "resumed":
      return `${run(mark.number)} resumed this thread`;
  }
}

/** How a run ended at its newest checkpoint (step `step`): "Run 1 stopped without finishing after step 1". */
export function endedText(number: number, end: RunEnd, step: number, nodes: readonly string[], when?: "before" | "after"): string {
  switch (end) {
    case "unfinished":
      return `${run(number)} stopped without finishing ${afterStep(step)}`;
    case "failed":
      return `${run(number)} failed in ${list(nodes)} ${afterStep(step)}`;
    case "interrupted":
      return `${run(number)} waited for an answer in ${list(nodes)} ${afterStep(step)}`;
    case "breakpoint":
      // "(step 1)", not "after step 1": a breakpoint after a node would read "after review after step 1".
      return `${run(number)} paused at a breakpoint ${when ?? "on"} ${list(nodes)} (step ${formatCount(step)})`;
    case "finished":
      return `${run(number)} finished at step ${formatCount(step)}`;
  }
}

/** Both halves of a run boundary: how this run began, and how the run before it ended. */
export function boundaryTexts(mark: RunMark, step: number): { started: string; previous: string } | null {
  const started = startedText(mark, step);
  if (!started || !mark.started) return null;
  const { number, end, step: at, nodes, when } = mark.started.previous;
  return { started, previous: endedText(number, end, at, nodes, when) };
}

/** The boundary in one sentence, for a tooltip or a screen reader: "Run 2 resumed this thread; run 1 stopped without finishing after step 1." */
export function boundaryText(mark: RunMark, step: number): string | null {
  const texts = boundaryTexts(mark, step);
  if (!texts) return null;
  return `${texts.started}; ${texts.previous.charAt(0).toLowerCase()}${texts.previous.slice(1)}.`;
}

/**
 * "error in publish (fixed by run 2)", or "(fixed later)" when the run that fixed it is not recorded;
 * the short form, for narrow rows, is the part in parentheses.
 */
export function fixedErrorText(fixed: NonNullable<CheckpointEntry["errorFixed"]>, form: "long" | "short" = "long"): string {
  const by = fixed.run === null ? "fixed later" : `fixed by run ${formatCount(fixed.run)}`;
  return form === "short" ? by : `error in ${list(fixed.nodes)} (${by})`;
}
