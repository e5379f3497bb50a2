/**
 * @module Loads an endpoint's configuration for serving: one D1 read (endpoint and rules in a
 * single query) when the per-isolate cache is cold, none while it is warm.
 */
import { compileRules, type CompiledRules } from "../rules/match";
import type { ResponseSpec, Rule, RuleInput } from "../rules/schema";
import { compileTemplate, type CompiledTemplate } from "../templates";
import { CONFIG_TTL_MS, TtlCache } from "./config-cache";

export interface EndpointConfig {
  id: string;
  accountId: string;
  name: string;
  defaultResponse: ResponseSpec;
  rules: readonly Rule[];
  matcher: CompiledRules;
  /** Compiled templates by source text, filled on first use. */
  templates: Map<string, CompiledTemplate>;
}

const cache = new TtlCache<EndpointConfig | null>(CONFIG_TTL_MS);

/** Drops the cached configuration after an edit, so this isolate serves the edit at once. */
export function forgetEndpoint(name: string): void {
  cache.delete(name);
}

export function forgetAllEndpoints(): void {
  cache.clear();
}

interface Row {
  id: string;
  account_id: string;
  default_response: string;
  rule_id: string | null;
  definition: string | null;
}

const QUERY = `SELECT e.id, e.account_id, e.default_response, r.id AS rule_id, r.definition
  FROM endpoints e LEFT JOIN rules r ON r.endpoint_id = e.id
  WHERE e.name = ?1 ORDER BY r.position`;

export async function loadEndpointConfig(
  d1: D1Database,
  name: string,
): Promise<EndpointConfig | null> {
  return cache.get(name, async () => {
    const { results } = await d1.prepare(QUERY).bind(name).all<Row>();
    const first = results[0];
    if (!first) return null;
    const rules: Rule[] = [];
    for (const row of results) {
      if (row.rule_id && row.definition) {
        rules.push({ id: row.rule_id, ...(JSON.parse(row.definition) as RuleInput) });
      }
    }
    return {
      id: first.id,
      accountId: first.account_id,
      name,
      defaultResponse: JSON.parse(first.default_response) as ResponseSpec,
      rules,
      matcher: compileRules(rules),
      templates: new Map(),
    };
  });
}

export function templateOf(config: EndpointConfig, source: string): CompiledTemplate {
  let compiled = config.templates.get(source);
  if (!compiled) {
    compiled = compileTemplate(source);
    config.templates.set(source, compiled);
  }
  return compiled;
}
