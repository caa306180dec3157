/**
 * The classic Remix compiler bundles the server entry (server/main.ts: HTTP server, jobs,
 * CLI) together with the app, so there is one copy of every module in one process.
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  server: "server/main.ts",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  ignoredRouteFiles: ["**/*.test.*", "**/.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
