/** An indeterminate progress bar, for work whose length is unknown (opening a large database). */
export function ProgressBar({ label }: { label: string }) {
  return <div className="progress" role="progressbar" aria-label={label} />;
}
