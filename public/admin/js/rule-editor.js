/**
 * @module rule-editor
 * Create or edit one rule: `#/endpoints/NAME/rules/new` and `#/endpoints/NAME/rules/ID`.
 */
import { api, listOf, seg } from "./api.js";
import { h, replace } from "./dom.js";
import { checkbox, field, input, showFormErrors } from "./fields.js";
import { navigate } from "./router.js";
import { calloutEditor } from "./rule-callout.js";
import { matchEditor } from "./rule-match.js";
import { responsesSection } from "./rule-response.js";
import { loading, pageHeader, problemBox, toast } from "./ui.js";

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params name, and id unless new
 * @param {{ signal: AbortSignal }} ctx
 */
export function ruleEditorView(root, params, ctx) {
  const isNew = !params.id || params.id === "new";
  const back = `#/endpoints/${seg(params.name)}/rules`;
  root.append(
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, [
      h("a", { href: "#/endpoints", text: "Endpoints" }),
      h("a", { href: back, text: params.name }),
      h("span", { "aria-current": "page", text: isNew ? "New rule" : "Edit rule" }),
    ]),
    pageHeader(isNew ? "New rule" : "Edit rule"),
  );
  const body = h("div", null, loading());
  root.append(body);

  if (isNew) {
    replace(body, ruleForm(undefined, params.name, ctx.signal));
    return;
  }
  void api("GET", `/endpoints/${seg(params.name)}/rules`, { signal: ctx.signal })
    .then((data) => {
      const rule = listOf(data, "rules").find((r) => r.id === params.id);
      if (!rule) {
        replace(
          body,
          problemBox(null, [`No rule ${params.id} on ${params.name}.`]),
          h("a", { href: back, text: "Back to the rules" }),
        );
        return;
      }
      replace(body, ruleForm(rule, params.name, ctx.signal));
    })
    .catch((err) => replace(body, problemBox(err)));
}

/**
 * @param {any} rule undefined for a new rule
 * @param {string} endpoint
 * @param {AbortSignal} signal
 */
function ruleForm(rule, endpoint, signal) {
  const top = h("div", { class: "form-top", "aria-live": "polite" });
  const description = input({ value: rule?.description ?? "", testid: "rule-description" });
  const enabled = checkbox("Enabled", rule?.enabled ?? true, { testid: "rule-enabled" });
  const match = matchEditor(rule?.match);
  const responses = responsesSection(rule);
  const responseCard = card(
    "Response",
    "What the mock answers. With an async callout, this is sent first.",
    responses.el,
  );
  const callout = calloutEditor(rule?.callout, endpoint, signal, (mode) => {
    // A sync callout answers with the target's response, so the rule has none.
    responseCard.hidden = mode === "sync";
  });

  const save = h("button", {
    type: "submit",
    class: "btn btn-primary",
    testid: "rule-save",
    text: rule ? "Save rule" : "Create rule",
  });
  const form = /** @type {HTMLFormElement} */ (
    h(
      "form",
      { class: "stack", novalidate: true, testid: "rule-form" },
      top,
      card(
        "Basics",
        null,
        h(
          "div",
          { class: "grid-3" },
          field("Description", description, { path: "description", class: "span-2" }),
          h("div", { class: "field", dataset: { path: "enabled" } }, enabled.el),
        ),
      ),
      card("Match", "All conditions must hold for the rule to answer.", match.el),
      responseCard,
      card("Callout", "Send a request somewhere else, e.g. a webhook.", callout.el),
      h(
        "div",
        { class: "actions sticky-actions" },
        h("a", {
          class: "btn",
          href: `#/endpoints/${seg(endpoint)}/rules`,
          text: "Cancel",
        }),
        save,
      ),
    )
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    /** @type {Record<string, unknown>} */
    const payload = { enabled: enabled.box.checked, match: match.value() };
    if (description.value.trim()) payload.description = description.value.trim();
    const co = callout.value();
    if (co) payload.callout = co;
    if (co?.mode !== "sync") Object.assign(payload, responses.value());

    save.setAttribute("disabled", "");
    save.textContent = "Saving…";
    try {
      const base = `/endpoints/${seg(endpoint)}/rules`;
      if (rule) await api("PUT", `${base}/${seg(rule.id)}`, { body: payload, signal });
      else await api("POST", base, { body: payload, signal });
      toast(rule ? "Rule saved" : "Rule created");
      navigate(`#/endpoints/${seg(endpoint)}/rules`);
    } catch (err) {
      showFormErrors(form, top, err);
    } finally {
      save.removeAttribute("disabled");
      save.textContent = rule ? "Save rule" : "Create rule";
    }
  });
  return form;
}

/**
 * @param {string} title
 * @param {string | null} hint
 * @param {...unknown} children
 */
function card(title, hint, ...children) {
  return h(
    "section",
    { class: "card" },
    h("h2", { text: title }),
    hint ? h("p", { class: "hint", text: hint }) : null,
    children,
  );
}
