/**
 * Pruning one thread of a PostgreSQL store, in one transaction that holds the thread's row lock.
 * Which checkpoints go is decided by the shared, pure `prunable`. Every survivor stays readable:
 * - a version a survivor reads from a removed checkpoint gets one whole copy, in the oldest survivor
 *   reading it, and every survivor reading it is pointed there (its `versions` change, values do not);
 * - a survivor's own delta whose base is removed is stored whole.
 * All values are built from the data as it was before anything changes.
 */
import { randomInt } from "node:crypto";
import type { PoolClient } from "pg";
import { prunable } from "../../checkpoint/memory.ts";
import { toJson } from "../../checkpoint/serde.ts";
import type { PruneOptions } from "../../checkpoint/types.ts";
import { Materializer } from "../sqlite/materialize.ts";
import { moveReadVersions, type Survivor } from "../sqlite/prune-plan.ts";
import { baseOf, channelsJson, isDelta, wholeJson } from "../sqlite/stored-blob.ts";
import { CHECKPOINT_COLUMNS, type CheckpointRow, recordFromRow, recordJson } from "./rows.ts";
import { KnownRows } from "./version-cache.ts";

/** Prune `threadId` in one transaction on `client`; returns how many checkpoints it removed. */
export async function pruneThread(client: PoolClient, schema: string, threadId: string, options: PruneOptions): Promise<number> {
  const rows = async <R extends unknown[]>(text: string, values: unknown[]) => (await client.query<R>({ text, values, rowMode: "array" })).rows;
  await client.query("BEGIN");
  try {
    await rows(`SELECT 1 FROM ${schema}.threads WHERE thread_id = $1 FOR UPDATE`, [threadId]);
    const stored = await rows<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS}, '[]'::json FROM ${schema}.checkpoints c WHERE c.thread_id = $1 ORDER BY c.seq`,
      [threadId],
    );
    const records = stored.map((row) => recordFromRow(threadId, row));
    const doomed = prunable(records, options);
    if (doomed.size === 0) {
      await client.query("ROLLBACK");
      return 0;
    }
    const known = new KnownRows();
    for (const row of stored) known.addVersion(row[0], row[1], row[7], row[6]);
    for (const [id, data] of await rows<[number, string]>(`SELECT id, data FROM ${schema}.blobs WHERE thread_id = $1`, [threadId])) known.large.set(id, data);
    const materializer = new Materializer(threadId, known.lookup, known.largeLookup, false);
    const newLarge: Array<[number, string]> = [];
    const whole = (channel: string, version: string) =>
      wholeJson(toJson(materializer.value(channel, version), { channel, threadId }), (data) => {
        const id = randomInt(1, 2 ** 47);
        newLarge.push([id, data]);
        return id;
      });
    const obsolete: number[] = [];
    const survivors: Survivor[] = [];
    stored.forEach((row, index) => {
      const channels = known.versions.get(row[0])!.channels;
      if (!doomed.has(row[0])) survivors.push({ record: records[index]!, channels, replaced: new Map(), repointed: false });
      else for (const blob of Object.values(channels)) if (blob.x !== undefined) obsolete.push(blob.x);
    });
    moveReadVersions(survivors, doomed, whole);
    for (const survivor of survivors) {
      const source = { parentId: survivor.record.parentId, channels: survivor.channels, writes: null };
      for (const [channel, blob] of Object.entries(survivor.channels)) {
        const base = isDelta(blob) ? baseOf(blob, source) : null;
        if (base === null || !doomed.has(base) || survivor.replaced.has(channel)) continue;
        survivor.replaced.set(channel, whole(channel, survivor.record.checkpointId));
        if (blob.x !== undefined) obsolete.push(blob.x);
      }
    }
    for (const { record, channels, replaced, repointed } of survivors) {
      if (replaced.size === 0 && !repointed) continue;
      const entries = Object.entries(channels).map(([channel, blob]) => [channel, replaced.get(channel) ?? JSON.stringify(blob)] as const);
      for (const [channel, json] of replaced) if (!(channel in channels)) entries.push([channel, json]);
      await rows(`UPDATE ${schema}.checkpoints SET meta = $1, channels = $2 WHERE thread_id = $3 AND checkpoint_id = $4`, [
        recordJson(record).meta,
        channelsJson(entries),
        threadId,
        record.checkpointId,
      ]);
    }
    const gone = [...doomed];
    await rows(`UPDATE ${schema}.checkpoints SET parent_id = NULL WHERE thread_id = $1 AND parent_id = ANY($2)`, [threadId, gone]);
    await rows(`DELETE FROM ${schema}.writes WHERE thread_id = $1 AND checkpoint_id = ANY($2)`, [threadId, gone]);
    await rows(`DELETE FROM ${schema}.checkpoints WHERE thread_id = $1 AND checkpoint_id = ANY($2)`, [threadId, gone]);
    await rows(`DELETE FROM ${schema}.blobs WHERE thread_id = $1 AND id = ANY($2)`, [threadId, obsolete]);
    if (newLarge.length > 0) {
      await rows(`INSERT INTO ${schema}.blobs (thread_id, id, data) SELECT $1, u.id, u.data FROM unnest($2::bigint[], $3::text[]) AS u(id, data)`, [
        threadId,
        newLarge.map(([id]) => id),
        newLarge.map(([, data]) => data),
      ]);
    }
    await rows(`UPDATE ${schema}.threads SET checkpoint_count = $1, created_at = $2 WHERE thread_id = $3`, [survivors.length, survivors[0]!.record.createdAt, threadId]);
    await client.query("COMMIT");
    return doomed.size;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
