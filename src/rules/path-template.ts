/**
 * @module
 * Path templates such as `/orders/:id`: a segment that starts with `:` binds one whole,
 * non-empty path segment under that name; every other segment must appear as written
 * (case-sensitive, compared with the raw request path). A template matches paths with exactly
 * its number of segments; one trailing slash on either side is ignored, so `/orders/:id`
 * matches `/orders/42/` too. Bound values are percent-decoded (RFC 3986 §2.1); a value that is
 * not valid percent-encoding is kept as it came.
 */

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface PathTemplate {
  /** Literal text of each segment, or null where the segment is a parameter. */
  readonly literals: readonly (string | null)[];
  /** Parameter name of each segment, or null where the segment is literal. */
  readonly names: readonly (string | null)[];
}

function segmentsOf(template: string): string[] {
  const body = template.endsWith("/") ? template.slice(1, -1) : template.slice(1);
  return body === "" ? [] : body.split("/");
}

/** Why `template` is not a usable path template, or null when it is. */
export function templateError(template: string): string | null {
  if (!template.startsWith("/")) return "a path template starts with /";
  const seen = new Set<string>();
  for (const segment of segmentsOf(template)) {
    if (segment === "") return "a path template has no empty segments (//)";
    if (!segment.startsWith(":")) continue;
    const name = segment.slice(1);
    if (!PARAM_NAME.test(name)) {
      return `parameter name "${name}" must be letters, digits or _ and not start with a digit`;
    }
    if (seen.has(name)) return `parameter name "${name}" is used twice`;
    seen.add(name);
  }
  return null;
}

/** Compiles a template that passed `templateError`. */
export function compilePathTemplate(template: string): PathTemplate {
  const segments = segmentsOf(template);
  return {
    literals: segments.map((s) => (s.startsWith(":") ? null : s)),
    names: segments.map((s) => (s.startsWith(":") ? s.slice(1) : null)),
  };
}

export function decodeSegment(raw: string): string {
  // Most values have no escapes, and decodeURIComponent is costly next to everything else a
  // long rule list does per request.
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Segments of a request path as a template counts them (one trailing slash ignored). */
export function countSegments(path: string): number {
  const end = path.length > 1 && path.endsWith("/") ? path.length - 1 : path.length;
  let count = 0;
  for (let i = 0; i < end; i++) if (path.charCodeAt(i) === 47) count++;
  return end <= 1 ? 0 : count;
}

/**
 * Matches `path` (which starts with `/`) against the template and returns the bound
 * parameters, or null. Walks the path in place so a miss allocates nothing.
 */
export function matchPathTemplate(
  template: PathTemplate,
  path: string,
): Record<string, string> | null {
  const end = path.length > 1 && path.endsWith("/") ? path.length - 1 : path.length;
  let params: Record<string, string> | null = null;
  let pos = 1;
  const count = template.literals.length;
  if (count === 0) return end <= 1 ? {} : null;
  for (let i = 0; i < count; i++) {
    if (pos > end) return null;
    let next = path.indexOf("/", pos);
    if (next === -1 || next > end) next = end;
    const literal = template.literals[i];
    if (literal !== null && literal !== undefined) {
      if (next - pos !== literal.length || !path.startsWith(literal, pos)) return null;
    } else {
      if (next === pos) return null;
      const name = template.names[i];
      if (name === null || name === undefined) return null;
      params ??= {};
      params[name] = decodeSegment(path.slice(pos, next));
    }
    pos = next + 1;
  }
  return pos > end ? (params ?? {}) : null;
}
