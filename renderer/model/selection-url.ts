/**
 * The selection (thread, checkpoint) as the URL's hash, so a reload or a shared link opens the same
 * place: `#thread=ID&ns=NAMESPACE&checkpoint=ID` (ns only for a subgraph). Only the hash is read and
 * written; the query string (where a web token may arrive) is left as it is. Pure.
 */
import type { ThreadKey } from "../../core/api/types.ts";

export interface UrlSelection {
  thread: ThreadKey;
  checkpointId: string | null;
}

/** The hash for a selection ("" for none). */
export function selectionHash(selection: UrlSelection | null): string {
  if (!selection) return "";
  const params = new URLSearchParams();
  params.set("thread", selection.thread.threadId);
  if (selection.thread.namespace !== "") params.set("ns", selection.thread.namespace);
  if (selection.checkpointId) params.set("checkpoint", selection.checkpointId);
  return `#${params.toString()}`;
}

/** The selection a hash names, or null when it names none (other hashes are not ours). */
export function parseSelectionHash(hash: string): UrlSelection | null {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const threadId = params.get("thread");
  if (!threadId) return null;
  return { thread: { threadId, namespace: params.get("ns") ?? "" }, checkpointId: params.get("checkpoint") || null };
}
