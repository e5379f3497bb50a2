/**
 * @module connection-form
 * `#/connections/new` and `#/connections/ID`: create or edit an API connection.
 * Every save runs the token test; its result is shown and announced.
 */
import { api, listOf, seg } from "./api.js";
import { h, replace } from "./dom.js";
import { field, group, input, select, showFormErrors, textarea } from "./fields.js";
import { navigate } from "./router.js";
import { deleteConnection, testResult } from "./connections.js";
import { kvRows } from "./rows.js";
import { loading, pageHeader, problemBox, toast } from "./ui.js";

/** Test result of a create, carried over to the edit page it navigates to. */
let pending = /** @type {{ id: string, test: unknown } | null} */ (null);

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params id, or none for a new one
 * @param {{ signal: AbortSignal }} ctx
 */
export function connectionFormView(root, params, ctx) {
  const isNew = !params.id || params.id === "new";
  root.append(
    h(
      "nav",
      { class: "crumbs", "aria-label": "Breadcrumb" },
      h("a", { href: "#/connections", text: "API connections" }),
      h("span", { "aria-current": "page", text: isNew ? "New" : "Edit" }),
    ),
    pageHeader(isNew ? "New API connection" : "Edit API connection"),
  );
  const body = h("div", { testid: "connection-form-screen" }, loading());
  root.append(body);

  const endpoints = api("GET", "/endpoints", { signal: ctx.signal }).then((d) =>
    listOf(d, "endpoints").map((e) => String(e.name)),
  );
  const conn = isNew
    ? Promise.resolve(null)
    : api("GET", `/connections/${seg(params.id ?? "")}`, { signal: ctx.signal }).then(
        (d) => d?.connection ?? d,
      );
  Promise.all([endpoints, conn])
    .then(([names, c]) => {
      const carried = pending && c && pending.id === c.id ? pending.test : undefined;
      pending = null;
      replace(body, connectionForm(c, names, ctx.signal, carried));
    })
    .catch((err) => replace(body, problemBox(err)));
}

/**
 * @param {any} c existing connection or null
 * @param {string[]} endpointNames the account's endpoints
 * @param {AbortSignal} signal
 * @param {unknown} carriedTest test result from the create that led here
 */
function connectionForm(c, endpointNames, signal, carriedTest) {
  const top = h("div");
  const result = h("div", {
    class: "test-slot",
    "aria-live": "polite",
    testid: "connection-test-result",
  });
  const name = input({ value: c?.displayName ?? "", testid: "conn-display-name" });
  const tokenUrl = input({
    type: "url",
    class: "mono",
    value: c?.tokenUrl ?? "",
    placeholder: "https://auth.example.com/oauth/token",
    testid: "conn-token-url",
  });
  const clientId = input({ value: c?.clientId ?? "", class: "mono", testid: "conn-client-id" });
  const secret = input({
    type: "password",
    autocomplete: "new-password",
    testid: "conn-client-secret",
  });
  const prefix = input({ value: c?.headerPrefix ?? "Bearer", testid: "conn-header-prefix" });
  const params = kvRows({
    path: "additionalParams",
    noun: "Parameter",
    map: c?.additionalParams,
    keyLabel: "Key",
    testid: "conn-params",
  });
  const clientAuth = select(["client_secret_basic", "client_secret_post"], {
    value: c?.clientAuth ?? "client_secret_basic",
    testid: "conn-client-auth",
  });
  const hosts = textarea({
    rows: 3,
    value: (c?.allowedHosts ?? []).join("\n"),
    placeholder: "api.example.com\nhooks.example.com",
    testid: "conn-allowed-hosts",
  });
  const shared = new Set(c?.endpoints ?? []);
  const boxes = endpointNames.map((n) => {
    const box = h("input", { type: "checkbox", value: n, checked: shared.has(n) });
    return { n, box, el: h("label", { class: "check" }, box, h("code", { text: n })) };
  });

  const save = h("button", {
    type: "submit",
    class: "btn btn-primary",
    testid: "connection-save",
    text: c ? "Save" : "Create",
  });
  const testBtn = c
    ? h("button", { type: "button", class: "btn", testid: "connection-test", text: "Test" })
    : null;
  const delSlot = h("div");
  const del = c
    ? h("button", {
        type: "button",
        class: "btn btn-danger-ghost",
        testid: "connection-delete",
        text: "Delete",
        onclick: () => void deleteConnection(c, async () => navigate("#/connections"), delSlot),
      })
    : null;

  const form = /** @type {HTMLFormElement} */ (
    h(
      "form",
      { class: "card stack", novalidate: true, testid: "connection-form" },
      top,
      field("Display Name", name, { path: "displayName" }),
      group(
        "Shared Endpoints",
        "endpoints",
        h("p", { class: "hint", text: "Rules of these endpoints may use this connection." }),
        boxes.length
          ? h(
              "div",
              { class: "checks" },
              boxes.map((b) => b.el),
            )
          : h("p", { class: "muted", text: "No endpoints yet. You can share it later." }),
      ),
      field("OAuth Token URL", tokenUrl, { path: "tokenUrl" }),
      h(
        "div",
        { class: "grid-2" },
        field("Client ID", clientId, { path: "clientId" }),
        field("Client Secret", secret, {
          path: "clientSecret",
          hint: c
            ? [
                "Leave blank to keep the stored secret. ",
                h("span", {
                  class: c.hasSecret ? "badge badge-ok" : "badge badge-warn",
                  testid: "conn-has-secret",
                  dataset: { hasSecret: String(Boolean(c.hasSecret)) },
                  text: c.hasSecret ? "secret stored" : "no secret stored",
                }),
              ]
            : "Stored encrypted; it is never shown again.",
        }),
      ),
      h(
        "div",
        { class: "grid-2" },
        field("Header Prefix", prefix, {
          path: "headerPrefix",
          hint: "Callouts send Authorization: <prefix> <token>. Empty sends the token alone.",
        }),
        field("Client Authentication", clientAuth, {
          path: "clientAuth",
          hint:
            "client_secret_basic sends the ID and secret in an Authorization header " +
            "(RFC 6749 §2.3.1). Pick client_secret_post only if the provider wants them " +
            "as form fields in the request body instead.",
        }),
      ),
      group(
        "Additional Parameters",
        "additionalParams",
        h("p", {
          class: "hint",
          text: "Extra form fields for the token request, e.g. scope or audience.",
        }),
        params.el,
      ),
      field("Allowed Hosts", hosts, {
        path: "allowedHosts",
        hint:
          "Comma or line separated. Callouts with this token go only to these hosts; " +
          "empty allows any.",
      }),
      result,
      h("div", { class: "actions" }, del, testBtn, save),
      delSlot,
    )
  );
  // Filled on the next frame, once the live region is in the document, so it is announced.
  // After a create the router has focused the heading at the top; the result sits by the
  // buttons at the bottom, so bring it into view.
  if (carriedTest !== undefined)
    requestAnimationFrame(() => {
      replace(result, testResult(carriedTest));
      result.scrollIntoView({ block: "nearest" });
    });
  else if (c?.lastTest) replace(result, testResult(c.lastTest));

  testBtn?.addEventListener("click", async () => {
    testBtn.setAttribute("disabled", "");
    replace(result, h("p", { class: "muted", text: "Requesting a token…" }));
    try {
      replace(result, testResult(await api("POST", `/connections/${seg(c.id)}/test`, { signal })));
    } catch (err) {
      replace(result, problemBox(err));
    } finally {
      testBtn.removeAttribute("disabled");
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const hostList = hosts.value
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    /** @type {Record<string, unknown>} */
    const payload = {
      displayName: name.value.trim(),
      tokenUrl: tokenUrl.value.trim(),
      clientId: clientId.value.trim(),
      headerPrefix: prefix.value.trim(),
      additionalParams: params.value(),
      clientAuth: clientAuth.value,
      endpoints: boxes
        .filter((b) => /** @type {HTMLInputElement} */ (b.box).checked)
        .map((b) => b.n),
    };
    if (secret.value !== "") payload.clientSecret = secret.value;
    else if (!c) payload.clientSecret = "";
    // Send hosts when there are some, or to clear a list that had some.
    if (hostList.length || (c?.allowedHosts ?? []).length) payload.allowedHosts = hostList;

    save.setAttribute("disabled", "");
    replace(result, h("p", { class: "muted", text: "Saving and requesting a token…" }));
    try {
      const data = c
        ? await api("PATCH", `/connections/${seg(c.id)}`, { body: payload, signal })
        : await api("POST", "/connections", { body: payload, signal });
      showFormErrors(form, top, null);
      secret.value = "";
      if (!c && data?.connection?.id) {
        toast("Connection created");
        pending = { id: data.connection.id, test: data.test };
        navigate(`#/connections/${seg(data.connection.id)}`);
        return;
      }
      toast("Connection saved");
      replace(result, testResult(data?.test));
    } catch (err) {
      replace(result);
      showFormErrors(form, top, err);
    } finally {
      save.removeAttribute("disabled");
    }
  });
  return form;
}
