/**
 * Forwarding of /graphql/, /media/, /donations/, /volunteers/ and /members/card/ to Django, so the browser sees one origin: the session and
 * CSRF cookies are first-party and need no CORS. The target is read per request (DJANGO_URL), not at build.
 *
 * The client address (Django's rate limits, card testing first among them, count per address) is built here,
 * never copied from the browser. A route handler in Next 16 is not given its connection: `request.ip` is gone,
 * and Next's server only fills `X-Forwarded-For` with the peer's address when the request carries none
 * (`??=` in base-server), so a header the browser sent arrives unchanged and cannot be told from Next's own.
 * Hence: with TRUSTED_PROXY_HOPS=0 (the default: browsers reach this server directly) no address is passed
 * on at all; with N reverse proxies in front, each of which sets or appends `X-Forwarded-For` (and this server
 * reachable only through them), the N-th entry from the right is the one the outermost proxy saw connecting.
 */
import { isIP } from "node:net";

import { djangoUrl } from "./server";

// Not forwarded: connection-level headers, and those fetch sets itself.
const SKIPPED_REQUEST_HEADERS = new Set(["host", "connection", "keep-alive", "transfer-encoding", "upgrade", "content-length", "accept-encoding"]);
// Never taken from the browser: who the client is and how it connected are set by this proxy alone.
const FORWARDING_HEADERS = new Set(["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip"]);

/** How many reverse proxies stand in front of this server (TRUSTED_PROXY_HOPS, read per request). */
export function trustedProxyHops(): number {
  const hops = Number.parseInt(process.env.TRUSTED_PROXY_HOPS ?? "0", 10);
  return Number.isFinite(hops) && hops > 0 ? hops : 0;
}

/** The browser's address, from the `X-Forwarded-For` this server received and the proxies it trusts; else null. */
export function clientAddress(forwardedFor: string | null, hops: number = trustedProxyHops()): string | null {
  if (hops <= 0 || !forwardedFor) return null;
  const entries = forwardedFor.split(",").map((entry) => entry.trim()).filter(Boolean);
  if (entries.length < hops) return null; // a shorter chain than configured: not through the proxies
  const address = (entries[entries.length - hops] ?? "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return isIP(address) ? address : null;
}
// fetch has already decoded the body, so its encoding and length no longer apply.
const SKIPPED_RESPONSE_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length", "set-cookie"]);

export async function proxyToDjango(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const target = `${djangoUrl()}${incoming.pathname}${incoming.search}`;
  const headers = new Headers();
  request.headers.forEach((value, key) => {
    const name = key.toLowerCase();
    if (!SKIPPED_REQUEST_HEADERS.has(name) && !FORWARDING_HEADERS.has(name)) headers.set(key, value);
  });
  const client = clientAddress(request.headers.get("x-forwarded-for"));
  if (client) headers.set("X-Forwarded-For", client);
  headers.set("X-Forwarded-Host", request.headers.get("host") ?? incoming.host);
  headers.set("X-Forwarded-Proto", incoming.protocol.replace(":", ""));
  const hasBody = !["GET", "HEAD"].includes(request.method);
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: "manual",
      cache: "no-store",
    });
  } catch {
    return Response.json({ errors: [{ message: "The API could not be reached." }] }, { status: 502 });
  }
  const responseHeaders = new Headers();
  upstream.headers.forEach((value, key) => {
    if (!SKIPPED_RESPONSE_HEADERS.has(key.toLowerCase())) responseHeaders.set(key, value);
  });
  for (const cookie of upstream.headers.getSetCookie()) responseHeaders.append("Set-Cookie", cookie);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
}
