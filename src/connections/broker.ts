/**
 * @module TokenBroker: one Durable Object per API connection. It holds the connection's access
 * token (in memory and encrypted in its storage) and makes sure only one token request per
 * connection is ever in flight (RELIABILITY.md tests 10, 11, 13-16).
 *
 * A Durable Object's input gate only covers storage I/O: while the token endpoint is being
 * fetched, other calls run. So the pending grant is kept as one promise every caller awaits
 * (google-auth-library-nodejs#338, n8n#12742), and its failure reaches all of them and is then
 * remembered for a backoff instead of being retried by each (openfga/js-sdk#332).
 */
import { DurableObject } from "cloudflare:workers";
import { fetcherFor } from "../callouts/internal";
import { log } from "../http/log";
import { policyFor } from "../outbound/policy-env";
import { forgetToken, persistToken, restoreToken } from "./broker-cache";
import { brokerClock } from "./broker-clock";
import type { LoadOutcome } from "./broker-load";
import { loadConnection } from "./broker-load";
import type { CachedToken, RememberedFailure, Trigger } from "./broker-policy";
import { backoffMs, plan, present } from "./broker-policy";
import type { TokenTest } from "./schema";
import { requestToken } from "./token-client";
import type { TokenOutcome } from "./token-types";
import type { BrokerFailure, BrokerRequest, BrokerToken } from "./tokens";

/** A caller re-plans after a grant that does not fit it (older version); this bounds that. */
const MAX_ROUNDS = 3;

type GrantOutcome = Extract<TokenOutcome, { ok: true }> | BrokerFailure;

interface FlightResult {
  /** The connection version the grant used; callers asking for a newer one ask again. */
  version: number;
  token: BrokerToken;
  outcome: GrantOutcome;
}

export class TokenBroker extends DurableObject<Env> {
  #cache: CachedToken | undefined;
  #failure: RememberedFailure | undefined;
  #flight: Promise<FlightResult> | undefined;
  /** Bumped by destroy(): a grant that finishes afterwards must not bring its token back. */
  #generation = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      this.#cache = await restoreToken(ctx.storage, env, brokerClock.now());
    });
  }

  /** A token for `req.version` or newer. `rejectedTokenId`: the caller got a 401 with it. */
  async getToken(req: BrokerRequest & { rejectedTokenId?: string }): Promise<BrokerToken> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (this.#flight) {
        const result = await this.#flight;
        const rejectedAgain = result.token.ok && result.token.tokenId === req.rejectedTokenId;
        if (result.version >= req.version && !rejectedAgain) return result.token;
        continue;
      }
      const decision = plan({
        cache: this.#matching(req),
        failure: this.#failure,
        version: req.version,
        rejectedTokenId: req.rejectedTokenId,
        now: brokerClock.now(),
      });
      // RFC 6750 §3.1 invalid_token: the token is dropped whether or not a new one can be had.
      if (decision.trigger === "rejected") this.#forget();
      if (decision.action !== "fetch") return decision.token;
      this.#start(req, decision.trigger);
    }
    return changing();
  }

  /**
   * Same as `testToken`. Note: @cloudflare/vitest-plugin treats `test` as a Worker handler name
   * (its WORKER_ENTRYPOINT_KEYS) and refuses it over Durable Object RPC, so callers that are
   * exercised under vitest use `testToken`.
   */

  /** A fresh grant, whatever is cached or backed off (the user asked); never returns the token. */
  async testToken(req: BrokerRequest): Promise<TokenTest> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (this.#flight) {
        // A grant already in flight with the current credentials is a fresh grant too.
        const result = await this.#flight;
        if (result.version >= req.version) return toTest(result.outcome);
        continue;
      }
      this.#start(req, "test");
    }
    return toTest(changing());
  }

  /** The connection was deleted: nothing of it may survive here. */
  async destroy(): Promise<void> {
    this.#generation += 1;
    this.#cache = undefined;
    this.#failure = undefined;
    await this.ctx.storage.deleteAll();
  }

  #matching(req: BrokerRequest): CachedToken | undefined {
    const cache = this.#cache;
    if (cache?.accountId !== req.accountId || cache.connectionId !== req.connectionId) {
      return undefined;
    }
    return cache;
  }

  #forget(): void {
    this.#cache = undefined;
    forgetToken(this.ctx.storage);
  }

  #start(req: BrokerRequest, trigger: Trigger): void {
    const flight: Promise<FlightResult> = this.#grant(req, trigger).finally(() => {
      if (this.#flight === flight) this.#flight = undefined;
    });
    this.#flight = flight;
  }

  /**
   * A token endpoint mocked on one of edgemock's own endpoints is served inside the Worker, as
   * callouts to them are: a Worker fetching its own hostname would loop or be refused.
   */
  #fetcherFor(tokenUrl: string): typeof fetch {
    const ctx: ExecutionContext = {
      waitUntil: (promise) => this.ctx.waitUntil(promise),
      passThroughOnException: () => undefined,
      exports: this.ctx.exports,
      props: {},
    };
    return fetcherFor(tokenUrl, policyFor(this.env), this.env, ctx);
  }

  /** One token request, logged once. Never rejects: every waiter gets a result. */
  async #grant(req: BrokerRequest, trigger: Trigger): Promise<FlightResult> {
    const generation = this.#generation;
    const startedAt = brokerClock.now();
    const started = Date.now();
    let loaded: LoadOutcome | undefined;
    let outcome: GrantOutcome;
    try {
      loaded = await loadConnection(this.env, req);
      outcome = loaded.ok
        ? await requestToken(loaded.config, {
            now: () => brokerClock.now(),
            fetch: this.#fetcherFor(loaded.config.tokenUrl),
            sensitive: this.#cache ? [this.#cache.token] : [],
          })
        : loaded.failure;
    } catch (err) {
      outcome = internalFailure(err);
    }
    const version = loaded?.ok ? loaded.version : req.version;
    const fields = { accountId: req.accountId, connectionId: req.connectionId, version, trigger };
    const durationMs = Date.now() - started;
    if (outcome.ok && loaded?.ok) {
      log("info", "token request", {
        ...fields,
        outcome: "ok",
        httpStatus: outcome.httpStatus,
        durationMs,
      });
      const minted: CachedToken = {
        accountId: req.accountId,
        connectionId: req.connectionId,
        version,
        token: outcome.accessToken,
        tokenId: crypto.randomUUID(),
        headerPrefix: loaded.headerPrefix,
        obtainedAt: startedAt,
        expiresAt: startedAt + outcome.expiresIn * 1000,
      };
      await this.#keep(minted, generation);
      return { version, token: present(minted), outcome };
    }
    const failure = outcome.ok ? internalFailure(undefined) : outcome;
    log("warn", "token request", {
      ...fields,
      outcome: "failed",
      code: failure.code,
      httpStatus: failure.httpStatus,
      durationMs,
    });
    return this.#remember(req, trigger, failure, version, generation);
  }

  async #keep(minted: CachedToken, generation: number): Promise<void> {
    if (generation !== this.#generation) return;
    this.#cache = minted;
    this.#failure = undefined;
    try {
      await persistToken(this.ctx.storage, this.env, minted, () => {
        return generation === this.#generation && this.#cache === minted;
      });
    } catch (err) {
      // The token still works from memory; only a restart will cost one more grant.
      log("warn", "token not persisted", {
        connectionId: minted.connectionId,
        error: err instanceof Error ? err.name : "unknown",
      });
    }
  }

  #remember(
    req: BrokerRequest,
    trigger: Trigger,
    failure: BrokerFailure,
    version: number,
    generation: number,
  ): FlightResult {
    const now = brokerClock.now();
    const prior = this.#failure;
    const streak = prior?.version === version ? prior.streak + 1 : 1;
    const waitMs = backoffMs(failure, streak);
    const told: BrokerFailure =
      failure.kind === "transient"
        ? { ...failure, retryAfterSeconds: Math.ceil(waitMs / 1000) }
        : failure;
    const deleted = failure.code === "connection_deleted";
    if (generation === this.#generation) {
      // A deleted connection stays deleted, whatever version a late caller names.
      const appliesTo = deleted ? Number.MAX_SAFE_INTEGER : version;
      this.#failure = { failure: told, version: appliesTo, until: now + waitMs, streak };
      if (deleted) this.#forget();
    }
    const result = { version: deleted ? Number.MAX_SAFE_INTEGER : version, outcome: told };
    // A failed early refresh must not take away a token that still works.
    const cache = this.#matching(req);
    if (trigger === "expiring" && cache && cache.version >= version && now < cache.expiresAt) {
      return { ...result, token: present(cache) };
    }
    return { ...result, token: told };
  }
}

function toTest(outcome: GrantOutcome): TokenTest {
  const at = new Date(brokerClock.now()).toISOString();
  if (outcome.ok) {
    return {
      ok: true,
      at,
      tokenType: outcome.tokenType,
      expiresIn: outcome.expiresIn,
      ...(outcome.scope === undefined ? {} : { scope: outcome.scope }),
    };
  }
  return {
    ok: false,
    at,
    error: outcome.message,
    code: outcome.code,
    ...(outcome.httpStatus === undefined ? {} : { httpStatus: outcome.httpStatus }),
  };
}

function changing(): BrokerFailure {
  return {
    ok: false,
    kind: "transient",
    code: "connection_changing",
    message: "the API connection changed while its token was being fetched; try again",
    retryAfterSeconds: 1,
  };
}

/** D1 or storage trouble: transient, and named only by error class (messages may echo input). */
function internalFailure(err: unknown): BrokerFailure {
  const name = err instanceof Error ? err.name : "unknown error";
  return {
    ok: false,
    kind: "transient",
    code: "broker_error",
    message: `the token could not be fetched because of an internal error (${name})`,
  };
}
