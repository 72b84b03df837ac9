// The volunteer's calendar feed (a signed .ics link a calendar app polls), served by Django.
import { proxyToDjango } from "@/lib/proxy";

export const dynamic = "force-dynamic";
export const GET = proxyToDjango;
export const HEAD = proxyToDjango;
