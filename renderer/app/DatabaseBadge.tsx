import { Database } from "lucide-react";
import { baseName } from "../model/format.ts";
import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";

const selectDatabase = (s: AppState) => s.database;
const KIND: Record<string, string> = { chronograph: "Chronograph", "langgraph-js": "LangGraph.js", "langgraph-py": "LangGraph (Python)", "chronograph-saver": "LangGraph.js (ChronographSaver)" };

/** Which database is open: its name (full path on hover), kind, read-only state and thread count. */
export function DatabaseBadge() {
  const database = useAppStore(selectDatabase);
  if (!database) return <span className="muted">No database open</span>;
  // An opened bundle shows the bundle's name; its imported copy's path is in the tooltip.
  const title = database.bundle ? `Bundle ${database.bundle}, opened read-only from its imported copy ${database.path}` : database.path;
  return (
    <span className="dbbadge" title={title} data-testid="database-badge" data-bundle={database.bundle}>
      <Database aria-hidden />
      <span className="dbbadge__name">{baseName(database.bundle ?? database.path)}</span>
      {database.bundle ? (
        <span className="badge badge--plain badge--accent" data-testid="bundle-badge">bundle</span>
      ) : (
        <span className="badge badge--plain badge--accent">{KIND[database.kind] ?? database.kind}</span>
      )}
      {database.readOnly && <span className="badge badge--plain badge--pending">read-only</span>}
      {database.canRun && <span className="badge badge--plain badge--done">graph code loaded</span>}
      {database.trust?.state === "untrusted" && (
        <span className="badge badge--plain badge--pending" title={`Graph code in ${database.trust.folder} is not loaded: the folder is not trusted (File menu › Trust this folder…).`}>
          folder not trusted
        </span>
      )}
    </span>
  );
}
