import { ListFilter, LoaderCircle } from "lucide-react";
import { selectVisibleThreadKeys } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { Button } from "../../ui/Button.tsx";
import { ProgressBar } from "../../ui/ProgressBar.tsx";
import { ThreadFilters } from "./ThreadFilters.tsx";
import { ThreadList } from "./ThreadList.tsx";
import { useSelectionUrl } from "./useSelectionUrl.ts";
import "./threads.css";

const selectStatus = (s: AppState) => s.threadsStatus;
const selectError = (s: AppState) => s.threadsError;
const selectReload = (s: AppState) => s.loadThreads;
const selectClear = (s: AppState) => s.clearThreadStatuses;
const selectSetQuery = (s: AppState) => s.setThreadQuery;
const selectTotal = (s: AppState) => s.threadTotal;
const selectCounting = (s: AppState) => s.threadCounting;
const selectStatusCounting = (s: AppState) => s.threadStatusCounting;
const selectFiltered = (s: AppState) => s.threadQuery.trim() !== "" || s.threadStatuses.length > 0;

/** "counting 13%" (of the threads whose status is decided, rounded down), or "counting…" while the threads themselves are still counted. */
const progressOf = ({ decided, threads }: { decided: number; threads?: number }): string =>
  threads === undefined ? "counting…" : `counting ${threads === 0 ? 100 : Math.floor((decided / threads) * 100)}%`;

/** Left column: the threads of the open database (a page at a time), filtered by text and status. */
export function ThreadsPanel() {
  const visible = useAppStore(selectVisibleThreadKeys).length;
  const total = useAppStore(selectTotal);
  const counting = useAppStore(selectCounting);
  const statusCounting = useAppStore(selectStatusCounting);
  const filtered = useAppStore(selectFiltered);
  const status = useAppStore(selectStatus);
  const error = useAppStore(selectError);
  const reload = useAppStore(selectReload);
  const clear = useAppStore(selectClear);
  const setQuery = useAppStore(selectSetQuery);
  useSelectionUrl();
  return (
    <section className="threads" aria-label="Threads panel" data-testid="threads-panel">
      <header className="panel-head">
        <span className="panel-head__title">Threads</span>
        <span
          className="panel-head__aside"
          data-testid="thread-count"
          title={statusCounting ? `Statuses decided for ${statusCounting.decided.toLocaleString("en-US")} of ${statusCounting.threads?.toLocaleString("en-US") ?? "the newest"} threads so far; the list completes when all are.` : undefined}
        >
          {statusCounting
            ? `${visible.toLocaleString("en-US")} so far · ${progressOf(statusCounting)}`
            : counting
            ? filtered ? `${visible.toLocaleString("en-US")} shown, counting…` : "counting threads…"
            : !filtered ? `${total.toLocaleString("en-US")} ${total === 1 ? "thread" : "threads"}` : `${visible.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`}
        </span>
      </header>
      <ThreadFilters />
      {status === "loading" && <ProgressBar label="Loading threads" />}
      {error && (
        <div className="panel-banner">
          <ErrorBanner error={error} actions={<Button small onClick={() => void reload()}>Retry</Button>} />
        </div>
      )}
      {status === "ready" && total === 0 ? (
        <EmptyState title="No threads in this database">Runs written to it appear here as they happen.</EmptyState>
      ) : status === "ready" && visible === 0 && statusCounting ? (
        // A partial answer with no hit yet (a big file's first status filter comes before any status is decided):
        // not "no thread matches", which only the complete answer can say. The app asks again as statuses are decided.
        <EmptyState title="Deciding thread statuses…" icon={<LoaderCircle size={18} />}>
          <span data-testid="threads-deciding">
            {statusCounting.threads === undefined
              ? "Matching threads appear here as their statuses are decided."
              : `${statusCounting.decided.toLocaleString("en-US")} of ${statusCounting.threads.toLocaleString("en-US")} decided so far; matching threads appear here as they are found.`}
          </span>
        </EmptyState>
      ) : status === "ready" && visible === 0 ? (
        <EmptyState title="No thread matches" icon={<ListFilter size={18} />}>
          <Button
            small
            onClick={() => {
              clear();
              setQuery("");
            }}
          >
            Clear filters
          </Button>
        </EmptyState>
      ) : (
        <ThreadList />
      )}
    </section>
  );
}
