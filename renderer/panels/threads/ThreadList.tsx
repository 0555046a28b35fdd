import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useRef, useState, type KeyboardEvent } from "react";
import { selectVisibleThreadKeys } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { ThreadListRow } from "./ThreadListRow.tsx";

const ROW_HEIGHT = 44;
const selectSelectThread = (s: AppState) => s.selectThread;

/** The virtualized thread list: only the rows on screen exist. Arrows move, Enter opens. */
export function ThreadList() {
  const keys = useAppStore(selectVisibleThreadKeys);
  const selectThread = useAppStore(selectSelectThread);
  const scroller = useRef<HTMLDivElement>(null);
  // The keyboard cursor follows a thread, not a position, so live refreshes do not move it.
  const [cursorKey, setCursorKey] = useState<string | null>(null);
  const cursor = cursorKey === null ? -1 : keys.indexOf(cursorKey);
  const virtualizer = useVirtualizer({ count: keys.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  const open = useCallback((key: string) => selectThread(key), [selectThread]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 15, PageUp: -15 };
    if (event.key in moves) {
      event.preventDefault();
      const next = Math.max(0, Math.min(keys.length - 1, cursor + moves[event.key]!));
      setCursorKey(keys[next] ?? null);
      virtualizer.scrollToIndex(next);
    } else if (event.key === "Enter" && cursor >= 0 && keys[cursor]) {
      event.preventDefault();
      open(keys[cursor]!);
    } else if (event.key === "Escape") {
      setCursorKey(null);
    }
  };

  return (
    <div className="threads__list" ref={scroller} tabIndex={0} role="listbox" aria-label="Threads" onKeyDown={onKeyDown} data-testid="thread-list">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => (
          <ThreadListRow key={keys[item.index]} threadKey={keys[item.index]!} top={item.start} height={item.size} cursor={item.index === cursor} onOpen={open} />
        ))}
      </div>
    </div>
  );
}
