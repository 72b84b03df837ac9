/** Django's CSRF cookie: read it to send X-CSRFToken with every POST (CSRF protection stays on). */
export const CSRF_COOKIE = "csrftoken";

export function cookieValue(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}
