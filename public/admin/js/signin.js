/**
 * @module signin
 * Sign up (the key is shown once) or sign in with an existing API key.
 */
import { api, ApiError, setKey } from "./api.js";
import { h, replace } from "./dom.js";
import { field, input, showFormErrors } from "./fields.js";
import { copyable } from "./ui.js";

/** Message shown once on the sign-in screen, e.g. after a 401. */
let flash = "";

/** @param {string} message */
export function setSignInMessage(message) {
  flash = message;
}

/**
 * @param {HTMLElement} root
 * @param {() => void} onSignedIn
 */
export function signInView(root, onSignedIn) {
  const message = flash;
  flash = "";
  const wrap = h("div", { class: "signin", testid: "signin-screen" });
  root.append(wrap);

  const showForms = () =>
    replace(
      wrap,
      h(
        "header",
        { class: "signin-head" },
        h(
          "div",
          { class: "brand brand-large" },
          h("span", { class: "logo", text: "◆" }),
          "edgemock",
        ),
        h("h1", { tabindex: "-1", text: "Mock APIs, webhooks and callouts at the edge" }),
      ),
      message
        ? h("div", { class: "problem", role: "alert", testid: "signin-message", text: message })
        : null,
      h("div", { class: "signin-grid" }, signUpCard(showKey), keyCard(onSignedIn)),
    );

  /** @param {string} apiKey @param {string} accountName */
  const showKey = (apiKey, accountName) => {
    setKey(apiKey);
    const go = h("button", {
      type: "button",
      class: "btn btn-primary",
      testid: "signup-continue",
      text: "I stored it, continue",
      onclick: onSignedIn,
    });
    replace(
      wrap,
      h(
        "section",
        { class: "card card-narrow", testid: "signup-key" },
        h("h1", { tabindex: "-1", text: `Welcome, ${accountName}` }),
        h(
          "p",
          { class: "notice", role: "note" },
          h("strong", { text: "Store this API key now. " }),
          "It is shown only this once; edgemock keeps only a hash of it. " +
            "You need it to sign in again and to call the API.",
        ),
        copyable(apiKey, "API key", "copy-api-key"),
        h("div", { class: "actions" }, go),
      ),
    );
    go.focus();
  };

  showForms();
}

/** @param {(apiKey: string, accountName: string) => void} onKey */
function signUpCard(onKey) {
  const top = h("div", { "aria-live": "polite" });
  const name = input({ required: true, autocomplete: "organization", testid: "signup-name" });
  const token = input({ type: "password", autocomplete: "off", testid: "signup-token" });
  const tokenField = field("Sign-up token", token, {
    hint: "This deployment requires a sign-up token. Ask whoever runs it.",
  });
  tokenField.hidden = true;
  const submit = h("button", {
    type: "submit",
    class: "btn btn-primary",
    testid: "signup-submit",
    text: "Create account",
  });
  const form = h(
    "form",
    { class: "stack", testid: "signup-form" },
    top,
    field("Account name", name, { path: "name", hint: "Your name or your team's." }),
    tokenField,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.setAttribute("disabled", "");
    try {
      const data = await api("POST", "/accounts", {
        body: { name: name.value.trim() },
        bearer: tokenField.hidden ? null : token.value.trim(),
        handle401: false,
      });
      onKey(data.apiKey, data.account?.name ?? name.value.trim());
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        const firstTime = tokenField.hidden;
        tokenField.hidden = false;
        showFormErrors(form, top, null);
        replace(
          top,
          h("div", {
            class: "problem",
            role: "alert",
            text: firstTime
              ? "Sign-up on this deployment needs a sign-up token. Enter it below."
              : "The sign-up token was not accepted.",
          }),
        );
        token.focus();
      } else showFormErrors(form, top, err);
    } finally {
      submit.removeAttribute("disabled");
    }
  });
  return h(
    "section",
    { class: "card" },
    h("h2", { text: "Create an account" }),
    h("p", { class: "muted", text: "You get an API key for your mock endpoints." }),
    form,
  );
}

/** @param {() => void} onSignedIn */
function keyCard(onSignedIn) {
  const top = h("div", { "aria-live": "polite" });
  const key = input({ type: "password", required: true, testid: "signin-key" });
  const submit = h("button", {
    type: "submit",
    class: "btn btn-primary",
    testid: "signin-submit",
    text: "Sign in",
  });
  const form = h(
    "form",
    { class: "stack", testid: "signin-form" },
    top,
    field("API key", key, { hint: "Kept in this browser's local storage until you sign out." }),
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = key.value.trim();
    if (!value) {
      replace(top, h("div", { class: "problem", role: "alert", text: "Paste your API key." }));
      key.focus();
      return;
    }
    submit.setAttribute("disabled", "");
    try {
      await api("GET", "/account", { bearer: value, handle401: false });
      setKey(value);
      onSignedIn();
    } catch (err) {
      const text =
        err instanceof ApiError && err.status === 401
          ? "This API key was not accepted."
          : err instanceof Error
            ? err.message
            : String(err);
      replace(top, h("div", { class: "problem", role: "alert", text }));
      key.focus();
    } finally {
      submit.removeAttribute("disabled");
    }
  });
  return h(
    "section",
    { class: "card" },
    h("h2", { text: "Use an existing API key" }),
    h("p", { class: "muted", text: "Paste the key you stored when you signed up." }),
    form,
  );
}
