import { DatabaseBadge } from "./DatabaseBadge.tsx";
import { FileMenu } from "./FileMenu.tsx";
import { HostStatus } from "./HostStatus.tsx";
import { StorageButton } from "../panels/storage/StorageButton.tsx";
import { ThemeToggle } from "./ThemeToggle.tsx";

/** The title bar: brand, File menu, the open database, live status, theme. */
export function AppHeader() {
  return (
    <header className="appbar">
      <span className="brand">
        <svg viewBox="0 0 32 32" width="18" height="18" aria-hidden>
          <rect width="32" height="32" rx="7" fill="var(--accent)" />
          <circle cx="16" cy="16" r="9" fill="none" stroke="#fff" strokeWidth="2.5" />
          <path d="M16 10v6l4 3" fill="none" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
        </svg>
        Chronograph
      </span>
      <FileMenu />
      <span className="appbar__sep" />
      <DatabaseBadge />
      <StorageButton />
      <span className="appbar__spacer" />
      <HostStatus />
      <ThemeToggle />
    </header>
  );
}
