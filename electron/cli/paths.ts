/** Where the command line finds the checkout it belongs to. */
import { fileURLToPath } from "node:url";

/** The repository (or installed package) root. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
