/** The signed-in member's own record for the portal's server components (one fetch per request). */
import { redirect } from "next/navigation";
import { cache } from "react";

import { MeDocument, type MeQuery } from "@/generated/graphql";

import { serverQuery } from "./server";

export type Me = NonNullable<MeQuery["me"]>;

export const loadMe = cache(async (): Promise<Me | null> => (await serverQuery(MeDocument)).me ?? null);

/** The member, or a redirect to sign in (coming back to `path` afterwards). */
export async function requireMe(path: string): Promise<Me> {
  const me = await loadMe();
  if (!me) redirect(`/account/sign-in/?next=${encodeURIComponent(path)}`);
  return me;
}
