import type { DiffLine } from "../model/diff-presentation.ts";

/** Diff lines as the Diff tab draws them: sign, path, and the value before → after. */
export function DiffLines({ lines, testId }: { lines: readonly DiffLine[]; testId?: string }) {
  return (
    <ul className="diff-lines" data-testid={testId}>
      {lines.map((line) => (
        <li key={line.key} className={`diff-line diff-line--${line.kind}`} data-path={line.path} data-kind={line.kind}>
          <span className="diff-line__sign">{line.sign}</span>
          <span className="diff-line__path">{line.path}</span>
          <span className="diff-line__values">
            {line.before !== null && <span className="diff-line__before">{line.before}</span>}
            {line.before !== null && line.after !== null && <span className="muted"> → </span>}
            {line.after !== null && <span className="diff-line__after">{line.after}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
