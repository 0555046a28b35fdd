/**
 * The storage view: bytes per thread and channel (storageReport), a prune preview that lists exactly what
 * would be deleted (prunePreview), the prune of exactly that preview (prune, with its token) and VACUUM.
 */
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import type { PrunePreview, StorageReport } from "../../core/api/types.ts";
import type { SliceCreator } from "./types.ts";

/** What the user asked the prune to keep: the newest N per thread and/or nothing older than a date; one thread or all. */
export interface PruneRequest {
  keepLast?: number;
  olderThan?: number;
  threadId?: string;
}

export interface StorageSlice {
  storageOpen: boolean;
  storageReport: StorageReport | null;
  /** The thread whose channels are shown (and whose doomed ids a preview lists). */
  storageThread: string | null;
  storageError: ErrorInfo | null;
  /** The preview shown, with the request it answers; cleared by a new request. */
  prunePreview: { request: PruneRequest; preview: PrunePreview } | null;
  /** The last prune or VACUUM, with the file size before and after. */
  storageResult: { action: "prune" | "vacuum"; removed?: number; beforeBytes: number; afterBytes: number } | null;
  storageBusy: boolean;
  /** Whether the channel table shows the whole file (measured on request: it parses every stored version) instead of the thread. */
  storageFileChannels: boolean;
  showFileChannels(on: boolean): Promise<void>;
  /** Append the next page of threads (largest first) to the table. */
  loadMoreStorageThreads(): Promise<void>;
  openStorage(): Promise<void>;
  closeStorage(): void;
  /** Show this thread's channels (and list its doomed ids in the preview). */
  selectStorageThread(threadId: string): Promise<void>;
  previewPrune(request: PruneRequest): Promise<void>;
  /** Delete what the preview on screen listed; refused (STALE_PREVIEW) when the database changed since. */
  confirmPrune(): Promise<void>;
  vacuumStorage(): Promise<void>;
}

/** How many more threads "Show more" adds. */
export const MORE_THREADS = 200;

export const createStorageSlice: SliceCreator<StorageSlice> = (client) => (set, get) => {
  const guard = async (work: () => Promise<void>) => {
    set({ storageBusy: true, storageError: null });
    try {
      await work();
    } catch (error) {
      set({ storageError: toErrorInfo(error) });
    } finally {
      set({ storageBusy: false });
    }
  };
  const reload = async () => {
    const { storageThread: threadId, storageFileChannels: fileChannels } = get();
    // Without a thread the backend shows the largest one's channels.
    const report = await client.storageReport({ ...(threadId === null ? {} : { threadId }), ...(fileChannels ? { fileChannels } : {}) });
    set({ storageReport: report, storageThread: report.thread?.threadId ?? null });
  };
  const preview = async (request: PruneRequest) => {
    const listThreadId = request.threadId ?? get().storageThread ?? undefined;
    const result = await client.prunePreview({ ...request, ...(listThreadId === undefined ? {} : { listThreadId }) });
    set({ prunePreview: { request, preview: result } });
  };
  return {
    storageOpen: false,
    storageReport: null,
    storageThread: null,
    storageError: null,
    prunePreview: null,
    storageResult: null,
    storageBusy: false,
    storageFileChannels: false,
    async showFileChannels(on) {
      set({ storageFileChannels: on });
      await guard(reload);
    },
    async loadMoreStorageThreads() {
      const shown = get().storageReport;
      if (!shown) return;
      await guard(async () => {
        const next = await client.storageReport({ offset: shown.threads.length, limit: MORE_THREADS });
        const current = get().storageReport;
        if (current === shown) set({ storageReport: { ...shown, threads: [...shown.threads, ...next.threads], threadCount: next.threadCount } });
      });
    },
    async openStorage() {
      set({ storageOpen: true, storageReport: null, storageThread: null, storageFileChannels: false, prunePreview: null, storageResult: null, storageError: null });
      if (get().database?.canPrune === false) return;
      await guard(reload);
    },
    closeStorage: () => set({ storageOpen: false }),
    async selectStorageThread(threadId) {
      set({ storageThread: threadId, storageFileChannels: false });
      await guard(async () => {
        await reload();
        const shown = get().prunePreview;
        if (shown) await preview(shown.request);
      });
    },
    async previewPrune(request) {
      set({ prunePreview: null, storageResult: null });
      await guard(() => preview(request));
    },
    async confirmPrune() {
      const shown = get().prunePreview;
      if (!shown) return;
      await guard(async () => {
        const beforeBytes = get().storageReport?.fileBytes ?? 0;
        const result = await client.prune({ ...shown.request, token: shown.preview.token });
        set({ prunePreview: null, storageResult: { action: "prune", removed: result.removed, beforeBytes, afterBytes: result.fileBytes } });
        await reload();
      });
    },
    async vacuumStorage() {
      await guard(async () => {
        const result = await client.vacuum({});
        set({ storageResult: { action: "vacuum", beforeBytes: result.beforeBytes, afterBytes: result.afterBytes } });
        await reload();
      });
    },
  };
};
