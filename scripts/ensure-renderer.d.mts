/** Build dist/renderer unless it is newer than renderer/ and core/api/. Throws when the build fails. */
export function ensureRenderer(): void;
