/**
 * @module Lets `{"qty":{{body 'qty'}}}` mean what its author meant.
 *
 * Handlebars' lexer reads `}}}` as the end of a triple-stash, so a JSON object that closes right
 * after a double mustache is a syntax error there — the most common surprise in JSON templates.
 * Before parsing, a `}}}` that closes a *double* mustache gets an empty comment `{{!}}` between
 * its mustache end and the extra brace: the output is unchanged and the parser sees `}}` then `}`.
 */

/**
 * Returns the source with such braces separated. Note: positions reported later on the same line
 * as a separated brace are 5 columns further right than in the source.
 */
export function separateClosingBraces(source: string): { text: string; inserted: number[] } {
  let out = "";
  let i = 0;
  const inserted: number[] = [];
  while (i < source.length) {
    const open = source.indexOf("{{", i);
    if (open < 0) break;
    out += source.slice(i, open);
    const rest = source.slice(open);
    // Raw blocks, triple-stashes and comments keep Handlebars' own rules.
    if (rest.startsWith("{{{{")) {
      const close = source.indexOf("{{{{/", open + 4);
      const end = close < 0 ? -1 : source.indexOf("}}}}", close);
      const stop = end < 0 ? source.length : end + 4;
      out += source.slice(open, stop);
      i = stop;
      continue;
    }
    if (rest.startsWith("{{{")) {
      const end = source.indexOf("}}}", open + 3);
      const stop = end < 0 ? source.length : end + 3;
      out += source.slice(open, stop);
      i = stop;
      continue;
    }
    if (rest.startsWith("{{!")) {
      const closer = rest.startsWith("{{!--") ? "--}}" : "}}";
      const end = source.indexOf(closer, open + 3);
      const stop = end < 0 ? source.length : end + closer.length;
      out += source.slice(open, stop);
      i = stop;
      continue;
    }
    const end = closeOf(source, open + 2);
    if (end < 0) {
      out += source.slice(open);
      i = source.length;
      break;
    }
    out += source.slice(open, end + 2);
    i = end + 2;
    if (source[i] === "}") {
      inserted.push(i);
      out += "{{!}}";
    }
  }
  out += source.slice(i);
  return { text: out, inserted };
}

/** Index of the `}}` closing a double mustache that starts before `from`, skipping strings. */
function closeOf(source: string, from: number): number {
  let quote: string | null = null;
  for (let j = from; j < source.length - 1; j++) {
    const c = source[j];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "}" && source[j + 1] === "}") {
      return j;
    }
  }
  return -1;
}
