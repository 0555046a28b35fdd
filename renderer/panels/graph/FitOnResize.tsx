import { useReactFlow } from "@xyflow/react";
import { useEffect, type RefObject } from "react";

const FIT = { padding: 0.15, maxZoom: 1.25 } as const;

/**
 * Fits the graph again when its canvas changes size (the window or a panel was resized), as it is fitted
 * when first drawn: without it a graph drawn at 1440 px keeps its zoom in a narrower window, and the
 * legend or the zoom buttons cover its nodes. One fit per animation frame, whatever the burst of resizes.
 */
export function FitOnResize({ target }: { target: RefObject<HTMLElement | null> }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const element = target.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    let frame = 0;
    let first = true;
    const observer = new ResizeObserver(() => {
      // The observer reports the size it starts with: the first draw already fitted that.
      if (first) {
        first = false;
        return;
      }
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void fitView(FIT));
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [fitView, target]);
  return null;
}

export const FIT_VIEW_OPTIONS = FIT;
