import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useRef, type KeyboardEvent } from "react";
import { selectVisibleThreadKeys } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { keyTarget } from "./list-keys.ts";
import { ThreadListRow } from "./ThreadListRow.tsx";

const ROW_HEIGHT = 44;
const selectSelectThread = (s: AppState) => s.selectThread;
const selectSelectedKey = (s: AppState) => s.selectedThreadKey;

/**
 * The virtualized thread list: only the rows on screen exist. Keys work as in the timeline: ↑/↓,
 * PageUp/PageDown, Home/End select (and open) a thread; Enter goes on into its timeline.
 */
export function ThreadList() {
  const keys = useAppStore(selectVisibleThreadKeys);
  const selectThread = useAppStore(selectSelectThread);
  const selectedKey = useAppStore(selectSelectedKey);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: keys.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  const open = useCallback((key: string) => selectThread(key), [selectThread]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = selectedKey === null ? -1 : keys.indexOf(selectedKey);
    const target = keyTarget(event.key, current, keys.length);
    if (target !== null) {
      event.preventDefault();
      if (keys[target] === undefined) return;
      open(keys[target]!);
      virtualizer.scrollToIndex(target);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      document.querySelector<HTMLElement>(".timeline__list")?.focus();
    }
  };

  return (
    <div className="threads__list" ref={scroller} tabIndex={0} role="listbox" aria-label="Threads" onKeyDown={onKeyDown} data-testid="thread-list">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => (
          <ThreadListRow key={keys[item.index]} threadKey={keys[item.index]!} top={item.start} height={item.size} onOpen={open} />
        ))}
      </div>
    </div>
  );
}
