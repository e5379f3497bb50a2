/**
 * @module The EndpointLog's own SQLite schema. `seq` is a plain INTEGER PRIMARY KEY (no
 * AUTOINCREMENT): SQLite gives each insert max(seq) + 1, an upsert that hits an existing id uses
 * none, so seq numbers have no gaps at the new end and "the newest N" is `seq > max - N`.
 */

const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS requests (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL,
    headers TEXT NOT NULL,
    body TEXT NOT NULL,
    body_truncated INTEGER NOT NULL,
    rule_id TEXT,
    status INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS callouts (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    request_id TEXT,
    mode TEXT NOT NULL,
    method TEXT NOT NULL,
    url TEXT NOT NULL,
    connection_id TEXT,
    request_headers TEXT NOT NULL,
    request_body TEXT NOT NULL,
    state TEXT NOT NULL,
    error TEXT
  )`,
  `CREATE TABLE IF NOT EXISTS attempts (
    callout_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at TEXT NOT NULL,
    status INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL,
    response_headers TEXT,
    response_body TEXT,
    response_body_truncated INTEGER NOT NULL,
    PRIMARY KEY (callout_id, attempt, at)
  )`,
];

/** Idempotent: safe on every start of the object. */
export function createSchema(sql: SqlStorage): void {
  for (const statement of STATEMENTS) sql.exec(statement);
}
