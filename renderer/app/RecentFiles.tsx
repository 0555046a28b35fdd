import { Clock } from "lucide-react";
import { baseName } from "../model/format.ts";
import { recentName } from "../model/postgres-url.ts";
import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";

const selectRecent = (s: AppState) => s.recentFiles;

/** Recently opened databases, newest first (PostgreSQL connections by their masked URL); clicking one opens it. */
export function RecentFiles({ onPick, limit = 8 }: { onPick(path: string): void; limit?: number }) {
  const recent = useAppStore(selectRecent);
  if (recent.length === 0) return null;
  return (
    <div className="recent" data-testid="recent-files">
      <div className="field__label">Recent</div>
      <ul className="recent__list">
        {recent.slice(0, limit).map((path) => (
          <li key={path}>
            <button type="button" className="recent__item" title={path} onClick={() => onPick(path)}>
              <Clock aria-hidden />
              <span className="recent__name">{recentName(path, baseName)}</span>
              <span className="recent__path mono">{path}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
