/**
 * SaverListReads over a ChronographSaver SQLite file: the aggregates the thread list pages from and the
 * rows a part (part-rows.ts) decodes, each through the tables' primary keys. Read-only.
 */
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import type { NamespaceIndexRow } from "../langgraph/rows.ts";
import type { SaverCheckpointRow, SaverValueRow, SaverWriteRow } from "./history.ts";
import type { SaverListReads } from "./thread-list.ts";

const CHECKPOINT = "SELECT checkpoint_id, parent_id, type, checkpoint, metadata_type, metadata FROM lg_checkpoints";

export function sqliteSaverReads(db: RawDatabase): SaverListReads {
  return {
    namespaceIndex: () =>
      db.all<NamespaceIndexRow>("SELECT thread_id, checkpoint_ns, COUNT(*) AS count, MAX(checkpoint_id) AS head_id FROM lg_checkpoints GROUP BY thread_id, checkpoint_ns ORDER BY thread_id, checkpoint_ns"),
    // A write replaced (negative index) is deleted and inserted again: it gets a new, larger rowid.
    writeStamps: () =>
      new Map(db.all<{ thread_id: string; count: number; last: number }>("SELECT thread_id, COUNT(*) AS count, MAX(rowid) AS last FROM lg_writes GROUP BY thread_id").map((row) => [row.thread_id, `${row.count}/${row.last}`])),
    firstCheckpointRow: (threadId, ns) => db.get<SaverCheckpointRow>(`${CHECKPOINT} WHERE thread_id = ? AND checkpoint_ns = ? ORDER BY checkpoint_id LIMIT 1`, threadId, ns),
    parentCount: (threadId, ns) =>
      db.get<{ count: number }>(
        `SELECT COUNT(DISTINCT c.parent_id) AS count FROM lg_checkpoints c JOIN lg_checkpoints p
           ON p.thread_id = c.thread_id AND p.checkpoint_ns = c.checkpoint_ns AND p.checkpoint_id = c.parent_id
         WHERE c.thread_id = ? AND c.checkpoint_ns = ?`,
        threadId,
        ns,
      )!.count,
    checkpointRows: (threadId, ns, ids) => ids.flatMap((id) => db.get<SaverCheckpointRow>(`${CHECKPOINT} WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?`, threadId, ns, id) ?? []),
    valueRows: (threadId, ns, pairs) =>
      pairs.flatMap(
        ([channel, version]) =>
          db.get<SaverValueRow>("SELECT channel, version, base, base_len, type, value FROM lg_values WHERE thread_id = ? AND checkpoint_ns = ? AND channel = ? AND version = ?", threadId, ns, channel, version) ?? [],
      ),
    writeRows: (threadId, ns, ids) =>
      ids
        .flatMap((id) =>
          db.all<SaverWriteRow & { task_path: string }>(
            "SELECT checkpoint_id, task_id, idx, channel, type, value, task_path FROM lg_writes WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ? ORDER BY task_path, task_id, idx",
            threadId,
            ns,
            id,
          ),
        )
        .sort((a, b) => (a.checkpoint_id < b.checkpoint_id ? -1 : a.checkpoint_id > b.checkpoint_id ? 1 : 0)),
  };
}
