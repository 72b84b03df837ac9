// The language switcher posts here (a plain form, so it works without JavaScript): remember the choice, go back.
import { LOCALE_COOKIE, isLocale } from "@/i18n/config";
import { isLocalPath } from "@/lib/paths";

export async function POST(request: Request): Promise<Response> {
  const form = await request.formData();
  const locale = String(form.get("locale") ?? "");
  const back = String(form.get("next") ?? "/");
  const target = isLocalPath(back) ? back : "/";
  const headers = new Headers({ Location: target });
  if (isLocale(locale)) {
    headers.append("Set-Cookie", `${LOCALE_COOKIE}=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax`);
  }
  return new Response(null, { status: 303, headers });
}
