/** The public origin of the site (https://example.org), for links that leave it: share links, Open Graph images. */
import { headers } from "next/headers";

/**
 * PUBLIC_URL when set (the address people use, behind any proxy); else the origin this request was made to, from
 * its Host and X-Forwarded-Proto headers (a reverse proxy sets the latter; plain http only on a local address).
 */
export async function publicOrigin(): Promise<string> {
  const configured = process.env.PUBLIC_URL?.replace(/\/+$/, "");
  if (configured) return configured;
  const request = await headers();
  const host = request.get("host") ?? "localhost:3000";
  const local = /^(localhost|127\.|\[::1\])/.test(host);
  const proto = request.get("x-forwarded-proto")?.split(",")[0]?.trim() || (local ? "http" : "https");
  return `${proto}://${host}`;
}
