/**
 * Reads a file path out of a drop. Browsers do not reveal where a dropped file lives, so web mode takes
 * dropped path text (or a file:// URL); Electron's preload-era File.path is used when present.
 */
export type DroppedPath = { path: string } | { problem: string } | null;

export function pathFromDrop(data: DataTransfer): DroppedPath {
  const uri = data.getData("text/uri-list").split(/\r?\n/).find((line) => line && !line.startsWith("#"));
  if (uri?.startsWith("file://")) return { path: decodeURIComponent(new URL(uri).pathname) };
  const text = data.getData("text/plain").trim();
  if (text.startsWith("file://")) return { path: decodeURIComponent(new URL(text).pathname) };
  if (text && !text.includes("\n")) return { path: text };
  const file = data.files[0] as (File & { path?: string }) | undefined;
  if (file?.path) return { path: file.path };
  if (file) return { problem: `The browser does not say where "${file.name}" is on disk. Drop its path as text, or type it.` };
  return null;
}
