/**
 * @module rule-response
 * Response editors: one response, or weighted responses picked at random.
 */
import { h, replace } from "./dom.js";
import { field, group, input, numberValue, textarea } from "./fields.js";
import { kvRows } from "./rows.js";
import { toast } from "./ui.js";

const TEMPLATE_HINT =
  "Handlebars templates: {{pathParam 'id'}}, {{queryParam 'q'}}, {{header 'x-name'}}, " +
  "{{body 'a.b'}}, {{faker 'person.firstName'}}, {{uuid}}, {{now 'iso'}}, {{randomInt 1 10}}.";

/**
 * Status, delay, headers and body of one response.
 * @param {any} resp existing response or undefined
 * @param {string} path "response", "responses.2" or "defaultResponse"
 * @param {string} [label] prefix for field labels in weighted lists
 */
export function responseEditor(resp, path, label = "") {
  const r = resp ?? {};
  const pre = label ? `${label} ` : "";
  const status = input({
    type: "number",
    min: 100,
    max: 599,
    value: r.status ?? 200,
    testid: "response-status",
  });
  const delay = input({
    type: "number",
    min: 0,
    max: 60000,
    step: 1,
    value: r.delayMs ?? "",
    placeholder: "0",
    testid: "response-delay",
  });
  const headers = kvRows({
    path: `${path}.headers`,
    noun: `${pre}Response header`.trim(),
    map: r.headers,
    testid: "response-headers",
  });
  const body = textarea({ value: r.body ?? "", rows: 8, testid: "response-body" });
  const format = h("button", {
    type: "button",
    class: "btn btn-small btn-ghost",
    text: "Format JSON",
    onclick: () => {
      try {
        body.value = JSON.stringify(JSON.parse(body.value), null, 2);
      } catch {
        toast("The body is not plain JSON (templates are left as they are)", "error");
      }
    },
  });

  const el = h(
    "div",
    { class: "stack" },
    h(
      "div",
      { class: "grid-3" },
      field(`${pre}Status`, status, { path: `${path}.status` }),
      field(`${pre}Delay (ms)`, delay, { path: `${path}.delayMs`, hint: "0–60000" }),
    ),
    group(`${pre}Response headers`, `${path}.headers`, headers.el),
    h(
      "div",
      { class: "field-with-tools" },
      field(`${pre}Body`, body, { path: `${path}.body`, hint: TEMPLATE_HINT }),
      h("div", { class: "tools" }, format),
    ),
  );

  return {
    el,
    value: () => {
      /** @type {Record<string, unknown>} */
      const out = { status: numberValue(status) };
      const hs = headers.value();
      if (Object.keys(hs).length) out.headers = hs;
      if (body.value !== "") out.body = body.value;
      const d = numberValue(delay);
      if (d !== undefined) out.delayMs = d;
      return out;
    },
  };
}

/**
 * Choice between one response and weighted responses.
 * @param {any} rule
 */
export function responsesSection(rule) {
  const weighted = Array.isArray(rule?.responses) && rule.responses.length > 0;
  const name = `resp-mode-${Math.random().toString(36).slice(2)}`;
  const single = h("input", { type: "radio", name, value: "single", checked: !weighted });
  const multi = h("input", { type: "radio", name, value: "weighted", checked: weighted });
  const singleEditor = responseEditor(rule?.response, "response");
  const singleBox = h("div", { dataset: { path: "response" } }, singleEditor.el);
  const list = weightedList(weighted ? rule.responses : [rule?.response ?? { status: 200 }]);
  const sync = () => {
    singleBox.hidden = !single.checked;
    list.el.hidden = single.checked;
  };
  single.addEventListener("change", sync);
  multi.addEventListener("change", sync);
  sync();

  const el = h(
    "div",
    { class: "stack" },
    h(
      "div",
      { class: "segmented", role: "radiogroup", "aria-label": "Response kind" },
      h("label", { testid: "response-mode-single" }, single, " Single response"),
      h("label", { testid: "response-mode-weighted" }, multi, " Weighted responses"),
    ),
    singleBox,
    list.el,
  );
  return {
    el,
    /** @returns {{ response?: unknown, responses?: unknown[] }} */
    value: () =>
      single.checked ? { response: singleEditor.value() } : { responses: list.value() },
  };
}

/** @param {any[]} items */
function weightedList(items) {
  /** @type {Array<{ weight: HTMLInputElement, editor: ReturnType<typeof responseEditor>,
   *   share: HTMLElement }>} */
  let entries = [];
  const box = h("div", { class: "stack" });
  const add = h("button", {
    type: "button",
    class: "btn btn-small",
    testid: "responses-add",
    text: "+ Add weighted response",
  });
  const el = h("div", { class: "stack", dataset: { path: "responses" } }, box, add);

  const shares = () => {
    const weights = entries.map((e) => Math.max(0, numberValue(e.weight) ?? 0));
    const total = weights.reduce((a, b) => a + b, 0);
    entries.forEach((e, i) => {
      const pct = total ? Math.round(((weights[i] ?? 0) / total) * 100) : 0;
      e.share.textContent = `≈ ${pct}% of requests`;
    });
  };

  /** @param {any[]} list @param {number} [focus] */
  const render = (list, focus) => {
    entries = list.map((r, i) => {
      const label = `Response ${i + 1}`;
      const weight = input({ type: "number", min: 0, value: r.weight ?? 1, oninput: shares });
      return { weight, editor: responseEditor(r, `responses.${i}`, label), share: h("span") };
    });
    replace(
      box,
      entries.map((e, i) =>
        h(
          "section",
          { class: "subcard", "aria-label": `Response ${i + 1}` },
          h(
            "div",
            { class: "subcard-head" },
            h("h4", { text: `Response ${i + 1}` }),
            field(`Response ${i + 1} Weight`, e.weight, { path: `responses.${i}.weight` }),
            h("span", { class: "muted" }, e.share),
            h("button", {
              type: "button",
              class: "btn btn-small btn-ghost",
              "aria-label": `Remove response ${i + 1}`,
              disabled: entries.length === 1,
              text: "Remove",
              onclick: () => {
                const next = read();
                next.splice(i, 1);
                render(next);
                add.focus();
              },
            }),
          ),
          e.editor.el,
        ),
      ),
    );
    shares();
    if (focus !== undefined) entries[focus]?.weight.focus();
  };
  /** @returns {any[]} */
  const read = () => entries.map((e) => ({ weight: numberValue(e.weight), ...e.editor.value() }));
  add.addEventListener("click", () => {
    const next = read();
    next.push({ weight: 1, status: 200 });
    render(next, next.length - 1);
  });
  render(items);
  return { el, value: read };
}
