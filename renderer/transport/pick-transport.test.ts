import { describe, expect, it } from "vitest";
import { takePageToken, TOKEN_STORAGE_KEY, type TokenWindow } from "./pick-transport.ts";

/** A window at `href` with its own session storage, recording what the address bar shows. */
function page(href: string, storage = new Map<string, string>()) {
  const shown = { href };
  const win: TokenWindow = {
    location: shown,
    history: {
      state: { tab: 1 },
      replaceState: (_state, _unused, url) => {
        shown.href = new URL(url, shown.href).href;
      },
    },
    sessionStorage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) },
  };
  return { win, shown, storage };
}

describe("takePageToken", () => {
  it("takes the token from the URL once and removes it from the address bar, keeping the rest", () => {
    const { win, shown, storage } = page("http://127.0.0.1:5123/threads/a?token=abc123&view=graph#step-3");
    expect(takePageToken(win)).toBe("abc123");
    expect(shown.href).toBe("http://127.0.0.1:5123/threads/a?view=graph#step-3");
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe("abc123");
  });

  it("finds the token again after a reload of the same tab, from session storage", () => {
    const storage = new Map<string, string>();
    takePageToken(page("http://127.0.0.1:5123/?token=abc123", storage).win);
    expect(takePageToken(page("http://127.0.0.1:5123/", storage).win)).toBe("abc123");
  });

  it("has no token in a fresh tab without one", () => {
    expect(takePageToken(page("http://127.0.0.1:5123/").win)).toBe("");
  });
});
