import { AlertTriangle, CircleAlert, Info, CircleCheck } from "lucide-react";
import type { ReactNode } from "react";
import type { ErrorInfo } from "../../core/api/errors.ts";

export interface BannerProps {
  tone?: "error" | "warn" | "info" | "ok";
  /** A contract error: its code and message are shown. */
  error?: ErrorInfo | null;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}

const ICONS = { error: CircleAlert, warn: AlertTriangle, info: Info, ok: CircleCheck };

/** A message that stays where the problem is (panel, tab, dialog) until the cause goes away. */
export function ErrorBanner({ tone = "error", error, children, actions, testId }: BannerProps) {
  const Icon = ICONS[tone];
  return (
    <div className={`banner banner--${tone}`} role={tone === "error" ? "alert" : "status"} data-testid={testId}>
      <Icon aria-hidden />
      <div className="banner__body">
        {error && <span className="banner__code">{error.code}</span>}
        {error?.message}
        {children}
      </div>
      {actions}
    </div>
  );
}
