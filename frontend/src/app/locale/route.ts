// The language menu's links come here (GET, plain links: no JavaScript needed; the older form posts): remember
// the choice in a cookie and go back to the page the visitor was on.
import { LOCALE_COOKIE, isLocale } from "@/i18n/config";
import { isLocalPath } from "@/lib/paths";

function choose(locale: string, back: string): Response {
  const target = isLocalPath(back) ? back : "/";
  const headers = new Headers({ Location: target, "Cache-Control": "no-store" });
  if (isLocale(locale)) {
    headers.append("Set-Cookie", `${LOCALE_COOKIE}=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax`);
  }
  return new Response(null, { status: 303, headers });
}

export async function GET(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  return choose(params.get("locale") ?? "", params.get("next") ?? "/");
}

export async function POST(request: Request): Promise<Response> {
  const form = await request.formData();
  return choose(String(form.get("locale") ?? ""), String(form.get("next") ?? "/"));
}
