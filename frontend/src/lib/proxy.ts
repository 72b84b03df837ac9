/**
 * Forwarding of /graphql/, /media/ and /donations/ to Django, so the browser sees one origin: the session and
 * CSRF cookies are first-party and need no CORS. The target is read per request (DJANGO_URL), not at build.
 */
import { djangoUrl } from "./server";

// Not forwarded: connection-level headers, and those fetch sets itself.
const SKIPPED_REQUEST_HEADERS = new Set(["host", "connection", "keep-alive", "transfer-encoding", "upgrade", "content-length", "accept-encoding"]);
// fetch has already decoded the body, so its encoding and length no longer apply.
const SKIPPED_RESPONSE_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length", "set-cookie"]);

export async function proxyToDjango(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const target = `${djangoUrl()}${incoming.pathname}${incoming.search}`;
  const headers = new Headers();
  request.headers.forEach((value, key) => {
    if (!SKIPPED_REQUEST_HEADERS.has(key.toLowerCase())) headers.set(key, value);
  });
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
