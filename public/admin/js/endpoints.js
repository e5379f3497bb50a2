/**
 * @module endpoints
 * `#/endpoints`: the account's endpoints with their mock URLs; create and delete.
 */
import { api, listOf, seg } from "./api.js";
import { h, replace } from "./dom.js";
import { field, input, showFormErrors } from "./fields.js";
import { navigate } from "./router.js";
import {
  confirmDialog,
  copyable,
  emptyState,
  loading,
  pageHeader,
  problemBox,
  timeEl,
  toast,
} from "./ui.js";

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} _params
 * @param {{ signal: AbortSignal }} ctx
 */
export function endpointsView(root, _params, ctx) {
  const list = h("div", { class: "stack", testid: "endpoint-list" }, loading());
  root.append(
    h(
      "div",
      { testid: "endpoints-screen", class: "stack" },
      pageHeader("Endpoints"),
      createCard(ctx.signal),
      list,
    ),
  );

  const load = async () => {
    try {
      const data = await api("GET", "/endpoints", { signal: ctx.signal });
      const endpoints = listOf(data, "endpoints");
      if (!endpoints.length) {
        replace(
          list,
          emptyState(
            "No endpoints yet",
            h("p", {
              class: "muted",
              text: "Create one above: it gets its own URL that answers any request.",
            }),
          ),
        );
        return;
      }
      replace(
        list,
        endpoints.map((ep) => endpointCard(ep, load)),
      );
    } catch (err) {
      replace(list, problemBox(err));
    }
  };
  void load();
}

/** @param {AbortSignal} signal */
function createCard(signal) {
  const top = h("div");
  const name = input({
    placeholder: "my-shop-api",
    testid: "endpoint-name",
    pattern: "[a-z0-9]([a-z0-9-]{1,61}[a-z0-9])",
  });
  const submit = h("button", {
    type: "submit",
    class: "btn btn-primary",
    testid: "endpoint-create",
    text: "Create endpoint",
  });
  const form = h(
    "form",
    { class: "inline-form", novalidate: true, testid: "endpoint-create-form" },
    field("Endpoint name", name, {
      path: "name",
      class: "grow",
      hint:
        "3–63 characters: a–z, 0–9 and -, not starting or ending with -. " +
        "It is part of the URL.",
    }),
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.setAttribute("disabled", "");
    try {
      const ep = await api("POST", "/endpoints", { body: { name: name.value.trim() }, signal });
      toast(`Endpoint ${ep.name} created`);
      navigate(`#/endpoints/${seg(ep.name)}/rules`);
    } catch (err) {
      showFormErrors(form, top, err);
    } finally {
      submit.removeAttribute("disabled");
    }
  });
  return h("section", { class: "card" }, h("h2", { text: "New endpoint" }), top, form);
}

/**
 * @param {any} ep
 * @param {() => Promise<void>} reload
 */
function endpointCard(ep, reload) {
  const href = `#/endpoints/${seg(ep.name)}`;
  const del = h("button", {
    type: "button",
    class: "btn btn-danger-ghost btn-small",
    testid: "endpoint-delete",
    "aria-label": `Delete endpoint ${ep.name}`,
    text: "Delete",
  });
  del.addEventListener("click", () => void deleteEndpoint(ep.name, reload));
  return h(
    "article",
    { class: "card endpoint-card", testid: "endpoint-item", dataset: { name: ep.name } },
    h(
      "div",
      { class: "card-head" },
      h("h2", null, h("a", { href, text: ep.name, testid: "endpoint-link" })),
      h("span", { class: "muted small" }, "created ", timeEl(ep.createdAt, true)),
      h("div", { class: "actions" }, h("a", { class: "btn btn-small", href, text: "Open" }), del),
    ),
    urlList(ep.urls),
  );
}

/** @param {unknown} urls */
export function urlList(urls) {
  const list = Array.isArray(urls) ? urls.map(String) : [];
  return h(
    "ul",
    { class: "url-list", "aria-label": "Mock URLs" },
    list.map((u) => h("li", null, copyable(u, "URL", "copy-url"))),
  );
}

/**
 * @param {string} name
 * @param {() => void | Promise<void>} after
 */
export async function deleteEndpoint(name, after) {
  const ok = await confirmDialog({
    title: `Delete endpoint ${name}?`,
    body: h("p", {
      text: "Its rules, request log and callout log are deleted too. Its URL stops answering.",
    }),
    confirmLabel: "Delete endpoint",
  });
  if (!ok) return;
  try {
    await api("DELETE", `/endpoints/${seg(name)}`);
    toast(`Endpoint ${name} deleted`);
    await after();
  } catch (err) {
    toast(err instanceof Error ? err.message : String(err), "error");
  }
}
