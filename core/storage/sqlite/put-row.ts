/**
 * A put's checkpoint row: its `channels` column planned from the blobs (append-store.ts) and the insert.
 * Shared by SqliteSaver's two paths: the usual transaction and the deferred one-statement put (thread-lag.ts).
 */
import Database from "better-sqlite3";
import { ChronographError } from "../../api/errors.ts";
import type { ChannelBlob, CheckpointRecord } from "../../checkpoint/types.ts";
import { type BlobContext, planBlob } from "./append-store.ts";
import { largeLookup, versionLookup } from "./history.ts";
import { checkpointValues } from "./rows.ts";
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
  const values = checkpointValues(record);
  values.push(channels);
  try {
    statements.insertCheckpoint.run(values);
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
  const { threadId } = record;
  let lookup: VersionLookup | undefined;
  let large: LargeLookup | undefined;
  const context: BlobContext = {
    threadId,
    parentId: record.parentId,
    writes: record.writes,
    // Methods, not arrows: tsx names every arrow assigned to a property, at a cost per put.
    lookup(version) {
      return (lookup ??= versionLookup(statements, threadId))(version);
    },
    large(id) {
      return (large ??= largeLookup(statements, threadId))(id);
    },
    storeLarge(data) {
      if (!mayStoreLarge) throw NEEDS_TRANSACTION;
      return Number(statements.insertLarge.run(threadId, data).lastInsertRowid);
    },
  };
  let json = "{";
  for (const blob of blobs) {
    if (json.length > 1) json += ",";
    json += `${JSON.stringify(blob.channel)}:${planBlob(blob, context)}`;
  }
  return `${json}}`;
}
