import { END } from "../../../core/api/nodes.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";

const selectGoto = (s: AppState) => s.editGoto;
const selectSetGoto = (s: AppState) => s.setEditGoto;

/** The select's value for each choice: "" for the node's own routes, END for "the run ends". */
function valueOf(goto: string[] | null): string {
  if (goto === null) return "";
  return goto.length === 0 ? END : goto[0]!;
}

/**
 * "Then run": the node that runs after the edit (the edit's goto), instead of what the node written as
 * would route to. Offered only where the database lets an edit choose (DatabaseInfo.canChooseNext).
 */
export function GotoPicker({ nodes }: { nodes: readonly string[] }) {
  const goto = useAppStore(selectGoto);
  const setGoto = useAppStore(selectSetGoto);
  const choose = (value: string) => setGoto(value === "" ? null : value === END ? [] : [value]);
  return (
    <label className="edit__asnode" data-testid="goto-picker">
      <span className="field__label">Then run</span>
      <select className="input input--mono" aria-label="Then run" value={valueOf(goto)} onChange={(event) => choose(event.target.value)}>
        <option value="">its own edges</option>
        {nodes.map((node) => (
          <option key={node} value={node}>
            {node}
          </option>
        ))}
        <option value={END}>nothing (end the run)</option>
      </select>
    </label>
  );
}
