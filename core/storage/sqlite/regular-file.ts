/**
 * What may be handed to SQLite: a regular file. Opening a FIFO blocks until someone writes to it (for
 * ever, in a server), and a device or socket is never a database; lstat/stat answer without opening.
 * A symbolic link is followed (users link databases), but what it points to must be a regular file too.
 */
import { statSync } from "node:fs";
import { ChronographError } from "../../api/errors.ts";

const KINDS: Array<[keyof import("node:fs").Stats, string]> = [
  ["isDirectory", "a folder"],
  ["isFIFO", "a named pipe (FIFO)"],
  ["isSocket", "a socket"],
  ["isCharacterDevice", "a character device"],
  ["isBlockDevice", "a block device"],
];

/**
 * Throw unless `file` (after links) is a regular file: FILE_NOT_FOUND when nothing is there,
 * NOT_A_DATABASE naming what it is otherwise. SQLite's own side files (`-wal`, `-journal`) are checked
 * too when present, since SQLite opens them beside the database.
 */
export function checkRegularFile(file: string, what = "the file"): void {
  for (const [path, role] of [[file, what], [`${file}-wal`, "its WAL file"], [`${file}-journal`, "its journal file"]] as const) {
    let info;
    try {
      info = statSync(path);
    } catch {
      if (path === file) throw new ChronographError("FILE_NOT_FOUND", `The file "${file}" does not exist.`, { file });
      continue;
    }
    if (info.isFile()) continue;
    const kind = KINDS.find(([test]) => (info[test] as () => boolean).call(info))?.[1] ?? "not a regular file";
    const subject = path === file ? `"${file}"` : `${role} "${path}"`;
    throw new ChronographError("NOT_A_DATABASE", `${subject} is ${kind}, not a SQLite database file; Chronograph opens only regular files.`, { file });
  }
}
