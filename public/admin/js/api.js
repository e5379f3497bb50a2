/**
 * @module api
 * Client for the management API (/api/v1, see API.md). Errors arrive as
 * application/problem+json (RFC 9457) and are thrown as ApiError.
 */

const KEY_STORAGE = "edgemock.apiKey";
export const API_BASE = "/api/v1";

/** @returns {string} */
export function getKey() {
  return localStorage.getItem(KEY_STORAGE) ?? "";
}

/** @param {string} key */
export function setKey(key) {
  localStorage.setItem(KEY_STORAGE, key);
}

export function clearKey() {
  localStorage.removeItem(KEY_STORAGE);
}

/**
 * @typedef {{ path: string, message: string }} FieldError
 * @typedef {{ type?: string, title?: string, status?: number, detail?: string,
 *   errors?: FieldError[], [k: string]: unknown }} Problem
 */

export class ApiError extends Error {
  /**
   * @param {number} status 0 when the server could not be reached
   * @param {Problem} problem
   */
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

/** @type {() => void} */
let onUnauthorized = () => {};

/** @param {() => void} handler called when a signed-in request answers 401 */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

/**
 * Call the API.
 * @param {string} method
 * @param {string} path below /api/v1, e.g. "/endpoints"
 * @param {{ body?: unknown, signal?: AbortSignal, bearer?: string | null,
 *   handle401?: boolean }} [options] `bearer: null` sends no Authorization (sign-up);
 *   `handle401: false` lets the caller handle a rejected key itself.
 * @returns {Promise<any>} parsed JSON, or null for 204
 */
export async function api(method, path, options = {}) {
  const { body, signal, handle401 = true } = options;
  const bearer = options.bearer === undefined ? getKey() : options.bearer;
  /** @type {Record<string, string>} */
  const headers = { accept: "application/json, application/problem+json" };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers["content-type"] = "application/json";

  let res;
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    // The view that asked has gone away: settle never, so no stale callback runs.
    if (signal?.aborted) return new Promise(() => {});
    throw new ApiError(0, {
      title: "Cannot reach the server",
      detail: err instanceof Error ? err.message : String(err),
    });
  }

  const data = await readBody(res);
  if (res.ok) return data;
  const problem = isObject(data) ? /** @type {Problem} */ (data) : { title: res.statusText };
  if (res.status === 401 && handle401 && bearer) {
    onUnauthorized();
    return new Promise(() => {});
  }
  throw new ApiError(res.status, problem);
}

/** @param {Response} res */
async function readBody(res) {
  if (res.status === 204) return null;
  const text = await res.text();
  if (!text) return null;
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      return JSON.parse(text);
    } catch {
      return { title: `HTTP ${res.status}`, detail: text.slice(0, 300) };
    }
  }
  return { title: `HTTP ${res.status}`, detail: text.slice(0, 300) };
}

/** @param {unknown} v */
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** @param {string} s one path segment */
export const seg = (s) => encodeURIComponent(s);

/**
 * Lists come back wrapped (`{ endpoints: [...] }`); accept a bare array too.
 * @param {unknown} data
 * @param {string} key
 * @returns {any[]}
 */
export function listOf(data, key) {
  if (Array.isArray(data)) return data;
  if (isObject(data)) {
    const v = /** @type {Record<string, unknown>} */ (data)[key];
    if (Array.isArray(v)) return v;
  }
  return [];
}

/**
 * WebSocket URL for an endpoint's live feed. Browsers cannot set headers on a
 * WebSocket handshake, so the key travels as the `key` query parameter.
 * @param {string} name endpoint name
 */
export function liveUrl(name) {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const q = new URLSearchParams({ key: getKey() });
  return `${proto}//${location.host}${API_BASE}/endpoints/${seg(name)}/live?${q}`;
}
