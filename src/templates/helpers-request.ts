/**
 * @module
 * Helpers that read the incoming request: method, path, pathParam, queryParam, header, body.
 * A default is used when the value is missing (not when it is present but empty).
 */
import type { Helper, HelperCall } from "./helper-types";
import { ifLiteral, stringArg } from "./helper-types";
import { lookupDotPath } from "./values";

function orDefault(value: unknown, call: HelperCall): unknown {
  return value === undefined || value === null ? call.params[1] : value;
}

function nameCheck(helper: string) {
  return (args: readonly unknown[]): void => {
    if (args.length > 0) ifLiteral(args[0], (v) => stringArg(helper, "the name", v));
  };
}

export const requestHelpers: Readonly<Record<string, Helper>> = {
  method: { kind: "inline", minArgs: 0, maxArgs: 0, run: (c) => c.env.data.request.method },
  path: { kind: "inline", minArgs: 0, maxArgs: 0, run: (c) => c.env.data.request.path },
  pathParam: {
    kind: "inline",
    minArgs: 1,
    maxArgs: 2,
    check: nameCheck("pathParam"),
    run(c) {
      const name = stringArg("pathParam", "the name", c.params[0]);
      const params = c.env.data.request.pathParams;
      return orDefault(Object.hasOwn(params, name) ? params[name] : undefined, c);
    },
  },
  queryParam: {
    kind: "inline",
    minArgs: 1,
    maxArgs: 2,
    check: nameCheck("queryParam"),
    run(c) {
      const name = stringArg("queryParam", "the name", c.params[0]);
      return orDefault(c.env.data.request.query.get(name), c);
    },
  },
  header: {
    kind: "inline",
    minArgs: 1,
    maxArgs: 2,
    check: nameCheck("header"),
    run(c) {
      const name = stringArg("header", "the name", c.params[0]);
      // Headers.get is case-insensitive and joins repeated headers with ", " (Fetch standard).
      return orDefault(c.env.data.request.headers.get(name), c);
    },
  },
  body: {
    kind: "inline",
    minArgs: 0,
    maxArgs: 2,
    check: nameCheck("body"),
    run(c) {
      if (c.params.length === 0) return c.env.data.request.body;
      const path = stringArg("body", "the path", c.params[0]);
      return orDefault(lookupDotPath(c.env.data.parsedBody(), path), c);
    },
  },
};
