/**
 * The architecture's rules (docs/architecture.md), checked in CI by `npm run lint`.
 * Dependencies point one way: routes → domain, integrations → domain; the domain imports
 * neither, and nothing imports the composition root in server/.
 */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "An import cycle: one side should depend on a port or a type instead.", from: {}, to: { circular: true } },
    {
      name: "domain-imports-no-integration-or-route",
      severity: "error",
      comment: "The domain (billing, portal access, documents, events) knows no integration and no route.",
      from: { path: "^app/(domain|documents|db|config)/" },
      to: { path: "^(integrations/|app/routes/|app/components/|server/)" },
    },
    {
      name: "integrations-import-no-route",
      severity: "error",
      comment: "Integrations use the domain; routes and UI are not theirs to import.",
      from: { path: "^integrations/", pathNot: "\\.test\\.ts$" },
      to: { path: "^(app/routes/|app/components/|app/portal/|server/)" },
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
