/**
 * @module The one validation hook: every zod failure at the edge becomes the same 422 problem,
 * naming each field by its dot path (`match.path.value`).
 */
import type { ZodError } from "zod";
import { type FieldError, validationFailed } from "./errors";

export function fieldErrorsOf(error: ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join("."),
    message: issue.message,
  }));
}

type HookResult = { success: true } | { success: false; error: ZodError; target?: string };

/** For OpenAPIHono's `defaultHook`: throw so `app.onError` renders the problem. */
export function validationHook(result: HookResult): void {
  if (result.success) return;
  const errors = fieldErrorsOf(result.error);
  if (result.target && result.target !== "json") {
    for (const e of errors) e.path = e.path ? `${result.target}.${e.path}` : result.target;
  }
  throw validationFailed(errors);
}
