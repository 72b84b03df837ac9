// Campaign email's links Django serves: unsubscribe (RFC 8058 one-click POST), email preferences, the web
// version, tracked clicks and opens. The links are built on the supporters' site (steward/core/links.py).
import { proxyToDjango } from "@/lib/proxy";

export const dynamic = "force-dynamic";
export const GET = proxyToDjango;
export const HEAD = proxyToDjango;
export const POST = proxyToDjango;
