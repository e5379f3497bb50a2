// Creates what the benchmark loads, through the management API only (as a user would): an
// account, one endpoint per scenario, their rules, and the API connection for the callouts.
const JSON_HEADERS = { "content-type": "application/json" };

/** The templated body; bench/mockoon-env.json serves the same with `urlParam` for `pathParam`. */
export const TEMPLATED_BODY = `{"id":"{{pathParam 'id'}}","customer":"{{faker 'person.fullName'}}"}`;
const STATIC_BODY = '{"ok":true,"items":[1,2,3],"note":"a static mock response"}';

export async function signUp(base) {
  const res = await fetch(`${base}/api/v1/accounts`, {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ name: "bench" }),
  });
  if (res.status !== 201) throw new Error(`sign-up: ${res.status} ${await res.text()}`);
  const { apiKey } = await res.json();
  return async function call(path, method = "GET", json = undefined) {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(json ? JSON_HEADERS : {}) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

const get = (path) => ({ method: "GET", path });

export async function createEndpoint(call, name) {
  await call("/endpoints", "POST", { name });
}

export async function addRule(call, endpoint, rule) {
  return call(`/endpoints/${endpoint}/rules`, "POST", { enabled: true, ...rule });
}

export async function setUpStatic(call, name) {
  await createEndpoint(call, name);
  await addRule(call, name, {
    match: get({ op: "exact", value: "/ping" }),
    response: { status: 200, headers: JSON_HEADERS, body: STATIC_BODY },
  });
  return "/ping";
}

export async function setUpTemplated(call, name) {
  await createEndpoint(call, name);
  await addRule(call, name, {
    match: get({ op: "template", value: "/orders/:id" }),
    response: { status: 200, headers: JSON_HEADERS, body: TEMPLATED_BODY },
  });
  return "/orders/42";
}

/**
 * 500 rules, all of which the request's path could reach (same first segment, so the matcher's
 * path index cannot skip them): 499 that fail, each on a different kind of check, and the last
 * one that matches. The request is `GET /orders/42?v=last`.
 */
export async function setUpRules500(call, name) {
  await createEndpoint(call, name);
  const response = { status: 200, headers: JSON_HEADERS, body: STATIC_BODY };
  for (let i = 0; i < 499; i++) {
    await addRule(call, name, { match: failingMatch(i), response });
  }
  await addRule(call, name, {
    description: "the only rule that matches",
    match: {
      method: "GET",
      path: { op: "template", value: "/orders/:id" },
      query: [{ name: "v", op: "equals", value: "last" }],
    },
    response,
  });
  return "/orders/42?v=last";
}

function failingMatch(i) {
  switch (i % 4) {
    case 0: // the path matches; a query condition does not
      return {
        method: "GET",
        path: { op: "template", value: "/orders/:id" },
        query: [{ name: "v", op: "equals", value: `n${i}` }],
      };
    case 1: // a regex with a named group matches; a header condition does not
      return {
        method: "ANY",
        path: { op: "regex", value: "^/orders/(?P<id>[0-9]+)$" },
        headers: [{ name: "x-variant", op: "equals", value: `v${i}` }],
      };
    case 2: // the prefix matches; the method does not
      return { method: "POST", path: { op: "prefix", value: "/orders/" } };
    default: // `contains` matches; a raw-body condition does not
      return {
        method: "ANY",
        path: { op: "contains", value: "/orders" },
        body: [{ op: "contains", value: `b${i}` }],
      };
  }
}

/**
 * The callouts endpoint: `GET /hook?n=…` answers 202 and sends an async callout to the
 * receiver, authorized by a connection to the OAuth server shared with this endpoint.
 */
export async function setUpCallouts(call, name, { tokenUrl, clientId, clientSecret, receiverUrl }) {
  await createEndpoint(call, name);
  const { connection, test } = await call("/connections", "POST", {
    displayName: "bench IdP",
    tokenUrl,
    clientId,
    clientSecret,
    endpoints: [name],
  });
  await addRule(call, name, {
    match: get({ op: "exact", value: "/hook" }),
    response: { status: 202, headers: JSON_HEADERS, body: '{"queued":true}' },
    callout: {
      mode: "async",
      connectionId: connection.id,
      request: {
        method: "POST",
        url: `${receiverUrl}/cb`,
        headers: JSON_HEADERS,
        body: `{"n":"{{queryParam 'n'}}","request":"{{uuid}}"}`,
      },
    },
  });
  return { path: "/hook?n=1", test };
}
