import type { ButtonHTMLAttributes, ReactNode } from "react";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: "default" | "primary" | "danger" | "ghost";
  small?: boolean;
  icon?: ReactNode;
}

/** The app's button: a variant, an optional leading icon, and native button props. */
export function Button({ variant = "default", small = false, icon, className, children, type = "button", ...rest }: ButtonProps) {
  const classes = ["btn", variant !== "default" ? `btn--${variant}` : "", small ? "btn--small" : "", className ?? ""].filter(Boolean).join(" ");
  return (
    <button type={type} className={classes} {...rest}>
      {icon}
      {children}
    </button>
  );
}
