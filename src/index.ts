export default {
  async fetch(): Promise<Response> {
    return new Response("ok");
  },
} satisfies ExportedHandler<Env>;
export class TokenBroker {}
export class EndpointLog {}
