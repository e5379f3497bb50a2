/**
 * @module Bounded body reads: memory stays at most `maxBytes` plus one chunk however large or
 * endless the answer is (RELIABILITY.md tests 8 and 28).
 */
import { raceAbort } from "./abort";

export interface CappedBody {
  text: string;
  /** True when the body had more than `maxBytes`; the rest was cancelled, never read. */
  truncated: boolean;
  /** Bytes kept in `text` (before UTF-8 decoding). */
  bytes: number;
}

/**
 * Reads at most `maxBytes` of the body as UTF-8, then cancels the stream so the runtime can free
 * the connection. With a `signal`, every read is raced against it, so a body that trickles or
 * stalls cannot outlive the caller's deadline; the stream is cancelled on abort too.
 */
export async function readCapped(
  res: Response,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<CappedBody> {
  const body = res.body;
  if (body === null) return { text: "", truncated: false, bytes: 0 };
  // workerd types the body as ReadableStream<any>; chunks are normalised below.
  const reader: ReadableStreamDefaultReader<unknown> = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  let truncated = false;
  try {
    for (;;) {
      const pending = reader.read();
      const result = signal ? await raceAbort(pending, signal) : await pending;
      if (result.done) break;
      const value = toBytes(result.value);
      const room = maxBytes - bytes;
      if (value.byteLength > room) {
        text += decoder.decode(value.subarray(0, room), { stream: true });
        bytes += room;
        truncated = true;
        break;
      }
      text += decoder.decode(value, { stream: true });
      bytes += value.byteLength;
    }
  } catch (err) {
    cancelQuietly(reader);
    throw err;
  }
  if (truncated) cancelQuietly(reader);
  return { text: text + decoder.decode(), truncated, bytes };
}

/** Cancels a body nobody will read (e.g. a redirect we refuse to follow). */
export function discardBody(res: Response): void {
  if (res.body !== null && !res.bodyUsed && !res.body.locked) {
    res.body.cancel().catch(() => undefined);
  }
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  return new TextEncoder().encode(String(chunk));
}

function cancelQuietly(reader: ReadableStreamDefaultReader<unknown>): void {
  // Not awaited: a misbehaving source must not hold the caller past its deadline.
  reader.cancel().catch(() => undefined);
}
