/**
 * @module
 * The only data a template can read: the incoming request. Derived views (parsed body, query and
 * header maps) are built lazily and cached per TemplateRequest object in a WeakMap, so the status,
 * headers and body templates of one response parse a JSON or form body at most once, as long as
 * the caller passes the same TemplateRequest object to each renderTemplate call.
 */
import { parseBody as readBody } from "../rules/body";

/** What a template may read: only the incoming request. Never env, secrets, tokens. */
export interface TemplateRequest {
  method: string;
  /** Path as the user sees it relative to the endpoint, e.g. "/orders/42". */
  path: string;
  query: URLSearchParams;
  /** Incoming request headers. */
  headers: Headers;
  /** Raw body text ("" when none). */
  body: string;
  /** From template paths (/orders/:id) and regex named groups. */
  pathParams: Record<string, string>;
}

export interface RequestData {
  readonly request: TemplateRequest;
  /** JSON or form-urlencoded body as data; undefined when the body is neither. */
  parsedBody(): unknown;
  /** The root template context: `{{body.a}}`, `{{query.q}}`, `{{headers.x-id}}`, `@root...`. */
  root(): Record<string, unknown>;
}

const cache = new WeakMap<TemplateRequest, RequestData>();

export function requestData(request: TemplateRequest): RequestData {
  let data = cache.get(request);
  if (data === undefined) {
    data = createRequestData(request);
    cache.set(request, data);
  }
  return data;
}

function createRequestData(request: TemplateRequest): RequestData {
  let body: { value: unknown } | undefined;
  let root: Record<string, unknown> | undefined;
  const parsedBody = (): unknown => {
    body ??= { value: parseBody(request.body, request.headers.get("content-type")) };
    return body.value;
  };
  return {
    request,
    parsedBody,
    root() {
      root ??= dataObject([
        ["method", request.method],
        ["path", request.path],
        ["query", firstValues(request.query)],
        ["headers", dataObject([...request.headers])],
        ["pathParams", dataObject(Object.entries(request.pathParams))],
        ["body", parsedBody()],
      ]);
      return root;
    },
  };
}

/** Null-prototype objects: nothing inherited can be reached through them. */
function dataObject(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}

function firstValues(params: URLSearchParams): Record<string, unknown> {
  const out = dataObject([]);
  for (const [key, value] of params) if (!Object.hasOwn(out, key)) out[key] = value;
  return out;
}

/** A form body as data; a key sent more than once becomes an array of its values. */
function formData(fields: URLSearchParams): Record<string, unknown> {
  const out = dataObject([]);
  for (const [key, value] of fields) {
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}

/** The body as template data, read by the same rule as body conditions (src/rules/body.ts). */
function parseBody(text: string, contentType: string | null): unknown {
  const parsed = readBody(text, contentType);
  if (parsed.kind === "json") return parsed.value;
  if (parsed.kind === "form") return formData(parsed.fields);
  return undefined;
}
