import type { CodegenConfig } from "@graphql-codegen/cli";

// Types for the API's schema (the committed SDL) and for this app's own operations (src/graphql/*.graphql).
// `documentMode: "string"`: documents are plain strings, so no GraphQL parser ships to the browser.
const config: CodegenConfig = {
  schema: "../steward/graphql/schema.graphql",
  documents: ["src/graphql/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Date: "string", DateTime: "string", Decimal: "string", GlobalID: "string" },
      },
    },
  },
};

export default config;
