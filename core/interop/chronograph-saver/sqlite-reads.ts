/**
 * SaverListReads over a ChronographSaver SQLite file: the aggregates the thread list pages from and the
 * rows a part (part-rows.ts) decodes, each through the tables' primary keys. Read-only.
 */
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import type { NamespaceIndexRow } from "../langgraph/rows.ts";
import type { SaverCheckpointRow, SaverValueRow, SaverWriteRow } from "./history.ts";
import type { HeadPartsRow } from "./head-statuses.ts";
import type { SaverListReads } from "./thread-list.ts";

const CHECKPOINT = "SELECT checkpoint_id, parent_id, type, checkpoint, metadata_type, metadata FROM lg_checkpoints";

/**
 * HeadPartsRow for a JSON array of [thread, namespace, head id] (head-statuses.ts), each head found by the
 * primary key and parsed once into SQLite's binary JSON: saverHeadParts (quick-status.ts) in SQL. A channel
 * not inline has a value when its version has an lg_values row; `odd` marks a Send list or join kept there.
 * CASE, unlike AND, is evaluated in order: no JSON function sees a row that is not valid JSON text.
 */
const HEAD_PARTS_SQL = `
WITH head AS MATERIALIZED (
  SELECT want.key AS at, c.thread_id, c.checkpoint_ns, c.checkpoint_id,
    CASE WHEN c.type IS NOT 'json' OR c.metadata_type IS NOT 'json' THEN NULL
      WHEN NOT json_valid(CAST(c.checkpoint AS TEXT)) OR NOT json_valid(CAST(c.metadata AS TEXT)) THEN NULL
      WHEN json_type(CAST(c.checkpoint AS TEXT)) IS NOT 'object' OR json_type(CAST(c.metadata AS TEXT)) IS NOT 'object' THEN NULL
      ELSE jsonb(CAST(c.checkpoint AS TEXT)) END AS b,
    CASE WHEN c.metadata_type IS 'json' AND json_valid(CAST(c.metadata AS TEXT)) THEN jsonb(CAST(c.metadata AS TEXT)) END AS m
  FROM json_each(?) AS want
  JOIN lg_checkpoints c ON c.thread_id = want.value ->> 0 AND c.checkpoint_ns = want.value ->> 1 AND c.checkpoint_id = want.value ->> 2),
valued AS (
  SELECT head.at, v.key AS channel FROM head, json_each(head.b, '$.channel_versions') AS v
  WHERE head.b IS NOT NULL AND json_type(head.b, '$.channel_versions') = 'object'
    AND NOT (json_type(head.b, '$.channel_values') = 'object' AND EXISTS (SELECT 1 FROM json_each(head.b, '$.channel_values') AS i WHERE i.key = v.key))
    AND EXISTS (SELECT 1 FROM lg_values x WHERE x.thread_id = head.thread_id AND x.checkpoint_ns = head.checkpoint_ns AND x.channel = v.key AND x.version = CAST(v.value AS TEXT)))
SELECT at, EXISTS (SELECT 1 FROM lg_writes w WHERE w.thread_id = head.thread_id AND w.checkpoint_ns = head.checkpoint_ns AND w.checkpoint_id = head.checkpoint_id) AS has_writes,
  CASE WHEN b IS NULL THEN NULL
    WHEN EXISTS (SELECT 1 FROM valued WHERE valued.at = head.at AND (valued.channel = '__pregel_tasks' OR substr(valued.channel, 1, 5) = 'join:')) THEN NULL
    ELSE json_object('v', b -> '$.v',
      'keys', (SELECT json_group_array(k) FROM (
        SELECT key AS k FROM json_each(b, '$.channel_values') WHERE json_type(b, '$.channel_values') = 'object'
        UNION ALL SELECT channel FROM valued WHERE valued.at = head.at)),
      'special', (SELECT json_group_object(key, value) FROM json_each(b, '$.channel_values')
        WHERE json_type(b, '$.channel_values') = 'object' AND (key = '__pregel_tasks' OR substr(key, 1, 5) = 'join:')),
      'versions', b -> '$.channel_versions',
      'seen', b -> '$.versions_seen',
      'writes', CASE WHEN json_type(m, '$.writes') = 'object' THEN (SELECT json_group_array(key) FROM json_each(m, '$.writes')) END,
      'lc', json_type(b, '$.lc') IS NOT NULL OR json_type(b, '$.channel_values.lc') IS NOT NULL OR json_type(m, '$.lc') IS NOT NULL OR json_type(m, '$.writes.lc') IS NOT NULL)
  END AS parts
FROM head`;

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
    headParts: (heads) => db.all<HeadPartsRow>(HEAD_PARTS_SQL, JSON.stringify(heads)),
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
