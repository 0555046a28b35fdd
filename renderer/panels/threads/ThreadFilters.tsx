import { Search } from "lucide-react";
import { THREAD_STATUSES } from "../../model/thread-filter.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";

const selectQuery = (s: AppState) => s.threadQuery;
const selectStatuses = (s: AppState) => s.threadStatuses;
const selectSetQuery = (s: AppState) => s.setThreadQuery;
const selectToggle = (s: AppState) => s.toggleThreadStatus;
const selectCounts = (s: AppState) => s.threadCounts;
const selectPartial = (s: AppState) => s.threadStatusCounting !== null;

const TONE: Record<string, string> = { done: "var(--ok)", interrupted: "var(--warn)", error: "var(--err)", pending: "var(--pending)" };

/** Text filter and status chips (with counts of threads matching the text, when the backend counted them) above the thread list. */
export function ThreadFilters() {
  const query = useAppStore(selectQuery);
  const statuses = useAppStore(selectStatuses);
  const counts = useAppStore(selectCounts);
  /** Counts of the threads decided so far (a big file just opened): shown as "12+" until every status is decided. */
  const partial = useAppStore(selectPartial);
  const setQuery = useAppStore(selectSetQuery);
  const toggle = useAppStore(selectToggle);
  return (
    <div className="threads__filters">
      <label className="search">
        <Search aria-hidden />
        <input
          className="input"
          type="search"
          placeholder="Filter by thread, graph or node"
          aria-label="Filter threads"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      <div className="chips" role="group" aria-label="Filter by status">
        {THREAD_STATUSES.map((status) => (
          <button key={status} type="button" className="chip" aria-pressed={statuses.includes(status)} data-status={status} onClick={() => toggle(status)}>
            {status}
            {counts && (
              <span className="chip__count" style={{ color: TONE[status] }} data-partial={partial || undefined} title={partial ? "so far: statuses are still being decided" : undefined}>
                {counts[status].toLocaleString("en-US")}
                {partial && "+"}
              </span>
            )}
          </button>
        ))}
      </div>
    </div>
  );
}
