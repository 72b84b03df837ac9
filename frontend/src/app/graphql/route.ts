import { proxyToDjango } from "@/lib/proxy";

export const dynamic = "force-dynamic";
export const GET = proxyToDjango;
export const POST = proxyToDjango;
