import type { ReactNode } from "react";

/** What a panel shows when it has nothing to show yet, and what to do about it. */
export function EmptyState({ title, children, icon }: { title: string; children?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="empty">
      {icon}
      <div className="empty__title">{title}</div>
      {children && <div>{children}</div>}
    </div>
  );
}
