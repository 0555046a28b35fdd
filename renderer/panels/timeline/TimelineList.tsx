import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type KeyboardEvent } from "react";
import type { Move } from "../../store/selection-slice.ts";
import { selectSelectedCheckpointId, selectTimelineLayout } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { gutterWidth } from "./lane-geometry.ts";
import { rowHeightOf, useRunStarts } from "./run-divider.ts";
import { TimelineRow } from "./TimelineRow.tsx";

const KEYS: Record<string, Move> = {
  ArrowUp: "up",
  ArrowDown: "down",
  ArrowLeft: "parent",
  ArrowRight: "child",
  Home: "first",
  End: "last",
  PageUp: "pageUp",
  PageDown: "pageDown",
};

const selectMove = (s: AppState) => s.moveSelection;
const selectFocusInspector = (s: AppState) => s.focusInspector;
const selectSetCompare = (s: AppState) => s.setCompareFrom;
const selectShowRows = (s: AppState) => s.showTimelineRows;
const selectEntries = (s: AppState) => s.timelineEntries;

/**
 * The virtualized checkpoint list (20,000 rows stay smooth): only the rows on screen are drawn, and
 * their entries are loaded in windows as it scrolls (showTimelineRows). Keys: ↑/↓ rows, ←/→ parent/child,
 * Home/End, PageUp/PageDown; Enter opens the checkpoint in the inspector; Escape drops the compare-with.
 */
export function TimelineList() {
  const layout = useAppStore(selectTimelineLayout);
  const selected = useAppStore(selectSelectedCheckpointId);
  const move = useAppStore(selectMove);
  const focusInspector = useAppStore(selectFocusInspector);
  const setCompare = useAppStore(selectSetCompare);
  const showRows = useAppStore(selectShowRows);
  const entries = useAppStore(selectEntries);
  const scroller = useRef<HTMLDivElement>(null);
  const runStarts = useRunStarts();
  const count = layout?.rows.length ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: (row) => rowHeightOf(layout, runStarts, row), overscan: 12 });
  // A run divider makes its row taller: measure again when the loaded dividers change.
  useEffect(() => virtualizer.measure(), [runStarts, layout, virtualizer]);

  const index = selected !== null && layout ? (layout.indexById.get(selected) ?? -1) : -1;
  useEffect(() => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "auto" });
  }, [index, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const firstShown = items[0]?.index ?? -1;
  const lastShown = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (firstShown >= 0) void showRows(firstShown, lastShown);
  }, [firstShown, lastShown, layout, entries, showRows]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moveTo = KEYS[event.key];
    if (moveTo) {
      event.preventDefault();
      move(moveTo);
    } else if (event.key === "Enter") {
      event.preventDefault();
      focusInspector();
    } else if (event.key === "Escape") {
      setCompare(null);
    }
  };

  const gutter = gutterWidth(layout?.laneCount ?? 1);
  return (
    <div className="timeline__list" ref={scroller} tabIndex={0} role="listbox" aria-label="Checkpoints" aria-activedescendant={undefined} onKeyDown={onKeyDown} data-testid="timeline-list">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((item) => (
          <TimelineRow key={item.key} index={item.index} top={item.start} gutter={gutter} />
        ))}
      </div>
    </div>
  );
}
