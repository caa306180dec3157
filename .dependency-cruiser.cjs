/**
 * The architecture's rules (docs/architecture.md, decision 110), checked in CI by `npm run lint`.
 * Layers, lowest first: app/ports (what the domain needs from outside) → app/platform (database,
 * clock, outbox, config) → app/billing → app/portal. Integrations use those; routes use
 * everything through app/web; nothing imports the composition root in server/.
 */
const domain = "^app/(platform|ports|billing|portal|documents|i18n)/";
const outside = "^(integrations/|app/(routes|components|web)/|server/)";

/** The domain's layers, lowest first: each imports of app/ only itself, the layers below it and Prisma's generated client. */
const layers = [
  { layer: "ports", name: "ports-are-types", comment: "app/ports says what the domain needs; it imports nothing of ours." },
  { layer: "platform", name: "platform-imports-only-ports", comment: "app/platform (db, clock, outbox, config) imports only itself and app/ports." },
  {
    layer: "billing",
    name: "billing-imports-only-platform-and-ports",
    comment: "app/billing builds on app/platform and app/ports only; the portal builds on billing, not the other way.",
  },
  {
    layer: "portal",
    name: "portal-imports-billing-platform-and-ports",
    comment: "app/portal (links, access, the client's read models) builds on billing, platform and ports.",
  },
];
const layerRules = layers.map(({ layer, name, comment }, index) => ({
  name,
  severity: "error",
  comment,
  from: { path: `^app/${layer}/`, pathNot: "\\.test\\.ts$" },
  to: { path: "^app/", pathNot: `^app/(${[...layers.slice(0, index + 1).map((below) => below.layer), "generated"].join("|")})/` },
}));

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
    ...layerRules,
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
