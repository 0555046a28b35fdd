import { resumeExample } from "../../model/resume-example.ts";

/** The answer an interrupt's payload declares (example / expected / options), each one click into the form. */
export function ResumeExampleHint({ payload, onUse }: { payload: unknown; onUse(text: string): void }) {
  const example = resumeExample(payload);
  if (!example) return null;
  return (
    <div className="resume-example" data-testid="resume-example">
      <span className="field__label">{example.field === "options" ? "Expected answer, one of" : "Expected answer, for example"}</span>
      <div className="resume-example__answers">
        {example.answers.map((answer) => (
          <button key={answer} type="button" className="resume-example__answer mono" title="Put this answer in the form" onClick={() => onUse(answer)}>
            {answer}
          </button>
        ))}
      </div>
    </div>
  );
}
