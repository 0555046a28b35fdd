import { CircleCheck } from "lucide-react";
import { memo } from "react";
import type { CheckpointEntry } from "../../../core/api/types.ts";
import { fixedErrorText } from "../../model/run-text.ts";

/**
 * A past error a later checkpoint ran past, on the row where it happened: "error in publish (fixed by
 * run 2)", in place of the plain error mark; a narrow timeline shows "fixed by run 2" (timeline.css). Where
 * runs meet is RunDivider's.
 */
export const RunMarks = memo(function RunMarks({ entry }: { entry: CheckpointEntry }) {
  if (!entry.errorFixed) return null;
  const text = fixedErrorText(entry.errorFixed);
  return (
    <span className="trow__mark trow__mark--fixed" data-mark="error-fixed" title={text}>
      <CircleCheck aria-hidden />
      <span className="trow__mark-text trow__mark-long">{text}</span>
      <span className="trow__mark-text trow__mark-short" aria-hidden>
        {fixedErrorText(entry.errorFixed, "short")}
      </span>
    </span>
  );
});
