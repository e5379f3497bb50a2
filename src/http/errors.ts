/**
 * @module One typed error for the whole app, turned into RFC 9457 problem+json in one place.
 */

export type ErrorCode =
  | "bad_request"
  | "malformed_json"
  | "validation_failed"
  | "unauthorized"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "encryption_unavailable"
  | "template_render_failed"
  | "callout_failed"
  | "callout_timeout"
  | "internal";

const TITLES: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  malformed_json: "Malformed JSON",
  validation_failed: "Validation failed",
  unauthorized: "Unauthorized",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  encryption_unavailable: "Encryption unavailable",
  template_render_failed: "Template render failed",
  callout_failed: "Callout failed",
  callout_timeout: "Callout timed out",
  internal: "Internal error",
};

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    status: number,
    detail: string,
    options: { errors?: FieldError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = "AppError";
    this.code = code;
    this.status = status;
    this.errors = options.errors;
    this.extra = options.extra;
  }
}

export const notFound = (what: string): AppError =>
  new AppError("not_found", 404, `${what} was not found`);

export const validationFailed = (errors: FieldError[], detail?: string): AppError =>
  new AppError("validation_failed", 422, detail ?? describeFieldErrors(errors), { errors });

function describeFieldErrors(errors: FieldError[]): string {
  const first = errors[0];
  if (!first) return "The request body is not valid";
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  return `${first.path || "body"}: ${first.message}${more}`;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function problemBody(err: AppError): ProblemBody {
  return {
    ...err.extra,
    type: `urn:edgemock:problem:${err.code}`,
    title: TITLES[err.code],
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

export function problemResponse(err: AppError, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/problem+json");
  return new Response(JSON.stringify(problemBody(err)), { status: err.status, headers: h });
}
