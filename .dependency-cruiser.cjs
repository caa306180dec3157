/**
 * The architecture's rules (docs/architecture.md, decision 110), checked in CI by `npm run lint`.
 * Layers, lowest first: app/ports (what the domain needs from outside) → app/platform (database,
 * clock, outbox, config) → app/billing → app/portal. Integrations use those; routes use
 * everything through app/web; nothing imports the composition root in server/.
 */
const domain = "^app/(platform|ports|billing|portal|documents|i18n)/";
const outside = "^(integrations/|app/(routes|components|web)/|server/)";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle: one side should depend on a port or a type instead.",
      from: {},
      to: { circular: true },
    },
    {
      name: "domain-imports-no-integration-or-route",
      severity: "error",
      comment: "The domain (platform, ports, billing, portal, documents) knows no integration, route, route helper or composition root.",
      from: { path: domain },
      to: { path: outside },
    },
    {
      name: "platform-imports-only-ports",
      severity: "error",
      comment: "app/platform (db, clock, outbox, config) imports only itself and app/ports.",
      from: { path: "^app/platform/", pathNot: "\\.test\\.ts$" },
      to: { path: "^app/", pathNot: "^app/(platform|ports|generated)/" },
    },
    {
      name: "ports-are-types",
      severity: "error",
      comment: "app/ports says what the domain needs; it imports nothing of ours.",
      from: { path: "^app/ports/" },
      to: { path: "^app/", pathNot: "^app/(ports|generated)/" },
    },
    {
      name: "billing-imports-only-platform-and-ports",
      severity: "error",
      comment: "app/billing builds on app/platform and app/ports only; the portal builds on billing, not the other way.",
      from: { path: "^app/billing/", pathNot: "\\.test\\.ts$" },
      to: { path: "^app/", pathNot: "^app/(billing|platform|ports|generated)/" },
    },
    {
      name: "portal-imports-billing-platform-and-ports",
      severity: "error",
      comment: "app/portal (links, access, the client's read models) builds on billing, platform and ports.",
      from: { path: "^app/portal/", pathNot: "\\.test\\.ts$" },
      to: { path: "^app/", pathNot: "^app/(portal|billing|platform|ports|generated)/" },
    },
    {
      name: "integrations-import-no-route",
      severity: "error",
      comment: "Integrations use the domain; routes, UI and route helpers are not theirs to import.",
      from: { path: "^integrations/", pathNot: "\\.test\\.ts$" },
      to: { path: "^(app/routes/|app/components/|app/web/|server/)" },
    },
    {
      name: "routes-reach-integrations-through-server-modules",
      severity: "error",
      comment: "Remix empties only app/**/*.server.ts from the browser bundle: routes reach integrations through them.",
      from: { path: "^app/(routes|components)/" },
      to: { path: "^integrations/" },
    },
    {
      name: "nothing-imports-the-composition-root",
      severity: "error",
      comment: "server/ wires everything together; the app and integrations never import it.",
      from: { path: "^(app|integrations)/" },
      to: { path: "^server/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(app/generated|node_modules|build|public/build)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
