/**
 * @module IP literal parsing and the address ranges a deployment never calls. Input is a host as
 * `new URL()` serialises it: WHATWG has already turned every IPv4 spelling (hex `0x7f000001`,
 * decimal `2130706433`, octal `017700000001`, short `127.1`, full-width digits) into dotted
 * decimal, and IPv6 into compressed lower-case hex inside brackets. Parsing that canonical form
 * strictly is what makes the guard immune to encoding tricks (OWASP SSRF cheat sheet).
 */

/** A non-public range: `cidr` for the message, `rule` names why it is refused. */
export interface BlockedRange {
  cidr: string;
  rule: string;
}

interface Range extends BlockedRange {
  bytes: Uint8Array;
  bits: number;
}

/** Four octets from a canonical dotted-decimal host, or null when the host is not one. */
export function parseIPv4(host: string): Uint8Array | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  if (octets.some((n) => n > 255)) return null;
  return Uint8Array.from(octets);
}

/**
 * Sixteen bytes from an IPv6 literal, brackets optional. Accepts `::` compression and a trailing
 * dotted quad (RFC 4291 §2.2) in case a caller passes a host that did not come through WHATWG.
 */
export function parseIPv6(host: string): Uint8Array | null {
  const text = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (!text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = groupsOf(halves[0] ?? "");
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

function groupsOf(part: string): number[] | null {
  if (part === "") return [];
  const pieces = part.split(":");
  const groups: number[] = [];
  for (const [i, piece] of pieces.entries()) {
    if (i === pieces.length - 1 && piece.includes(".")) {
      const v4 = parseIPv4(piece);
      if (!v4) return null;
      groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else {
      return null;
    }
  }
  return groups;
}

function range(cidr: string, rule: string): Range {
  const [net = "", len = ""] = cidr.split("/");
  const bytes = parseIPv4(net) ?? parseIPv6(net);
  if (!bytes) throw new Error(`bad range literal ${cidr}`);
  return { cidr, rule, bytes, bits: Number(len) };
}

function inRange(addr: Uint8Array, r: Range): boolean {
  if (addr.length !== r.bytes.length) return false;
  const whole = Math.floor(r.bits / 8);
  for (let i = 0; i < whole; i++) if (addr[i] !== r.bytes[i]) return false;
  const rest = r.bits % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((addr[whole] ?? 0) & mask) === ((r.bytes[whole] ?? 0) & mask);
}

/** IANA IPv4 special-purpose registry entries that are not globally reachable, plus multicast. */
const IPV4_BLOCKED: readonly Range[] = [
  range("0.0.0.0/8", "'this network'"),
  range("10.0.0.0/8", "private (RFC 1918)"),
  range("100.64.0.0/10", "carrier-grade NAT (RFC 6598)"),
  range("127.0.0.0/8", "loopback"),
  range("169.254.0.0/16", "link-local (cloud metadata)"),
  range("172.16.0.0/12", "private (RFC 1918)"),
  range("192.0.0.0/24", "IETF protocol assignments"),
  range("192.0.2.0/24", "documentation"),
  range("192.88.99.0/24", "6to4 relay anycast"),
  range("192.168.0.0/16", "private (RFC 1918)"),
  range("198.18.0.0/15", "benchmarking"),
  range("198.51.100.0/24", "documentation"),
  range("203.0.113.0/24", "documentation"),
  range("224.0.0.0/4", "multicast"),
  range("240.0.0.0/4", "reserved"),
];

/**
 * Order matters: the specific entries come before the `::/96` and `2000::/3` catch-alls, so the
 * message names the most precise rule. Every form that embeds an IPv4 address (mapped,
 * compatible, NAT64, 6to4, Teredo) is refused outright rather than judged by the embedded
 * address: a deployment has no reason to call one, and each is a known filter bypass.
 */
const IPV6_BLOCKED: readonly Range[] = [
  range("::/128", "unspecified"),
  range("::1/128", "loopback"),
  range("::ffff:0:0/96", "IPv4-mapped IPv6"),
  range("::/96", "IPv4-compatible IPv6"),
  range("64:ff9b::/96", "NAT64"),
  range("64:ff9b:1::/48", "NAT64 (local use)"),
  range("100::/64", "discard-only"),
  range("2001:db8::/32", "documentation"),
  range("2001::/23", "IETF protocol assignments (Teredo, benchmarking)"),
  range("2002::/16", "6to4"),
  range("3fff::/20", "documentation"),
  range("fc00::/7", "unique-local"),
  range("fe80::/10", "link-local"),
  range("fec0::/10", "site-local (deprecated)"),
  range("ff00::/8", "multicast"),
];

/** Global unicast (RFC 4291 §2.4): anything outside it that the table missed is still refused. */
const IPV6_GLOBAL_UNICAST = range("2000::/3", "global unicast");

/** The range that makes an address non-public, or null for a public address. */
export function blockedRange(addr: Uint8Array): BlockedRange | null {
  const table = addr.length === 4 ? IPV4_BLOCKED : IPV6_BLOCKED;
  const hit = table.find((r) => inRange(addr, r));
  if (hit) return { cidr: hit.cidr, rule: hit.rule };
  if (addr.length === 16 && !inRange(addr, IPV6_GLOBAL_UNICAST)) {
    return { cidr: "outside 2000::/3", rule: "reserved IPv6" };
  }
  return null;
}
