/**
 * Builds the renderer into dist/renderer, which both hosts serve: Electron loads it from disk, web mode
 * serves it as static files under a CSP of script-src 'self'. So: relative asset URLs (base "./") and no
 * inline scripts.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = new URL(".", import.meta.url).pathname;

export default defineConfig({
  root: here,
  base: "./",
  plugins: [react()],
  build: {
    outDir: new URL("../dist/renderer", import.meta.url).pathname,
    emptyOutDir: true,
    // elkjs (~1.5 MB) is imported lazily, so it lands in its own chunk without configuration.
    chunkSizeWarningLimit: 2500,
  },
});
