/** Shared helpers for tests that drive the Worker through its public HTTP surface. */
import { exports } from "cloudflare:workers";

export const BASE = "http://localhost:8787";

export interface Json {
  [key: string]: unknown;
}

export async function call(
  path: string,
  init: RequestInit & { key?: string; json?: unknown } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  const url = path.startsWith("http") ? path : `${BASE}${path}`;
  return exports.default.fetch(new Request(url, { ...init, headers, body }));
}

export async function json<T = Json>(res: Response): Promise<T> {
  return res.json<T>();
}

let counter = 0;
export function uniqueName(prefix = "ep"): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export async function signUp(name = "Test account"): Promise<{ key: string; accountId: string }> {
  const res = await call("/api/v1/accounts", { method: "POST", json: { name } });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const body = await json<{ apiKey: string; account: { id: string } }>(res);
  return { key: body.apiKey, accountId: body.account.id };
}

export async function createEndpoint(key: string, name = uniqueName()): Promise<string> {
  const res = await call("/api/v1/endpoints", { method: "POST", key, json: { name } });
  if (res.status !== 201)
    throw new Error(`endpoint create failed: ${res.status} ${await res.text()}`);
  return name;
}

export async function addRule(
  key: string,
  endpoint: string,
  rule: unknown,
): Promise<Json & { id: string }> {
  const res = await call(`/api/v1/endpoints/${endpoint}/rules`, {
    method: "POST",
    key,
    json: rule,
  });
  if (res.status !== 201) throw new Error(`rule create failed: ${res.status} ${await res.text()}`);
  return json<Json & { id: string }>(res);
}

export function hit(endpoint: string, path = "/", init: RequestInit & { json?: unknown } = {}) {
  return call(`/e/${endpoint}${path}`, init);
}
