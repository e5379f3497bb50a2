/**
 * @module One JSON line per notable event. Callers pass ids and outcomes, never secrets or
 * tokens: nothing here can tell a secret from an id, so the rule is kept at the call sites.
 */
type Level = "info" | "warn" | "error";

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, msg, at: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
