import { MORE_THREADS } from "../../store/storage-slice.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { formatCount, plural } from "../../model/format.ts";
import { Button } from "../../ui/Button.tsx";
import { Dialog } from "../../ui/Dialog.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { Spinner } from "../../ui/Spinner.tsx";
import { PruneForm } from "./PruneForm.tsx";
import { bytes, ChannelBytesTable, ThreadBytesTable } from "./StorageTables.tsx";
import "./storage.css";

const selectDatabase = (s: AppState) => s.database;
const selectReport = (s: AppState) => s.storageReport;
const selectThread = (s: AppState) => s.storageThread;
const selectError = (s: AppState) => s.storageError;
const selectResult = (s: AppState) => s.storageResult;
const selectClose = (s: AppState) => s.closeStorage;
const selectSelect = (s: AppState) => s.selectStorageThread;
const selectFileChannels = (s: AppState) => s.storageFileChannels;
const selectShowFileChannels = (s: AppState) => s.showFileChannels;
const selectBusy = (s: AppState) => s.storageBusy;
const selectLoadMore = (s: AppState) => s.loadMoreStorageThreads;

/** The storage view: the file's size, bytes per thread and per channel, and the prune form (or why there is none). */
export function StorageView() {
  const database = useAppStore(selectDatabase);
  const report = useAppStore(selectReport);
  const thread = useAppStore(selectThread);
  const error = useAppStore(selectError);
  const result = useAppStore(selectResult);
  const close = useAppStore(selectClose);
  const select = useAppStore(selectSelect);
  const fileChannels = useAppStore(selectFileChannels);
  const showFileChannels = useAppStore(selectShowFileChannels);
  const busy = useAppStore(selectBusy);
  const loadMore = useAppStore(selectLoadMore);
  const refusal = database?.canPrune === false ? (database.pruneUnavailableReason ?? "This database cannot be pruned here.") : null;
  return (
    <Dialog title="Storage" onClose={close} testId="storage-view">
      {refusal !== null && (
        <ErrorBanner tone="info" testId="storage-refusal">
          {refusal}
        </ErrorBanner>
      )}
      {error && <ErrorBanner error={error} testId="storage-error" />}
      {result && (
        <ErrorBanner tone="ok" testId="storage-result">
          {result.action === "prune" ? `Deleted ${plural(result.removed ?? 0, "checkpoint")}. ` : "VACUUM done. "}
          File size: <span data-testid="storage-before">{bytes(result.beforeBytes)}</span> → <span data-testid="storage-after">{bytes(result.afterBytes)}</span>
          {result.action === "prune" ? " (VACUUM gives the freed pages back to the disk)." : "."}
        </ErrorBanner>
      )}
      {refusal === null && !report && !error && <Spinner />}
      {report && (
        <>
          <dl className="storage-figures" data-testid="storage-figures">
            <div>
              <dt>File</dt>
              <dd data-testid="storage-file-bytes" data-bytes={report.fileBytes}>{bytes(report.fileBytes)}</dd>
            </div>
            <div>
              <dt>Stored data</dt>
              <dd>{bytes(report.totalBytes)}</dd>
            </div>
            <div>
              <dt>Pages</dt>
              <dd>
                {formatCount(report.pageCount)} × {formatCount(report.pageSize)} B
              </dd>
            </div>
            <div>
              <dt>Free pages</dt>
              <dd data-testid="storage-free-pages">{formatCount(report.freePages)}</dd>
            </div>
            <div>
              <dt>Threads</dt>
              <dd>{formatCount(report.threadCount)}</dd>
            </div>
          </dl>
          <div className="storage-columns">
            <section>
              <h3>Bytes per thread{report.threadCount > report.threads.length ? ` (largest ${formatCount(report.threads.length)})` : ""}</h3>
              <div className="storage-scroll">
                <ThreadBytesTable threads={report.threads} selected={thread} onSelect={(id) => void select(id)} />
                {report.threadCount > report.threads.length && (
                  <Button small variant="ghost" disabled={busy} onClick={() => void loadMore()} data-testid="storage-more-threads">
                    Show {formatCount(Math.min(MORE_THREADS, report.threadCount - report.threads.length))} more of {formatCount(report.threadCount)}
                  </Button>
                )}
              </div>
            </section>
            <section>
              <div className="storage-channels-head">
                <h3>
                  Bytes per channel {fileChannels || !report.thread ? "in the whole file" : <>of <code>{report.thread.threadId}</code></>}
                </h3>
                <Button small variant="ghost" disabled={busy} onClick={() => void showFileChannels(!fileChannels)} data-testid="storage-file-channels" title="The whole file's channels: every stored version is read, which takes seconds on a big file">
                  {fileChannels ? "Selected thread" : "Whole file"}
                </Button>
              </div>
              <div className="storage-scroll">
                <ChannelBytesTable channels={(fileChannels ? report.channels : report.thread?.channels) ?? []} testId="storage-channels" />
              </div>
            </section>
          </div>
        </>
      )}
      {refusal === null && <PruneForm />}
    </Dialog>
  );
}
