import type { ThreadStatus } from "../../core/api/types.ts";

/** A thread's status as a coloured pill: done, interrupted, error, pending. */
export function StatusBadge({ status }: { status: ThreadStatus }) {
  return (
    <span className={`badge badge--${status}`} data-status={status}>
      {status}
    </span>
  );
}
