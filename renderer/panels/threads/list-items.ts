/**
 * The thread list's rows as the virtualized list draws them: a row per matching thread (null while its
 * page has not arrived) followed, when the thread is expanded, by a row per subgraph namespace in tree
 * order. Pure.
 */
import type { ThreadKey, ThreadRow } from "../../../core/api/types.ts";

export interface ListItem {
  kind: "thread" | "namespace";
  /** The row's key in threadRows; null for a thread whose page is still on its way. */
  key: string | null;
  /** The thread's slot in the filtered list (what pages count). */
  slot: number;
}

export function listItems(
  slots: readonly (string | null)[],
  rows: ReadonlyMap<string, ThreadRow>,
  expanded: ReadonlySet<string>,
  keyOf: (thread: ThreadKey) => string,
): ListItem[] {
  const items: ListItem[] = [];
  slots.forEach((key, slot) => {
    items.push({ kind: "thread", key, slot });
    if (key === null || !expanded.has(key)) return;
    // Tree order: a subgraph's nested namespaces ("a:1|b:2") right under it ("a:1").
    const namespaces = (rows.get(key)?.namespaces ?? []).map((ns) => ns.namespace).sort();
    for (const namespace of namespaces) items.push({ kind: "namespace", key: keyOf({ threadId: rows.get(key)!.threadId, namespace }), slot });
  });
  return items;
}
