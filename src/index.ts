/**
 * @module Worker entry: mock traffic first (host `NAME.<MOCK_DOMAIN>` or `/e/NAME/...`), then
 * the management API and admin page; the queue consumer and the Durable Object classes.
 */
import { app } from "./app";
import { rotateSecrets } from "./connections/scheduled";
import { consumeCallouts, consumeDeadLetters } from "./callouts/consumer";
import { log } from "./http/log";
import { serveMock } from "./mock/serve";
import { resolveMockTarget } from "./mock/resolve";

export { EndpointLog } from "./logs/endpoint-log";
export { TokenBroker } from "./connections/broker";

export default {
  async fetch(req, env, ctx): Promise<Response> {
    const url = new URL(req.url);
    // The cheapest possible answer: an uptime probe, and the benchmark's ceiling ("raw").
    if (url.pathname === "/healthz") return new Response("ok");
    const target = resolveMockTarget(url, req.headers.get("host") ?? url.host, env.MOCK_DOMAIN);
    if (target) return serveMock(req, target, env, ctx);
    return app.fetch(req, env, ctx);
  },
  async scheduled(_controller, env, ctx): Promise<void> {
    ctx.waitUntil(rotateSecrets(env));
  },
  async queue(batch, env, ctx): Promise<void> {
    // Queue names from wrangler.toml; the dead-letter queue has its own consumer.
    if (batch.queue === "edgemock-callouts") return consumeCallouts(batch, env, ctx);
    if (batch.queue === "edgemock-callouts-dlq") return consumeDeadLetters(batch, env);
    log("error", "batch from an unknown queue; retried", { queue: batch.queue });
    batch.retryAll();
  },
} satisfies ExportedHandler<Env>;
