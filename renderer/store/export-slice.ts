/** Exporting the selected thread (or the branch ending at a checkpoint) as a bundle, redacted (exportThread). */
import { ChronographError } from "../../core/api/errors.ts";
import { threadArgs } from "../../core/api/thread-key.ts";
import type { ExportedBundle } from "../../core/api/types.ts";
import type { SliceCreator } from "./types.ts";

export interface ExportRequest {
  /** Only this checkpoint and its ancestors; the whole thread when absent. */
  checkpointId?: string;
  redact: string[];
}

export interface ExportSlice {
  /** The selected thread's bundle; rejects with the backend's coded error (a bad redaction path names itself). */
  exportThread(request: ExportRequest): Promise<ExportedBundle>;
}

export const createExportSlice: SliceCreator<ExportSlice> = (client) => (_set, get) => ({
  async exportThread({ checkpointId, redact }) {
    const thread = get().selectedThread;
    if (!thread) throw new ChronographError("INVALID_ARGUMENT", "Pick a thread to export first.");
    return client.exportThread({ ...threadArgs(thread), ...(checkpointId ? { checkpointId } : {}), redact });
  },
});
