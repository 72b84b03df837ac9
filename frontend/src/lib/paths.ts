/** Whether a redirect target is a path on this site: "/…", never "//host" or "/\\host" (browsers read both as a host). */
export function isLocalPath(value: string | null | undefined): value is string {
  return typeof value === "string" && /^\/(?![/\\])/.test(value) && !/[\\\u0000-\u001f]/.test(value);
}
