// Receipt downloads and the other donation links Django serves (they need the member's session).
import { proxyToDjango } from "@/lib/proxy";

export const dynamic = "force-dynamic";
export const GET = proxyToDjango;
export const HEAD = proxyToDjango;
