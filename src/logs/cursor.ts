/**
 * @module Opaque page cursors. A cursor wraps the sequence number of the last item a page
 * returned; the next page holds strictly older items, so each record is returned once even
 * while new ones arrive.
 */

const PREFIX = "s";

export function encodeCursor(seq: number): string {
  return btoa(`${PREFIX}${seq}`).replace(/=+$/, "");
}

/** The sequence number inside a cursor, or null when the text is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  let text: string;
  try {
    text = atob(cursor);
  } catch {
    return null;
  }
  const match = /^s([1-9][0-9]{0,15})$/.exec(text);
  if (!match?.[1]) return null;
  const seq = Number(match[1]);
  return Number.isSafeInteger(seq) ? seq : null;
}
