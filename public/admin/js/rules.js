/**
 * @module rules
 * The Rules tab: rules in evaluation order, with reorder, enable toggle and delete.
 */
import { api, listOf, seg } from "./api.js";
import { h, replace } from "./dom.js";
import { badge, confirmDialog, emptyState, loading, methodBadge, problemBox, toast } from "./ui.js";

const PATH_OP_WORDS = {
  exact: "=",
  prefix: "starts with",
  contains: "contains",
  regex: "~",
  template: "template",
};

/**
 * @param {HTMLElement} panel
 * @param {string} name endpoint name
 * @param {AbortSignal} signal
 */
export function rulesTab(panel, name, signal) {
  const base = `/endpoints/${seg(name)}/rules`;
  const list = h("ol", { class: "rule-list", testid: "rule-list" });
  const status = h("div", null, loading());
  panel.append(
    h(
      "div",
      { class: "toolbar" },
      h("p", {
        class: "muted",
        text:
          "Rules are tried top to bottom; the first enabled rule whose conditions " +
          "all hold answers.",
      }),
      h("a", {
        class: "btn btn-primary",
        href: `#${base}/new`,
        testid: "rule-new",
        text: "+ New rule",
      }),
    ),
    status,
    list,
  );

  /** @type {any[]} */
  let rules = [];

  /** @param {{ id: string, action: string } | null} [focus] */
  const render = (focus = null) => {
    replace(status);
    if (!rules.length) {
      replace(
        list,
        h(
          "li",
          null,
          emptyState(
            "No rules yet",
            h("p", { class: "muted", text: "Every request gets the default response for now." }),
          ),
        ),
      );
      return;
    }
    replace(
      list,
      rules.map((rule, i) => ruleItem(rule, i)),
    );
    if (focus) {
      const item = list.querySelector(
        `[data-rule-index="${rules.findIndex((r) => r.id === focus.id)}"]`,
      );
      const wanted = item?.querySelector(`[data-action="${focus.action}"]:not([disabled])`);
      const fallback = item?.querySelector(
        '[data-action="up"]:not([disabled]), [data-action="down"]:not([disabled])',
      );
      /** @type {HTMLElement | null | undefined} */ (wanted ?? fallback)?.focus();
    }
  };

  const load = async () => {
    try {
      rules = listOf(await api("GET", base, { signal }), "rules");
      render();
    } catch (err) {
      replace(status, problemBox(err));
    }
  };

  /** @param {number} from @param {number} to */
  const move = async (from, to) => {
    const ids = rules.map((r) => r.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id);
    try {
      const data = await api("PUT", `${base}/order`, { body: { ids }, signal });
      rules = listOf(data, "rules");
      render({ id, action: to < from ? "up" : "down" });
      toast(`Rule moved to position ${to + 1}`);
    } catch (err) {
      replace(status, problemBox(err));
    }
  };

  /** @param {any} rule */
  const toggle = async (rule) => {
    try {
      const saved = await api("PUT", `${base}/${seg(rule.id)}`, {
        body: { ...ruleBody(rule), enabled: rule.enabled === false },
        signal,
      });
      rules = rules.map((r) => (r.id === rule.id ? { ...r, ...saved } : r));
      render({ id: rule.id, action: "toggle" });
      toast(saved.enabled ? "Rule enabled" : "Rule disabled");
    } catch (err) {
      replace(status, problemBox(err));
    }
  };

  /** @param {any} rule @param {number} i */
  const remove = async (rule, i) => {
    const ok = await confirmDialog({
      title: `Delete rule ${i + 1}?`,
      body: h("p", { text: rule.description || summary(rule) }),
      confirmLabel: "Delete rule",
    });
    if (!ok) return;
    try {
      await api("DELETE", `${base}/${seg(rule.id)}`, { signal });
      rules = rules.filter((r) => r.id !== rule.id);
      render();
      toast("Rule deleted");
    } catch (err) {
      replace(status, problemBox(err));
    }
  };

  /** @param {any} rule @param {number} i */
  const ruleItem = (rule, i) => {
    const n = i + 1;
    /** @param {string} text @param {string} action @param {Record<string, unknown>} props */
    const btn = (text, action, props) =>
      h("button", { type: "button", class: "btn btn-small", dataset: { action }, text, ...props });
    const toggleBox = h("button", {
      type: "button",
      role: "switch",
      class: "switch",
      "aria-checked": rule.enabled === false ? "false" : "true",
      "aria-label": `Rule ${n} enabled`,
      testid: "rule-toggle",
      dataset: { action: "toggle" },
      onclick: () => void toggle(rule),
    });
    return h(
      "li",
      {
        class: rule.enabled === false ? "rule-item disabled" : "rule-item",
        testid: "rule-item",
        dataset: { ruleId: rule.id, ruleIndex: String(i) },
      },
      h("span", { class: "rule-pos", "aria-hidden": "true", text: String(n) }),
      toggleBox,
      h(
        "div",
        { class: "rule-main" },
        h(
          "div",
          { class: "rule-line" },
          methodBadge(rule.match?.method ?? "ANY"),
          h("span", { class: "muted small", text: pathOpWord(rule.match?.path?.op) }),
          h("code", { text: rule.match?.path?.value ?? "" }),
          conditionBadges(rule),
        ),
        rule.description ? h("p", { class: "rule-desc", text: rule.description }) : null,
        h("p", { class: "muted small", text: answerSummary(rule) }),
      ),
      h(
        "div",
        { class: "actions" },
        btn("↑", "up", {
          "aria-label": `Move rule ${n} up`,
          testid: "rule-up",
          disabled: i === 0,
          onclick: () => void move(i, i - 1),
        }),
        btn("↓", "down", {
          "aria-label": `Move rule ${n} down`,
          testid: "rule-down",
          disabled: i === rules.length - 1,
          onclick: () => void move(i, i + 1),
        }),
        h("a", {
          class: "btn btn-small",
          href: `#${base}/${seg(rule.id)}`,
          "aria-label": `Edit rule ${n}`,
          testid: "rule-edit",
          text: "Edit",
        }),
        btn("Delete", "delete", {
          class: "btn btn-small btn-danger-ghost",
          "aria-label": `Delete rule ${n}`,
          testid: "rule-delete",
          onclick: () => void remove(rule, i),
        }),
      ),
    );
  };

  void load();
}

/** The writable part of a rule, for PUT. @param {any} rule */
export function ruleBody(rule) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const key of ["description", "enabled", "match", "response", "responses", "callout"]) {
    if (rule[key] !== undefined && rule[key] !== null) out[key] = rule[key];
  }
  return out;
}

/** @param {string | undefined} op */
function pathOpWord(op) {
  return PATH_OP_WORDS[/** @type {keyof PATH_OP_WORDS} */ (op ?? "")] ?? op ?? "";
}

/** @param {any} rule */
function conditionBadges(rule) {
  const m = rule.match ?? {};
  const out = [];
  if (m.headers?.length) out.push(badge(`${m.headers.length} header cond.`, "info"));
  if (m.query?.length) out.push(badge(`${m.query.length} query cond.`, "info"));
  if (m.body?.length) out.push(badge(`${m.body.length} body cond.`, "info"));
  if (rule.callout) out.push(badge(`${rule.callout.mode} callout`, "warn"));
  return out;
}

/** @param {any} rule */
function answerSummary(rule) {
  const target = `${rule.callout?.request?.method ?? ""} ${rule.callout?.request?.url ?? ""}`;
  if (rule.callout?.mode === "sync") return `Answers with the response of ${target}`;
  let text = "";
  if (Array.isArray(rule.responses) && rule.responses.length) {
    const each = rule.responses.map((/** @type {any} */ r) => `${r.status} (weight ${r.weight})`);
    text = `Answers ${each.join(" or ")}`;
  } else if (rule.response) {
    text = `Answers ${rule.response.status}`;
    if (rule.response.delayMs) text += ` after ${rule.response.delayMs} ms`;
  }
  if (rule.callout) {
    text += `, then calls ${target}`;
  }
  return text;
}

/** @param {any} rule */
function summary(rule) {
  const m = rule.match ?? {};
  return `${m.method ?? "ANY"} ${pathOpWord(m.path?.op)} ${m.path?.value ?? ""}`;
}
