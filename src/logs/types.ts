/**
 * @module Shapes of the request and callout history (API.md "History"), shared by the
 * EndpointLog Durable Object, the history API, the mock hot path and the callout sender.
 */

export interface RequestRecord {
  id: string;
  at: string;
  method: string;
  /** Path relative to the endpoint, e.g. "/orders/42". */
  path: string;
  /** Query parameters; a repeated key holds an array. */
  query: Record<string, string | string[]>;
  /** Lower-cased names; Authorization, Cookie and key-like values redacted before storage. */
  headers: Record<string, string>;
  body: string;
  bodyTruncated: boolean;
  ruleId: string | null;
  status: number;
  durationMs: number;
}

export type CalloutState = "queued" | "retrying" | "delivered" | "failed";

export interface AttemptRecord {
  at: string;
  /** 1-based attempt number. */
  attempt: number;
  status?: number;
  error?: string;
  durationMs: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  responseBodyTruncated?: boolean;
}

export interface CalloutRecord {
  id: string;
  at: string;
  ruleId: string;
  requestId: string | null;
  mode: "async" | "sync";
  method: string;
  url: string;
  connectionId: string | null;
  /** Redacted request headers as sent. */
  requestHeaders: Record<string, string>;
  requestBody: string;
  state: CalloutState;
  /** Why the callout ended failed, in words (set with state "failed"). */
  error?: string;
  attempts: AttemptRecord[];
}

/** What the live feed pushes to a WebSocket, one JSON message each. */
export type LiveMessage =
  { type: "request"; request: RequestRecord } | { type: "callout"; callout: CalloutRecord };

export interface Page<T> {
  items: T[];
  /** Cursor for the next (older) page, or null at the end. */
  next: string | null;
}
