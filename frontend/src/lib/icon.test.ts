import { inflateSync } from "node:zlib";

import { describe, expect, it } from "vitest";

import { discPng, icoFromPng } from "./icon";

describe("default favicon", () => {
  it("is a PNG of a disc in the colour, opaque in the middle and clear in the corners", () => {
    const png = discPng("#7a1f5c", 32);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(32); // IHDR width
    // IDAT starts after the signature (8), IHDR (25) and its own length and type (8)
    const length = png.readUInt32BE(33);
    const rows = inflateSync(png.subarray(41, 41 + length));
    const pixel = (x: number, y: number) => [...rows.subarray(y * 129 + 1 + x * 4, y * 129 + 5 + x * 4)];
    expect(pixel(16, 16)).toEqual([0x7a, 0x1f, 0x5c, 255]);
    expect(pixel(0, 0)[3]).toBe(0);
  });

  it("is wrapped in an .ico header that points at the PNG", () => {
    const png = discPng("#0b5cad");
    const ico = icoFromPng(png);
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 1]);
    expect(ico.readUInt32LE(14)).toBe(png.length);
    expect(ico.subarray(ico.readUInt32LE(18)).equals(png)).toBe(true);
  });
});
