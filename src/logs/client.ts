/** @module The EndpointLog of an endpoint: one Durable Object per endpoint id. */
import type { EndpointLog } from "./endpoint-log";

export function endpointLogFor(env: Env, endpointId: string): DurableObjectStub<EndpointLog> {
  return env.ENDPOINT_LOG.get(env.ENDPOINT_LOG.idFromName(endpointId));
}
