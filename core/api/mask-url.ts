/**
 * The one place a PostgreSQL URL is turned into text for a person: the password is always masked, so no
 * message, log line, recent-files entry or screen carries a credential. In core/api because the backend
 * (core/storage/postgres/url.ts re-exports it) and the app both show such URLs. Pure: only the URL global.
 */

/** `url` with its password (and a `password=` query parameter) replaced by `***`; unparsable text is masked whole. */
export function maskUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "(an unparsable PostgreSQL URL)";
  }
  if (parsed.password !== "") parsed.password = "***";
  for (const key of [...parsed.searchParams.keys()]) if (/^(password|sslpassword|sslkey)$/i.test(key)) parsed.searchParams.set(key, "***");
  return parsed.toString().replace(/%2A%2A%2A/g, "***");
}
