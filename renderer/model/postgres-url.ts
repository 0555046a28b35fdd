/**
 * The Connect to PostgreSQL form's fields, composed into the postgres:// URL the backend opens, and
 * back from a recent connection's masked URL. The password goes into the URL sent and nowhere else:
 * what is shown is always masked, and a field filled from a masked URL starts empty.
 */

import { maskUrl } from "../../core/api/mask-url.ts";

export interface PgFields {
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  /** A non-default schema (`?schema=`); empty for the server's default. */
  schema: string;
  /** Other query parameters carried over from a recent URL (sslmode=require, say), as `a=b&c=d`. */
  options: string;
}

export const EMPTY_PG_FIELDS: PgFields = { host: "localhost", port: "5432", database: "", user: "", password: "", schema: "", options: "" };

const MASK = "***";
const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;
const HOST = /^[A-Za-z0-9._:[\]-]+$/;

/** `url` with its password (and any password= parameter) shown as ***; a file path as it is. */
export function maskPassword(url: string): string {
  return isPostgresPath(url) ? maskUrl(url) : url;
}

/** The fields of `url` (a recent connection, masked or not), with the password left empty. */
export function fieldsFromUrl(url: string): PgFields {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ...EMPTY_PG_FIELDS };
  }
  const options = new URLSearchParams(parsed.search);
  const schema = options.get("schema") ?? "";
  options.delete("schema");
  for (const key of [...options.keys()]) if (/password/i.test(key)) options.delete(key);
  return {
    host: decodeURIComponent(parsed.hostname),
    port: parsed.port || "5432",
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")),
    user: decodeURIComponent(parsed.username),
    password: "",
    schema,
    options: options.toString(),
  };
}

/** The URL to open, and the same URL masked for showing; or the one problem with the fields, in words. */
export function composeUrl(fields: PgFields): { url: string; shown: string } | { problem: string } {
  const host = fields.host.trim();
  const database = fields.database.trim();
  const user = fields.user.trim();
  const schema = fields.schema.trim();
  const port = fields.port.trim() || "5432";
  if (!host || !HOST.test(host)) return { problem: "Host: give a server name or address (letters, digits, dots, dashes)." };
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return { problem: `Port: "${port}" is not a port number (1-65535).` };
  if (!database) return { problem: "Database: give the database's name." };
  if (!user) return { problem: "User: give the user to log in as." };
  if (fields.password === MASK) return { problem: "Password: type the password itself (*** is how it is shown, not what it is)." };
  if (schema && !SCHEMA.test(schema)) return { problem: `Schema: "${schema}" is not a plain lower-case identifier (letters, digits, _).` };
  const url = new URL(`postgres://${host}`);
  url.port = port === "5432" ? "" : port;
  url.pathname = `/${encodeURIComponent(database)}`;
  url.username = encodeURIComponent(user);
  if (fields.password) url.password = encodeURIComponent(fields.password);
  const params = new URLSearchParams(fields.options.trim());
  params.delete("schema");
  if (schema) params.set("schema", schema);
  url.search = params.toString();
  const text = url.toString();
  return { url: text, shown: maskPassword(text) };
}

/** How a recent entry is named: a PostgreSQL URL as "database · schema @ host", a file by its name. */
export function recentName(path: string, baseName: (path: string) => string): string {
  if (!/^postgres(ql)?:\/\//i.test(path)) return baseName(path);
  const fields = fieldsFromUrl(path);
  return `${fields.database}${fields.schema ? ` · ${fields.schema}` : ""} @ ${fields.host}`;
}

/** Whether `path` is a PostgreSQL URL rather than a file. */
export function isPostgresPath(path: string): boolean {
  return /^postgres(ql)?:\/\//i.test(path);
}
