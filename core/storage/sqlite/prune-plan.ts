/**
 * What pruning decides, whatever the driver: which surviving checkpoint becomes the new home of a version
 * that survivors read from a removed one. Shared by the SQLite and PostgreSQL stores.
 */
import type { CheckpointRecord } from "../../checkpoint/types.ts";
import type { StoredBlob } from "./stored-blob.ts";

/** A checkpoint that stays, with the changes pruning makes to it. */
export interface Survivor {
  record: CheckpointRecord;
  channels: Record<string, StoredBlob>;
  /** channel -> new StoredBlob JSON. */
  replaced: Map<string, string>;
  /** Whether `record.versions` now names a new home for some channel. */
  repointed: boolean;
}

/** The StoredBlob JSON of a whole copy of `channel` at `version`. */
export type Whole = (channel: string, version: string) => string;

/**
 * Give every version that survivors read from a removed checkpoint a home: a whole copy in the oldest
 * survivor reading it, which every survivor reading it then names. Returns channel+version -> home.
 */
export function moveReadVersions(survivors: Survivor[], doomed: ReadonlySet<string>, whole: Whole): Map<string, string> {
  const homes = new Map<string, string>();
  for (const survivor of survivors) {
    for (const [channel, version] of Object.entries(survivor.record.versions)) {
      if (!doomed.has(version)) continue;
      const key = `${channel}\u0000${version}`;
      let home = homes.get(key);
      if (home === undefined) {
        homes.set(key, (home = survivor.record.checkpointId));
        survivor.replaced.set(channel, whole(channel, version));
      }
      survivor.record.versions[channel] = home;
      survivor.repointed = true;
    }
  }
  return homes;
}

