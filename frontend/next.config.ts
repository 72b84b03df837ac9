import type { NextConfig } from "next";

// Django is reached through route handlers (src/app/graphql, media, donations), not `rewrites`: rewrites are
// fixed at build time, while DJANGO_URL is read at run time, so one build serves every environment.
const nextConfig: NextConfig = {
  // Wagtail's paths end in a slash (/about/), and so does Django's /graphql/.
  trailingSlash: true,
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: "/:path*",
        // Framing rules are set per page in src/proxy.ts (the preview may be framed by the Wagtail admin).
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
