/**
 * @module endpoint-page
 * `#/endpoints/NAME/<tab>`: the endpoint's URLs and tabs for rules, requests,
 * callouts and its default response.
 */
import { api, seg } from "./api.js";
import { h, replace } from "./dom.js";
import { deleteEndpoint, urlList } from "./endpoints.js";
import { showFormErrors } from "./fields.js";
import { navigate } from "./router.js";
import { calloutsTab } from "./callouts.js";
import { requestsTab } from "./requests.js";
import { responseEditor } from "./rule-response.js";
import { rulesTab } from "./rules.js";
import { loading, pageHeader, problemBox, toast } from "./ui.js";

const TABS = [
  ["rules", "Rules"],
  ["requests", "Requests"],
  ["callouts", "Callouts"],
  ["settings", "Default response"],
];

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params name and tab
 * @param {{ signal: AbortSignal }} ctx
 */
export function endpointView(root, params, ctx) {
  const name = params.name;
  const tab = TABS.some(([id]) => id === params.tab) ? params.tab : "rules";
  const urls = h("div", null, loading("Loading endpoint…"));
  const del = h("button", {
    type: "button",
    class: "btn btn-danger-ghost",
    testid: "endpoint-delete",
    text: "Delete endpoint",
    onclick: () => void deleteEndpoint(name, () => navigate("#/endpoints")),
  });
  const panel = h("div", { class: "tab-panel", id: "tab-panel", testid: `tab-${tab}` });

  root.append(
    h(
      "div",
      { class: "stack", testid: "endpoint-screen", dataset: { name } },
      h(
        "nav",
        { class: "crumbs", "aria-label": "Breadcrumb" },
        h("a", { href: "#/endpoints", text: "Endpoints" }),
        h("span", { "aria-current": "page", text: name }),
      ),
      pageHeader(name, del),
      urls,
      h(
        "nav",
        { class: "tabs", "aria-label": "Endpoint sections" },
        TABS.map(([id, label]) =>
          h("a", {
            href: `#/endpoints/${seg(name)}/${id}`,
            class: id === tab ? "tab active" : "tab",
            "aria-current": id === tab ? "page" : undefined,
            testid: `tab-link-${id}`,
            text: label,
          }),
        ),
      ),
      panel,
    ),
  );

  const endpoint = api("GET", `/endpoints/${seg(name)}`, { signal: ctx.signal });
  endpoint.then(
    (ep) => replace(urls, urlList(ep.urls)),
    (err) => replace(urls, problemBox(err)),
  );

  if (tab === "requests") requestsTab(panel, name, endpoint, ctx.signal);
  else if (tab === "callouts") calloutsTab(panel, name, ctx.signal);
  else if (tab === "settings") settingsTab(panel, name, endpoint, ctx.signal);
  else rulesTab(panel, name, ctx.signal);
}

/**
 * @param {HTMLElement} panel
 * @param {string} name
 * @param {Promise<any>} endpoint
 * @param {AbortSignal} signal
 */
function settingsTab(panel, name, endpoint, signal) {
  panel.append(loading());
  endpoint.then(
    (ep) => {
      const top = h("div");
      const editor = responseEditor(ep.defaultResponse, "defaultResponse");
      const save = h("button", {
        type: "submit",
        class: "btn btn-primary",
        testid: "default-response-save",
        text: "Save default response",
      });
      const form = h(
        "form",
        { class: "card stack", novalidate: true, testid: "default-response-form" },
        h("h2", { text: "Default response" }),
        h("p", { class: "hint", text: "Sent when a request matches no enabled rule." }),
        top,
        editor.el,
        h("div", { class: "actions" }, save),
      );
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        save.setAttribute("disabled", "");
        try {
          await api("PATCH", `/endpoints/${seg(name)}`, {
            body: { defaultResponse: editor.value() },
            signal,
          });
          showFormErrors(form, top, null);
          toast("Default response saved");
        } catch (err) {
          showFormErrors(form, top, err);
        } finally {
          save.removeAttribute("disabled");
        }
      });
      replace(panel, form);
    },
    () => replace(panel),
  );
}
