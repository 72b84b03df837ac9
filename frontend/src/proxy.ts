/**
 * Who may frame this site's pages, decided per request (so the admin's address comes from the environment at
 * run time): nobody but this site, except /preview/, which Wagtail's admin shows in its preview panel.
 */
import { type NextRequest, NextResponse } from "next/server";

function origin(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

export function proxy(request: NextRequest): NextResponse {
  const response = NextResponse.next();
  if (request.nextUrl.pathname === "/preview/" || request.nextUrl.pathname === "/preview") {
    // The admin is Django's public address (WAGTAILADMIN_BASE_URL there), else DJANGO_URL.
    const admin = origin(process.env.WAGTAILADMIN_BASE_URL) ?? origin(process.env.DJANGO_URL) ?? "http://127.0.0.1:8000";
    response.headers.set("Content-Security-Policy", `frame-ancestors 'self' ${admin}`);
  } else {
    response.headers.set("X-Frame-Options", "SAMEORIGIN");
    response.headers.set("Content-Security-Policy", "frame-ancestors 'self'");
  }
  return response;
}

export const config = {
  // Pages only: not the proxied API, media, downloads and mail links (Django sets their headers: a sent message's
  // sandbox policy must reach the browser as it is), nor Next's own static files.
  matcher: ["/((?!_next/|graphql/|media/|donations/|volunteers/|members/card/|mail/|favicon.ico).*)"],
};
