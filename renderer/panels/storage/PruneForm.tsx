import { Eraser, Search, Trash2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { formatCount, plural, shortId } from "../../model/format.ts";
import type { PruneRequest } from "../../store/storage-slice.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { bytes } from "./StorageTables.tsx";

const selectPreview = (s: AppState) => s.prunePreview;
const selectThread = (s: AppState) => s.storageThread;
const selectBusy = (s: AppState) => s.storageBusy;
const selectPreviewPrune = (s: AppState) => s.previewPrune;
const selectConfirm = (s: AppState) => s.confirmPrune;
const selectVacuum = (s: AppState) => s.vacuumStorage;

/** The request the form's fields say, or a reason it cannot be sent yet. */
function requestOf(keepLast: string, olderThan: string, onlyThread: string | null): PruneRequest | string {
  const request: PruneRequest = {};
  if (keepLast.trim() !== "") {
    const n = Number(keepLast);
    if (!Number.isInteger(n) || n < 0) return "Keep the last N: N is a whole number, 0 or more.";
    request.keepLast = n;
  }
  if (olderThan !== "") request.olderThan = new Date(`${olderThan}T00:00:00`).getTime();
  if (request.keepLast === undefined && request.olderThan === undefined) return "Say how many checkpoints to keep per thread, or a date.";
  if (onlyThread !== null) request.threadId = onlyThread;
  return request;
}

/** Keep the last N / older than a date; Preview lists exactly what goes; Delete (confirmed) removes exactly that; VACUUM. */
export function PruneForm() {
  const shown = useAppStore(selectPreview);
  const thread = useAppStore(selectThread);
  const busy = useAppStore(selectBusy);
  const previewPrune = useAppStore(selectPreviewPrune);
  const confirmPrune = useAppStore(selectConfirm);
  const vacuum = useAppStore(selectVacuum);
  const [keepLast, setKeepLast] = useState("");
  const [olderThan, setOlderThan] = useState("");
  const [onlyThread, setOnlyThread] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const request = requestOf(keepLast, olderThan, onlyThread ? thread : null);
  const preview = shown?.preview;
  const previewBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    previewBox.current?.scrollIntoView({ block: "nearest" });
  }, [preview]);
  return (
    <section className="storage-prune" data-testid="prune-form">
      <h3>Prune</h3>
      <form
        className="storage-prune__fields"
        onSubmit={(event) => {
          event.preventDefault();
          setConfirming(false);
          if (typeof request !== "string") void previewPrune(request);
        }}
      >
        <label className="field">
          <span className="field__label">Keep the last N per thread</span>
          <input className="input" inputMode="numeric" value={keepLast} onChange={(event) => setKeepLast(event.target.value)} placeholder="e.g. 20" data-testid="prune-keep-last" />
        </label>
        <label className="field">
          <span className="field__label">Only older than</span>
          <input className="input" type="date" value={olderThan} onChange={(event) => setOlderThan(event.target.value)} data-testid="prune-older-than" />
        </label>
        <label className="storage-prune__check">
          <input type="checkbox" checked={onlyThread} disabled={thread === null} onChange={(event) => setOnlyThread(event.target.checked)} />
          Only thread {thread === null ? "" : <code>{thread}</code>}
        </label>
        <Button type="submit" icon={<Search aria-hidden />} disabled={busy || typeof request === "string"} title={typeof request === "string" ? request : undefined} data-testid="prune-preview">
          Preview
        </Button>
      </form>
      {preview && (
        <div className="storage-preview" data-testid="prune-preview-result" ref={previewBox}>
          <div className="storage-preview__main">
            <p>
              {preview.removed === 0 ? (
                "Nothing would be deleted: every checkpoint is among the newest kept, or newer than the date, or still has a kept child."
              ) : (
                <>
                  Would delete <strong data-testid="prune-removed">{plural(preview.removed, "checkpoint")}</strong> from {plural(preview.threads.length, "thread")}, holding about{" "}
                  <strong>{bytes(preview.bytes)}</strong> of stored data. Nothing is deleted until you confirm.
                </>
              )}
            </p>
            {preview.listed && (
              <div className="storage-preview__ids">
                <div className="muted">
                  Checkpoints of <code>{preview.listed.threadId}</code> that would be deleted ({formatCount(preview.listed.total)}
                  {preview.listed.total > preview.listed.ids.length ? `, first ${formatCount(preview.listed.ids.length)} shown` : ""}):
                </div>
                <ol data-testid="prune-listed">
                  {preview.listed.ids.map((id) => (
                    <li key={id} data-checkpoint={id} title={id}>
                      {shortId(id)}
                    </li>
                  ))}
                </ol>
              </div>
            )}
            {preview.removed > 0 &&
              (confirming ? (
                <div className="storage-preview__confirm" role="alertdialog" aria-label="Confirm delete">
                  Delete these {plural(preview.removed, "checkpoint")} for good? History cannot be brought back.
                  <Button variant="danger" icon={<Trash2 aria-hidden />} disabled={busy} onClick={() => void confirmPrune().then(() => setConfirming(false))} data-testid="prune-confirm">
                    Yes, delete
                  </Button>
                  <Button onClick={() => setConfirming(false)}>Cancel</Button>
                </div>
              ) : (
                <Button variant="danger" icon={<Trash2 aria-hidden />} disabled={busy} onClick={() => setConfirming(true)} data-testid="prune-delete">
                  Delete {plural(preview.removed, "checkpoint")}…
                </Button>
              ))}
          </div>
          {preview.threads.length > 0 && (
            <div className="storage-scroll storage-preview__threads">
              <table className="storage-table" data-testid="prune-threads">
                <thead>
                  <tr>
                    <th>Thread</th>
                    <th className="num">Deleted</th>
                    <th className="num">Kept</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.threads.map((row) => (
                    <tr key={row.threadId} data-thread={row.threadId}>
                      <td className="storage-table__id">{row.threadId}</td>
                      <td className="num">{formatCount(row.removed)}</td>
                      <td className="num">{formatCount(row.kept)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
      <div className="storage-prune__vacuum">
        <Button icon={<Eraser aria-hidden />} disabled={busy} onClick={() => void vacuum()} data-testid="storage-vacuum" title="Rewrite the file without its free pages, so it shrinks on disk">
          VACUUM
        </Button>
        <span className="muted">Gives the pages freed by a prune back to the disk.</span>
      </div>
    </section>
  );
}
