/**
 * @module SQL for the callout log inside an EndpointLog: one row per callout, one per attempt.
 * Attempts are read back in attempt order, ties broken by time.
 */
import { encodeCursor } from "./cursor";
import type { AttemptRecord, CalloutRecord, CalloutState, Page } from "./types";

type CalloutRow = {
  seq: number;
  id: string;
  at: string;
  rule_id: string;
  request_id: string | null;
  mode: string;
  method: string;
  url: string;
  connection_id: string | null;
  request_headers: string;
  request_body: string;
  state: string;
  error: string | null;
};

type AttemptRow = {
  callout_id: string;
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
  response_headers: string | null;
  response_body: string | null;
  response_body_truncated: number;
};

/** Inserts the callout, or updates its header fields; returns whether it was new. */
export function upsertCallout(sql: SqlStorage, rec: CalloutRecord): boolean {
  const existed = calloutExists(sql, rec.id);
  sql.exec(
    `INSERT INTO callouts (id, at, rule_id, request_id, mode, method, url, connection_id,
       request_headers, request_body, state, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET rule_id = excluded.rule_id,
       request_id = excluded.request_id, mode = excluded.mode, method = excluded.method,
       url = excluded.url, connection_id = excluded.connection_id,
       request_headers = excluded.request_headers, request_body = excluded.request_body,
       state = excluded.state, error = excluded.error`,
    rec.id,
    rec.at,
    rec.ruleId,
    rec.requestId,
    rec.mode,
    rec.method,
    rec.url,
    rec.connectionId,
    JSON.stringify(rec.requestHeaders),
    rec.requestBody,
    rec.state,
    rec.error ?? null,
  );
  return !existed;
}

export function calloutExists(sql: SqlStorage, id: string): boolean {
  return sql.exec("SELECT 1 FROM callouts WHERE id = ?", id).toArray().length > 0;
}

/** Appends an attempt; the same (callout, attempt number, time) is stored once. */
export function insertAttempt(sql: SqlStorage, calloutId: string, a: AttemptRecord): void {
  sql.exec(
    `INSERT INTO attempts (callout_id, attempt, at, status, error, duration_ms, response_headers,
       response_body, response_body_truncated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
    calloutId,
    a.attempt,
    a.at,
    a.status ?? null,
    a.error ?? null,
    Math.round(a.durationMs),
    a.responseHeaders ? JSON.stringify(a.responseHeaders) : null,
    a.responseBody ?? null,
    a.responseBodyTruncated ? 1 : 0,
  );
}

export function setCalloutState(
  sql: SqlStorage,
  id: string,
  state: CalloutState,
  error: string | undefined,
): void {
  sql.exec("UPDATE callouts SET state = ?, error = ? WHERE id = ?", state, error ?? null, id);
}

/** Keeps the newest `keep` callouts and their attempts. */
export function trimCallouts(sql: SqlStorage, keep: number): void {
  const cutoff = "(SELECT MAX(seq) FROM callouts) - ?";
  sql.exec(
    `DELETE FROM attempts WHERE callout_id IN (SELECT id FROM callouts WHERE seq <= ${cutoff})`,
    keep,
  );
  sql.exec(`DELETE FROM callouts WHERE seq <= ${cutoff}`, keep);
}

export function getCallout(sql: SqlStorage, id: string): CalloutRecord | null {
  const row = sql.exec<CalloutRow>("SELECT * FROM callouts WHERE id = ?", id).toArray()[0];
  return row ? (withAttempts(sql, [row])[0] ?? null) : null;
}

export function listCallouts(
  sql: SqlStorage,
  limit: number,
  beforeSeq: number | null,
): Page<CalloutRecord> {
  const rows = sql
    .exec<CalloutRow>(
      "SELECT * FROM callouts WHERE seq < ? ORDER BY seq DESC LIMIT ?",
      beforeSeq ?? Number.MAX_SAFE_INTEGER,
      limit + 1,
    )
    .toArray();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: withAttempts(sql, page),
    next: rows.length > limit && last ? encodeCursor(last.seq) : null,
  };
}

/** One query for the attempts of a whole page: the ids go in as one JSON array parameter. */
function withAttempts(sql: SqlStorage, rows: CalloutRow[]): CalloutRecord[] {
  if (rows.length === 0) return [];
  const attempts = sql
    .exec<AttemptRow>(
      `SELECT * FROM attempts WHERE callout_id IN (SELECT value FROM json_each(?))
       ORDER BY attempt, at`,
      JSON.stringify(rows.map((r) => r.id)),
    )
    .toArray();
  const byCallout = new Map<string, AttemptRecord[]>();
  for (const a of attempts) {
    const list = byCallout.get(a.callout_id) ?? [];
    list.push(toAttempt(a));
    byCallout.set(a.callout_id, list);
  }
  return rows.map((row) => toCallout(row, byCallout.get(row.id) ?? []));
}

function toCallout(row: CalloutRow, attempts: AttemptRecord[]): CalloutRecord {
  const rec: CalloutRecord = {
    id: row.id,
    at: row.at,
    ruleId: row.rule_id,
    requestId: row.request_id,
    mode: row.mode as CalloutRecord["mode"],
    method: row.method,
    url: row.url,
    connectionId: row.connection_id,
    requestHeaders: JSON.parse(row.request_headers) as Record<string, string>,
    requestBody: row.request_body,
    state: row.state as CalloutState,
    attempts,
  };
  if (row.error !== null) rec.error = row.error;
  return rec;
}

function toAttempt(row: AttemptRow): AttemptRecord {
  const a: AttemptRecord = { at: row.at, attempt: row.attempt, durationMs: row.duration_ms };
  if (row.status !== null) a.status = row.status;
  if (row.error !== null) a.error = row.error;
  if (row.response_headers !== null) {
    a.responseHeaders = JSON.parse(row.response_headers) as Record<string, string>;
  }
  if (row.response_body !== null) a.responseBody = row.response_body;
  if (row.response_body_truncated === 1) a.responseBodyTruncated = true;
  return a;
}
