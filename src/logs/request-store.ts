/** @module SQL for the request log inside an EndpointLog. */
import { encodeCursor } from "./cursor";
import type { Page, RequestRecord } from "./types";

type RequestRow = {
  seq: number;
  id: string;
  at: string;
  method: string;
  path: string;
  query: string;
  headers: string;
  body: string;
  body_truncated: number;
  rule_id: string | null;
  status: number;
  duration_ms: number;
};

/** Stores a record (already redacted and truncated); a repeated id is kept once. */
export function insertRequest(sql: SqlStorage, rec: RequestRecord): void {
  sql.exec(
    `INSERT INTO requests (id, at, method, path, query, headers, body, body_truncated, rule_id,
       status, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
    rec.id,
    rec.at,
    rec.method,
    rec.path,
    JSON.stringify(rec.query),
    JSON.stringify(rec.headers),
    rec.body,
    rec.bodyTruncated ? 1 : 0,
    rec.ruleId,
    rec.status,
    Math.round(rec.durationMs),
  );
}

/** Keeps the newest `keep` requests; reads only the rows it deletes. */
export function trimRequests(sql: SqlStorage, keep: number): void {
  sql.exec("DELETE FROM requests WHERE seq <= (SELECT MAX(seq) FROM requests) - ?", keep);
}

export function listRequests(
  sql: SqlStorage,
  limit: number,
  beforeSeq: number | null,
): Page<RequestRecord> {
  const rows = sql
    .exec<RequestRow>(
      `SELECT * FROM requests WHERE seq < ? ORDER BY seq DESC LIMIT ?`,
      beforeSeq ?? Number.MAX_SAFE_INTEGER,
      limit + 1,
    )
    .toArray();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toRecord),
    next: rows.length > limit && last ? encodeCursor(last.seq) : null,
  };
}

function toRecord(row: RequestRow): RequestRecord {
  return {
    id: row.id,
    at: row.at,
    method: row.method,
    path: row.path,
    query: JSON.parse(row.query) as RequestRecord["query"],
    headers: JSON.parse(row.headers) as RequestRecord["headers"],
    body: row.body,
    bodyTruncated: row.body_truncated === 1,
    ruleId: row.rule_id,
    status: row.status,
    durationMs: row.duration_ms,
  };
}
