/**
 * A fake `fetch` that records every request and answers through a handler, standing in for an
 * authorization server that can be switched to any failure (RELIABILITY.md "Fakes").
 */

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string;
  redirect: string | undefined;
  signal: AbortSignal | undefined;
}

export type Answer = (request: RecordedRequest, index: number) => Response | Promise<Response>;

export function fakeFetch(answer: Answer): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fake: typeof fetch = async (input, init) => {
    const request: RecordedRequest = {
      url: input instanceof Request ? input.url : String(input),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? init.body : "",
      redirect: init?.redirect,
      signal: init?.signal ?? undefined,
    };
    requests.push(request);
    return answer(request, requests.length - 1);
  };
  return { fetch: fake, requests };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export const GOOD_TOKEN = "eyJhbGciOiJub25lIn0.e30.sig-abc_DEF~123";

export function tokenJson(extra: Record<string, unknown> = {}): Response {
  return json({ access_token: GOOD_TOKEN, token_type: "Bearer", expires_in: 3600, ...extra });
}

/** A body that sends `chunk` every `everyMs` and never ends; `cancelled` flips when cancelled. */
export function endlessBody(
  chunk: Uint8Array,
  everyMs = 0,
): {
  stream: ReadableStream<Uint8Array>;
  state: { cancelled: boolean; sent: number };
} {
  const state = { cancelled: false, sent: 0 };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (everyMs > 0) await new Promise((resolve) => setTimeout(resolve, everyMs));
      state.sent += chunk.byteLength;
      controller.enqueue(chunk.slice());
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

/** Decodes one half of a Basic credential (RFC 6749 Appendix B). */
export function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}
