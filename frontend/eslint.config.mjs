import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      // CMS images arrive as Wagtail renditions already sized for their slot, with width and height.
      "@next/next/no-img-element": "off",
    },
  },
  { ignores: [".next/**", "node_modules/**", "src/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
