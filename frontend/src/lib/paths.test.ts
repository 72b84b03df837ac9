import { describe, expect, it } from "vitest";

import { isLocalPath } from "./paths";

describe("isLocalPath", () => {
  it.each(["/", "/portal/", "/about/?a=1#x"])("accepts %s", (path) => expect(isLocalPath(path)).toBe(true));
  it.each(["//evil.example", "/\\evil.example", "https://evil.example/", "portal/", "", "/a\\b", "/\nx", undefined])(
    "refuses %s",
    (path) => expect(isLocalPath(path)).toBe(false),
  );
});
