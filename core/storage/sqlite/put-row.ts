/**
 * A put's checkpoint row: its `channels` column planned from the blobs (append-store.ts) and the insert.
 * Shared by SqliteSaver's two paths: the usual transaction and the deferred one-statement put (thread-lag.ts).
 */
import Database from "better-sqlite3";
import { ChronographError } from "../../api/errors.ts";
import type { ChannelBlob, CheckpointRecord } from "../../checkpoint/types.ts";
import { type BlobContext, planBlob } from "./append-store.ts";
import { largeLookup, versionLookup } from "./history.ts";
import { checkpointValues, nameJson } from "./put-values.ts";
import type { Statements } from "./statements.ts";
import type { LargeLookup, VersionLookup } from "./stored-blob.ts";

const SURROGATE = /[\uD800-\uDFFF]/;

/** Thrown by a deferred put's blob plan when a value needs the blobs table: such a put takes the full path. */
export const NEEDS_TRANSACTION = new Error("a large value needs the put's transaction");

/** Whether SQLite sorts id `a` after `b` (UTF-8 bytes): JavaScript's order, unless a surrogate could make them differ (then false). */
export function sortsAfter(a: string, b: string): boolean {
  return a > b && !SURROGATE.test(a) && !SURROGATE.test(b);
}

/** A put's checkpoint row (inside its transaction). Throws UNSERIALIZABLE_VALUE naming the channel, INVALID_ARGUMENT for a taken id. */
export function insertRow(statements: Statements, record: CheckpointRecord, blobs: ChannelBlob[]): void {
  const { threadId, checkpointId } = record;
  // Blobs first: a value JSON cannot hold is named by its channel, not as part of the record's writes.
  const channels = channelsColumn(statements, record, blobs);
  try {
    statements.insertCheckpoint.run(...checkpointValues(record, channels));
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_UNIQUE") {
      throw new ChronographError("INVALID_ARGUMENT", `Checkpoint "${checkpointId}" already exists in thread "${threadId}"; history is append-only.`, {
        thread: threadId,
        checkpoint: checkpointId,
      });
    }
    throw error;
  }
}

/** The `channels` column of a put: each blob planned (append-store.ts); earlier versions are read only when an append needs them. */
export function channelsColumn(statements: Statements, record: CheckpointRecord, blobs: ChannelBlob[], mayStoreLarge = true): string {
  if (blobs.length === 0) return "{}";
  const context = new PutBlobs(statements, record, mayStoreLarge);
  let json = "";
  for (const blob of blobs) json += `${json === "" ? "{" : ","}${nameJson(blob.channel)}:${planBlob(blob, context)}`;
  return `${json}}`;
}

/**
 * A put's BlobContext: one object with prototype methods instead of an object literal with three closures,
 * since every put makes one. Its lookups are built on first use (by appends only).
 */
class PutBlobs implements BlobContext {
  readonly threadId: string;
  readonly parentId: string | null;
  readonly writes: Record<string, unknown> | null;
  private versions: VersionLookup | undefined;
  private larges: LargeLookup | undefined;

  constructor(
    private readonly statements: Statements,
    record: CheckpointRecord,
    private readonly mayStoreLarge: boolean,
  ) {
    this.threadId = record.threadId;
    this.parentId = record.parentId;
    this.writes = record.writes;
  }

  lookup(version: string) {
    return (this.versions ??= versionLookup(this.statements, this.threadId))(version);
  }

  large(id: number) {
    return (this.larges ??= largeLookup(this.statements, this.threadId))(id);
  }

  storeLarge(data: string): number {
    if (!this.mayStoreLarge) throw NEEDS_TRANSACTION;
    return Number(this.statements.insertLarge.run(this.threadId, data).lastInsertRowid);
  }
}
