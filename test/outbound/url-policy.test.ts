import { describe, it } from "vitest";
import type { OutboundPolicy } from "../../src/outbound/policy-env";
import { checkOutboundUrl, checkTokenUrl } from "../../src/outbound/url-policy";

const DEPLOYMENT: OutboundPolicy = {
  mode: "deployment",
  allowPrivate: false,
  ownHosts: ["mock.example.dev", "*.mock.example.dev"],
};
const LOCAL: OutboundPolicy = { ...DEPLOYMENT, mode: "local" };
const OPTED_IN: OutboundPolicy = { ...DEPLOYMENT, allowPrivate: true };
const NO_CREDENTIAL = { carriesCredential: false };
const CREDENTIAL = { carriesCredential: true };

/**
 * RELIABILITY test 29: [URL, the words the reason must contain]. Every IPv4 spelling WHATWG
 * normalises is listed so a parser change that lets one through fails here.
 */
const PRIVATE_TARGETS: readonly [string, string][] = [
  ["http://127.0.0.1/hook", "loopback (127.0.0.0/8)"],
  ["http://127.255.255.254/hook", "loopback (127.0.0.0/8)"],
  ["http://0x7f000001/hook", "loopback (127.0.0.0/8)"],
  ["http://2130706433/hook", "loopback (127.0.0.0/8)"],
  ["http://017700000001/hook", "loopback (127.0.0.0/8)"],
  ["http://127.1/hook", "loopback (127.0.0.0/8)"],
  ["http://0x7f.0.0.1/hook", "loopback (127.0.0.0/8)"],
  ["http://0177.0.0.01/hook", "loopback (127.0.0.0/8)"],
  ["http://127.0.0.1./hook", "loopback (127.0.0.0/8)"],
  ["http://%31%32%37.0.0.1/hook", "loopback (127.0.0.0/8)"],
  ["http://[::1]/hook", "loopback (::1/128)"],
  ["http://[0:0:0:0:0:0:0:1]/hook", "loopback (::1/128)"],
  ["http://0.0.0.0/hook", "'this network' (0.0.0.0/8)"],
  ["http://0/hook", "'this network' (0.0.0.0/8)"],
  ["http://[::]/hook", "unspecified (::/128)"],
  ["http://10.0.0.1/hook", "private (RFC 1918) (10.0.0.0/8)"],
  ["http://167772161/hook", "private (RFC 1918) (10.0.0.0/8)"],
  ["http://172.16.0.1/hook", "private (RFC 1918) (172.16.0.0/12)"],
  ["http://172.31.255.255/hook", "private (RFC 1918) (172.16.0.0/12)"],
  ["http://192.168.1.10/hook", "private (RFC 1918) (192.168.0.0/16)"],
  ["http://100.64.0.1/hook", "carrier-grade NAT (RFC 6598) (100.64.0.0/10)"],
  ["http://100.127.255.254/hook", "carrier-grade NAT (RFC 6598) (100.64.0.0/10)"],
  ["http://169.254.169.254/latest/meta-data/", "link-local (cloud metadata) (169.254.0.0/16)"],
  ["http://0xa9fea9fe/latest/meta-data/", "link-local (cloud metadata) (169.254.0.0/16)"],
  ["http://224.0.0.1/hook", "multicast (224.0.0.0/4)"],
  ["http://255.255.255.255/hook", "reserved (240.0.0.0/4)"],
  ["http://192.0.2.7/hook", "documentation (192.0.2.0/24)"],
  ["http://198.18.0.1/hook", "benchmarking (198.18.0.0/15)"],
  ["http://[::ffff:127.0.0.1]/hook", "IPv4-mapped IPv6 (::ffff:0:0/96)"],
  ["http://[::ffff:7f00:1]/hook", "IPv4-mapped IPv6 (::ffff:0:0/96)"],
  ["http://[::ffff:169.254.169.254]/hook", "IPv4-mapped IPv6 (::ffff:0:0/96)"],
  ["http://[::ffff:8.8.8.8]/hook", "IPv4-mapped IPv6 (::ffff:0:0/96)"],
  ["http://[::127.0.0.1]/hook", "IPv4-compatible IPv6 (::/96)"],
  ["http://[64:ff9b::a9fe:a9fe]/hook", "NAT64 (64:ff9b::/96)"],
  ["http://[2002:7f00:1::]/hook", "6to4 (2002::/16)"],
  ["http://[fc00::1]/hook", "unique-local (fc00::/7)"],
  ["http://[fd12:3456:789a::1]/hook", "unique-local (fc00::/7)"],
  ["http://[fe80::1]/hook", "link-local (fe80::/10)"],
  ["http://[febf::1]/hook", "link-local (fe80::/10)"],
  ["http://[ff02::1]/hook", "multicast (ff00::/8)"],
  ["http://[2001:db8::1]/hook", "documentation (2001:db8::/32)"],
  ["http://[4000::1]/hook", "reserved IPv6 (outside 2000::/3)"],
  ["http://localhost/hook", "a localhost name"],
  ["http://LocalHost./hook", "a localhost name"],
  ["http://api.localhost/hook", "a localhost name"],
  ["http://printer.local/hook", "a multicast DNS .local name"],
  ["http://metadata.google.internal/computeMetadata/v1/", "an .internal private-use name"],
  ["http://nas.home.arpa/hook", "a home-network .home.arpa name"],
  ["http://intranet/hook", "a single-label name"],
  ["https://intranet:8443/hook", "a single-label name"],
];

/** Refused in every mode: not a URL, not http(s), or credentials in the URI. */
const ALWAYS_REFUSED: readonly [string, string][] = [
  ["not a url", "URL rule"],
  ["/relative/path", "URL rule"],
  ["ftp://files.example.com/x", "scheme rule"],
  ["file:///etc/passwd", "scheme rule"],
  ["javascript:alert(1)", "scheme rule"],
  ["data:text/plain,hi", "scheme rule"],
  ["gopher://127.0.0.1:6379/_INFO", "scheme rule"],
  ["https://user:pass@api.example.com/hook", "userinfo rule"],
  ["https://user@api.example.com/hook", "userinfo rule"],
  ["https://:pass@api.example.com/hook", "userinfo rule"],
  ["http://admin:x@127.0.0.1/hook", "userinfo rule"],
];

/** Public targets a deployment calls, including non-default ports and plain http. */
const PUBLIC_TARGETS: readonly string[] = [
  "https://api.example.com/hook",
  "https://api.example.com:8443/hook",
  "http://receiver.example.com/hook",
  "http://receiver.example.com:8080/hook",
  "http://8.8.8.8/hook",
  "http://172.32.0.1/hook",
  "http://100.128.0.1/hook",
  "http://11.0.0.1/hook",
  "http://192.169.0.1/hook",
  "https://[2606:4700:4700::1111]/hook",
  "https://localhost.example.com/hook",
  "https://xn--bcher-kva.example/hook",
];

describe("checkOutboundUrl in a deployment", () => {
  it.for(PRIVATE_TARGETS)("refuses %s, naming %s", ([url, words], { expect }) => {
    const reason = checkOutboundUrl(url, DEPLOYMENT, NO_CREDENTIAL);
    expect(reason).toMatch(/^private-(address|name) rule: /);
    expect(reason).toContain(words);
    expect(reason).toContain("ALLOW_PRIVATE_CALLOUTS");
  });

  it.for(ALWAYS_REFUSED)("refuses %s by the %s", ([url, rule], { expect }) => {
    expect(checkOutboundUrl(url, DEPLOYMENT, NO_CREDENTIAL)).toMatch(new RegExp(`^${rule}: `));
  });

  it.for(PUBLIC_TARGETS)("allows %s when no credential is carried", (url, { expect }) => {
    expect(checkOutboundUrl(url, DEPLOYMENT, NO_CREDENTIAL)).toBeNull();
  });

  it("refuses plain http when the request carries a credential", ({ expect }) => {
    const reason = checkOutboundUrl("http://api.example.com/hook", DEPLOYMENT, CREDENTIAL);
    expect(reason).toMatch(/^TLS rule: .*https/);
    expect(checkOutboundUrl("https://api.example.com/hook", DEPLOYMENT, CREDENTIAL)).toBeNull();
  });

  it("refuses an http token URL and allows an https one (RFC 6749 §3.2)", ({ expect }) => {
    expect(checkTokenUrl("http://auth.example.com/oauth/token", DEPLOYMENT)).toMatch(/^TLS rule/);
    expect(checkTokenUrl("https://auth.example.com:8443/oauth/token", DEPLOYMENT)).toBeNull();
    expect(checkTokenUrl("https://169.254.169.254/token", DEPLOYMENT)).toMatch(/link-local/);
  });

  it("never repeats the URL's userinfo or query in the reason", ({ expect }) => {
    const reason = checkOutboundUrl(
      "https://client:s3cret@api.example.com/hook?token=t0ken",
      DEPLOYMENT,
      NO_CREDENTIAL,
    );
    expect(reason).not.toContain("s3cret");
    expect(reason).not.toContain("t0ken");
  });
});

describe("checkOutboundUrl in local development", () => {
  it.for(PRIVATE_TARGETS)("allows %s (%s)", ([url], { expect }) => {
    expect(checkOutboundUrl(url, LOCAL, NO_CREDENTIAL)).toBeNull();
  });

  it.for(ALWAYS_REFUSED)("still refuses %s by the %s", ([url, rule], { expect }) => {
    expect(checkOutboundUrl(url, LOCAL, NO_CREDENTIAL)).toMatch(new RegExp(`^${rule}: `));
  });

  it("allows a credential over http to a local token server", ({ expect }) => {
    expect(checkTokenUrl("http://127.0.0.1:9000/oauth/token", LOCAL)).toBeNull();
    expect(checkTokenUrl("http://localhost:9000/oauth/token", LOCAL)).toBeNull();
    expect(checkOutboundUrl("http://receiver.local/hook", LOCAL, CREDENTIAL)).toBeNull();
  });
});

describe("checkOutboundUrl when a deployment opts in to private targets", () => {
  it.for(PRIVATE_TARGETS)("allows %s (%s)", ([url], { expect }) => {
    expect(checkOutboundUrl(url, OPTED_IN, NO_CREDENTIAL)).toBeNull();
  });

  it("still needs https for a credential and still refuses userinfo", ({ expect }) => {
    expect(checkTokenUrl("http://10.0.0.5/oauth/token", OPTED_IN)).toMatch(/^TLS rule/);
    expect(checkTokenUrl("https://10.0.0.5/oauth/token", OPTED_IN)).toBeNull();
    expect(checkOutboundUrl("https://u:p@10.0.0.5/", OPTED_IN, NO_CREDENTIAL)).toMatch(
      /^userinfo rule/,
    );
  });
});
