/**
 * @module
 * Caps on what a rule may hold. They keep one endpoint's rule list cheap to store, compile and
 * evaluate on every request (RELIABILITY.md test 38: pattern length, input length and rules per
 * endpoint are capped).
 */

/** Rules one endpoint may hold; the store rejects the 501st. */
export const MAX_RULES_PER_ENDPOINT = 500;

/** Characters in one user regex (path, header, query or body condition). */
export const MAX_PATTERN_LENGTH = 1000;

/**
 * RE2 program size of one user regex. Matching time grows with it, so a short pattern that
 * expands a lot (`\pL{1000}`) is refused as well.
 */
export const MAX_REGEX_PROGRAM_SIZE = 2000;

/**
 * Characters of an input a user regex looks at. Longer inputs (in practice only bodies) are
 * searched in their first 64 Ki UTF-16 code units only; `contains` and field conditions still see
 * the whole body.
 */
export const MAX_REGEX_INPUT_LENGTH = 64 * 1024;

/** Conditions in each of `match.headers`, `match.query` and `match.body`. */
export const MAX_CONDITIONS = 20;

/** Characters in a non-regex condition value (equals, contains, path values). */
export const MAX_CONDITION_VALUE_LENGTH = 8 * 1024;

/** Characters in a header or query parameter name used in a condition. */
export const MAX_NAME_LENGTH = 256;

/** Characters in a body field path such as `a.b.0`. */
export const MAX_BODY_PATH_LENGTH = 256;

/** Characters (UTF-16 code units) in one template: a response body or header, a callout part. */
export const MAX_TEMPLATE_LENGTH = 64 * 1024;

/** Characters in a callout URL template. */
export const MAX_URL_TEMPLATE_LENGTH = 8 * 1024;

/** Headers in one response or callout request. */
export const MAX_HEADERS = 50;

/** Characters in a rule description. */
export const MAX_DESCRIPTION_LENGTH = 500;

/** Entries in a weighted `responses` list. */
export const MAX_RESPONSES = 20;

/** Largest weight of one weighted response; keeps the sum an exact small integer. */
export const MAX_RESPONSE_WEIGHT = 1_000_000;

/** Longest delay before a mock response is sent, in milliseconds. */
export const MAX_RESPONSE_DELAY_MS = 60_000;

/** Longest wait before an async callout is sent: 12 hours, in milliseconds. */
export const MAX_CALLOUT_DELAY_MS = 43_200_000;

/** Attempts an async callout may be given. */
export const MAX_CALLOUT_ATTEMPTS = 20;

/** Attempts an async callout gets when the rule does not say. */
export const DEFAULT_CALLOUT_ATTEMPTS = 5;
