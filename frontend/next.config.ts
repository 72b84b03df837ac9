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
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
        ],
      },
    ];
  },
};

export default nextConfig;
