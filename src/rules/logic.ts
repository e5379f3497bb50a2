import { env } from "cloudflare:workers";
import { calloutSaveErrors } from "../callouts/save-check";
import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { requireEndpoint } from "../endpoints/logic";
import { AppError, notFound, validationFailed, type FieldError } from "../http/errors";
import { forgetEndpoint } from "../mock/config";
import { policyFor } from "../outbound/policy-env";
import { MAX_RULES_PER_ENDPOINT } from "./limits";
import type { Rule, RuleInput } from "./schema";
import * as store from "./store";
import { ruleTemplateErrors } from "./template-check";

export function ruleFromRow(row: store.RuleRow): Rule {
  return { id: row.id, ...(JSON.parse(row.definition) as RuleInput) };
}

/**
 * Checks that go past the schema: templates compile, the connection is shared, and a callout's
 * static URL and body pass the callout checks. The URL policy reads the Worker's vars through
 * the `cloudflare:workers` env, as the route handlers do not pass env down.
 */
async function checkRule(
  d: Db,
  accountId: string,
  endpointId: string,
  rule: RuleInput,
): Promise<void> {
  const errors: FieldError[] = ruleTemplateErrors(rule);
  const connectionId = rule.callout?.connectionId;
  let shared = true;
  if (connectionId && !(await store.isConnectionShared(d, accountId, connectionId, endpointId))) {
    shared = false;
    errors.push({
      path: "callout.connectionId",
      message: "is not an API connection shared with this endpoint",
    });
  }
  if (rule.callout) {
    errors.push(...(await calloutSaveErrors(d, accountId, rule.callout, policyFor(env), shared)));
  }
  if (errors.length > 0) throw validationFailed(errors);
}

export async function listRules(d: Db, accountId: string, name: string): Promise<Rule[]> {
  const endpoint = await requireEndpoint(d, accountId, name);
  return (await store.listRuleRows(d, endpoint.id)).map(ruleFromRow);
}

export async function createRule(
  d: Db,
  accountId: string,
  name: string,
  input: RuleInput,
): Promise<Rule> {
  const endpoint = await requireEndpoint(d, accountId, name);
  await checkRule(d, accountId, endpoint.id, input);
  const id = newId("rule");
  const added = await store.appendRule(
    d,
    {
      id,
      endpointId: endpoint.id,
      accountId,
      definition: JSON.stringify(input),
      connectionId: input.callout?.connectionId ?? null,
    },
    MAX_RULES_PER_ENDPOINT,
  );
  if (!added) {
    throw new AppError(
      "conflict",
      409,
      `An endpoint holds at most ${MAX_RULES_PER_ENDPOINT} rules; delete one before adding another`,
    );
  }
  forgetEndpoint(name);
  return { id, ...input };
}

export async function replaceRule(
  d: Db,
  accountId: string,
  name: string,
  id: string,
  input: RuleInput,
): Promise<Rule> {
  const endpoint = await requireEndpoint(d, accountId, name);
  await checkRule(d, accountId, endpoint.id, input);
  const row = await store.replaceRule(
    d,
    endpoint.id,
    id,
    JSON.stringify(input),
    input.callout?.connectionId ?? null,
    new Date().toISOString(),
  );
  if (!row) throw notFound("The rule");
  forgetEndpoint(name);
  return ruleFromRow(row);
}

export async function deleteRule(d: Db, accountId: string, name: string, id: string) {
  const endpoint = await requireEndpoint(d, accountId, name);
  if (!(await store.deleteRule(d, endpoint.id, id))) throw notFound("The rule");
  forgetEndpoint(name);
}

export async function reorderRules(
  d: Db,
  accountId: string,
  name: string,
  ids: readonly string[],
): Promise<Rule[]> {
  const endpoint = await requireEndpoint(d, accountId, name);
  const rows = await store.listRuleRows(d, endpoint.id);
  const known = new Set(rows.map((r) => r.id));
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    if (!known.has(id))
      errors.push({ path: `ids.${i}`, message: "is not a rule of this endpoint" });
    else if (seen.has(id)) errors.push({ path: `ids.${i}`, message: "is listed twice" });
    seen.add(id);
  });
  if (errors.length === 0 && seen.size !== known.size) {
    errors.push({ path: "ids", message: `must list every rule once (${known.size} rules)` });
  }
  if (errors.length > 0) throw validationFailed(errors);
  await store.setOrder(d, endpoint.id, ids);
  forgetEndpoint(name);
  return listRules(d, accountId, name);
}
