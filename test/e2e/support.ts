/** Talking to a running Worker over HTTP from Node. */
export interface Client {
  key: string;
  call(path: string, init?: { method?: string; json?: unknown }): Promise<Response>;
}

export async function signUp(base: string): Promise<Client> {
  const res = await fetch(`${base}/api/v1/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "e2e" }),
  });
  if (res.status !== 201) throw new Error(`sign-up: ${res.status} ${await res.text()}`);
  const { apiKey } = (await res.json()) as { apiKey: string };
  return {
    key: apiKey,
    call(path, init = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
      if (init.json !== undefined) headers["content-type"] = "application/json";
      return fetch(`${base}${path}`, {
        method: init.method ?? "GET",
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
    },
  };
}

export async function until<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
