/**
 * @module Reads request bodies under a hard byte cap.
 *
 * The cap is enforced on the bytes actually streamed, never on Content-Length alone: chunked
 * bodies, a Content-Length that lies or does not parse (hono#5278, CVE-2025-59139,
 * GHSA-9vqf-7f2p-gf9v) all end in the same 413.
 */
import { AppError } from "./errors";

export const MANAGEMENT_MAX_BODY_BYTES = 1024 * 1024;
export const MOCK_MAX_BODY_BYTES = 1024 * 1024;

export function tooLarge(maxBytes: number): AppError {
  return new AppError(
    "payload_too_large",
    413,
    `The request body is larger than the limit of ${maxBytes} bytes`,
  );
}

/** Returns the body as bytes, or throws a 413 AppError past `maxBytes`. */
export async function readBodyCapped(req: Request, maxBytes: number): Promise<Uint8Array> {
  if (!req.body) return new Uint8Array(0);
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    await req.body.cancel();
    throw tooLarge(maxBytes);
  }
  const reader = (req.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

const decoder = new TextDecoder();

export async function readTextCapped(req: Request, maxBytes: number): Promise<string> {
  const bytes = await readBodyCapped(req, maxBytes);
  return bytes.byteLength === 0 ? "" : decoder.decode(bytes);
}
