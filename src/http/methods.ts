/** @module Finds the methods a path does accept, so a wrong method gets 405 with Allow. */
import type { Hono } from "hono";
import type { AppEnv } from "../env";

const cache = new WeakMap<object, { method: string; pattern: RegExp }[]>();

function compiled(app: Hono<AppEnv>) {
  let list = cache.get(app);
  if (!list) {
    list = app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => ({
        method: r.method,
        pattern: new RegExp(
          `^${r.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z0-9_]+/g, "[^/]+")}$`,
        ),
      }));
    cache.set(app, list);
  }
  return list;
}

export function allowedMethods(app: Hono<AppEnv>, path: string): string[] {
  const methods = new Set<string>();
  for (const r of compiled(app)) if (r.pattern.test(path)) methods.add(r.method);
  return [...methods];
}
