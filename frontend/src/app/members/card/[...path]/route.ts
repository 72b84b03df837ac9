// The digital membership card (a PDF Django draws for the signed-in member's own membership).
import { proxyToDjango } from "@/lib/proxy";

export const dynamic = "force-dynamic";
export const GET = proxyToDjango;
export const HEAD = proxyToDjango;
