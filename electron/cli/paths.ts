/** Where the command line finds the checkout it belongs to. */
import { fileURLToPath } from "node:url";

/** The repository (or installed package) root, from source (electron/cli) or from the prebuilt out/electron/cli. */
export const REPO_ROOT = fileURLToPath(new URL(import.meta.url.includes("/out/electron/cli/") ? "../../../" : "../../", import.meta.url));
