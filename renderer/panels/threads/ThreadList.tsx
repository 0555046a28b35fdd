import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from "react";
import { threadKeyString } from "../../../core/api/thread-key.ts";
import { selectVisibleThreadKeys } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { keyTarget } from "./list-keys.ts";
import { listItems } from "./list-items.ts";
import { NamespaceListRow } from "./NamespaceListRow.tsx";
import { ThreadListRow } from "./ThreadListRow.tsx";

const ROW_HEIGHT = 44;
const NAMESPACE_HEIGHT = 30;
const selectSelectThread = (s: AppState) => s.selectThread;
const selectSelectedKey = (s: AppState) => s.selectedThreadKey;
const selectRows = (s: AppState) => s.threadRows;
const selectExpanded = (s: AppState) => s.expandedThreads;
const selectEnsure = (s: AppState) => s.ensureThreadRange;

/**
 * The virtualized thread list: only the rows on screen exist, and their pages are fetched as they scroll
 * into view. A thread with subgraphs expands to list its namespaces under it. Keys work as in the
 * timeline: ↑/↓, PageUp/PageDown, Home/End select (and open) a row; Enter goes on into its timeline.
 */
export function ThreadList() {
  const slots = useAppStore(selectVisibleThreadKeys);
  const rows = useAppStore(selectRows);
  const expanded = useAppStore(selectExpanded);
  const selectThread = useAppStore(selectSelectThread);
  const selectedKey = useAppStore(selectSelectedKey);
  const ensure = useAppStore(selectEnsure);
  const scroller = useRef<HTMLDivElement>(null);
  const items = useMemo(() => listItems(slots, rows, expanded, threadKeyString), [slots, rows, expanded]);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (items[index]?.kind === "namespace" ? NAMESPACE_HEIGHT : ROW_HEIGHT),
    overscan: 8,
  });
  const virtual = virtualizer.getVirtualItems();
  const firstSlot = virtual.length ? items[virtual[0]!.index]?.slot : undefined;
  const lastSlot = virtual.length ? items[virtual[virtual.length - 1]!.index]?.slot : undefined;
  useEffect(() => {
    if (firstSlot !== undefined && lastSlot !== undefined) ensure(firstSlot, lastSlot + 1);
  }, [ensure, firstSlot, lastSlot, slots]);
  useEffect(() => virtualizer.measure(), [items, virtualizer]);

  const open = useCallback((key: string) => selectThread(key), [selectThread]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = selectedKey === null ? -1 : items.findIndex((item) => item.key === selectedKey);
    const target = keyTarget(event.key, current, items.length);
    if (target !== null) {
      event.preventDefault();
      virtualizer.scrollToIndex(target);
      const key = items[target]?.key;
      if (key) open(key);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      document.querySelector<HTMLElement>(".timeline__list")?.focus();
    }
  };

  return (
    <div className="threads__list" ref={scroller} tabIndex={0} role="listbox" aria-label="Threads" onKeyDown={onKeyDown} data-testid="thread-list">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtual.map((entry) => {
          const item = items[entry.index]!;
          if (item.key === null) return <div key={`slot-${item.slot}`} className="thread-row thread-row--loading" style={{ top: entry.start, height: entry.size }} aria-hidden />;
          return item.kind === "namespace" ? (
            <NamespaceListRow key={item.key} threadKey={item.key} top={entry.start} height={entry.size} onOpen={open} />
          ) : (
            <ThreadListRow key={item.key} threadKey={item.key} top={entry.start} height={entry.size} onOpen={open} />
          );
        })}
      </div>
    </div>
  );
}
