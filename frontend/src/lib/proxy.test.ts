/**
 * The proxy to Django builds the client address itself: what a browser puts in X-Forwarded-For (or Forwarded,
 * X-Real-IP) never reaches Django. A real HTTP server stands in for Django and reports the headers it received.
 */
import { type IncomingHttpHeaders, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { clientAddress, proxyToDjango } from "./proxy";

let django: Server;
let seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  django = createServer((request, response) => {
    seen.push(request.headers);
    response.setHeader("Content-Type", "application/json");
    response.end("{}");
  });
  await new Promise<void>((resolve) => django.listen(0, "127.0.0.1", resolve));
  process.env.DJANGO_URL = `http://127.0.0.1:${(django.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => django.close(resolve));
  delete process.env.DJANGO_URL;
});

afterEach(() => {
  seen = [];
  delete process.env.TRUSTED_PROXY_HOPS;
});

async function throughTheProxy(headers: Record<string, string>): Promise<IncomingHttpHeaders> {
  const request = new Request("http://127.0.0.1:3000/graphql/", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: "{}",
  });
  const response = await proxyToDjango(request);
  expect(response.status).toBe(200);
  expect(seen).toHaveLength(1);
  return seen[0] ?? {};
}

describe("proxyToDjango and the client address", () => {
  it("passes on no address the browser chose when browsers reach it directly", async () => {
    // given no reverse proxy in front (TRUSTED_PROXY_HOPS unset)
    // when a browser sends its own forwarding headers
    const received = await throughTheProxy({
      "X-Forwarded-For": "203.0.113.66",
      Forwarded: "for=203.0.113.67",
      "X-Real-IP": "203.0.113.68",
    });
    // then Django sees none of them (it falls back to the frontend's own address)
    expect(received["x-forwarded-for"]).toBeUndefined();
    expect(received.forwarded).toBeUndefined();
    expect(received["x-real-ip"]).toBeUndefined();
  });

  it("passes on the address its trusted reverse proxy saw, not what the browser put before it", async () => {
    // given one reverse proxy in front, which appended the address that connected to it
    process.env.TRUSTED_PROXY_HOPS = "1";
    // when a browser at 198.51.100.7 sent a made-up X-Forwarded-For of its own
    const received = await throughTheProxy({ "X-Forwarded-For": "203.0.113.66, 198.51.100.7" });
    // then Django is told only the browser's real address
    expect(received["x-forwarded-for"]).toBe("198.51.100.7");
  });
});

describe("clientAddress", () => {
  it("counts trusted hops from the right and refuses what is not an address", () => {
    expect(clientAddress("203.0.113.66, 198.51.100.7, 10.0.0.2", 2)).toBe("198.51.100.7");
    expect(clientAddress("::ffff:198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientAddress("2001:db8::1", 1)).toBe("2001:db8::1");
    expect(clientAddress("198.51.100.7", 2)).toBeNull();
    expect(clientAddress("not-an-address", 1)).toBeNull();
    expect(clientAddress("198.51.100.7", 0)).toBeNull();
    expect(clientAddress(null, 1)).toBeNull();
  });
});
