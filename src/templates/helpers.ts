/**
 * @module
 * The helper registry. A Map, so a name such as "constructor" or "__proto__" can never resolve to
 * something inherited.
 */
import type { Helper } from "./helper-types";
import { blockHelpers } from "./helpers-block";
import { dataHelpers } from "./helpers-data";
import { logicHelpers } from "./helpers-logic";
import { requestHelpers } from "./helpers-request";

export const HELPERS: ReadonlyMap<string, Helper> = new Map(
  Object.entries({ ...requestHelpers, ...dataHelpers, ...logicHelpers, ...blockHelpers }),
);

/** Names a template can call, for documentation and error messages. */
export const HELPER_NAMES: readonly string[] = [...HELPERS.keys()].sort();
