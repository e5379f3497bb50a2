/** Helpers for the history tests. */
import { env } from "cloudflare:workers";
import { endpointLogFor } from "../../src/logs/client";
import type { CalloutRecord, RequestRecord } from "../../src/logs/types";
import { call, json } from "../helpers";

/** Recording runs in waitUntil after the response, so tests poll for it (up to 2 s). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 2000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface RequestPage {
  requests: RequestRecord[];
  next: string | null;
}

export interface CalloutPage {
  callouts: CalloutRecord[];
  next: string | null;
}

export async function requestsOf(key: string, name: string, query = ""): Promise<RequestPage> {
  const res = await call(`/api/v1/endpoints/${name}/requests${query}`, { key });
  if (res.status !== 200) throw new Error(`requests: ${res.status} ${await res.text()}`);
  return json<RequestPage>(res);
}

export async function calloutsOf(key: string, name: string, query = ""): Promise<CalloutPage> {
  const res = await call(`/api/v1/endpoints/${name}/callouts${query}`, { key });
  if (res.status !== 200) throw new Error(`callouts: ${res.status} ${await res.text()}`);
  return json<CalloutPage>(res);
}

/** Waits until the endpoint's history holds at least `count` requests; returns the newest page. */
export function requestsEventually(key: string, name: string, count: number) {
  return eventually(
    () => requestsOf(key, name, "?limit=200"),
    (page) => page.requests.length >= count,
  );
}

export async function endpointIdOf(key: string, name: string): Promise<string> {
  const res = await call(`/api/v1/endpoints/${name}`, { key });
  return (await json<{ id: string }>(res)).id;
}

export function logOf(endpointId: string) {
  return endpointLogFor(env, endpointId);
}

export function requestRecord(n: number, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: `req_test${n}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    method: "GET",
    path: `/items/${n}`,
    query: {},
    headers: {},
    body: "",
    bodyTruncated: false,
    ruleId: null,
    status: 200,
    durationMs: 1,
    ...overrides,
  };
}

export function calloutRecord(n: number, overrides: Partial<CalloutRecord> = {}): CalloutRecord {
  return {
    id: `co_test${n}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    ruleId: "rule_test",
    requestId: `req_test${n}`,
    mode: "async",
    method: "POST",
    url: `https://receiver.example/hooks/${n}`,
    connectionId: null,
    requestHeaders: { "content-type": "application/json" },
    requestBody: "{}",
    state: "queued",
    attempts: [],
    ...overrides,
  };
}
