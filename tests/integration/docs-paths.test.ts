import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { expect, it } from "vitest";
import { projectRoot } from "#app/platform/config/paths.server.ts";

/** Every file below `dir` whose name matches, skipping what is generated or installed. */
function filesIn(dir: string, match: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (["node_modules", "generated", "build", ".git"].includes(name)) return [];
    return statSync(path).isDirectory() ? filesIn(path, match) : match.test(name) ? [path] : [];
  });
}

it("every docs page an error message, a comment or a document names exists", () => {
  const missing: string[] = [];
  for (const file of ["app", "integrations", "server"].flatMap((dir) => filesIn(join(projectRoot, dir), /\.tsx?$/))) {
    for (const [path] of readFileSync(file, "utf8").matchAll(/docs\/[\w./-]+\.md/g)) {
      if (!existsSync(join(projectRoot, path))) missing.push(`${relative(projectRoot, file)} names ${path}`);
    }
  }
  const pages = [join(projectRoot, "README.md"), ...filesIn(join(projectRoot, "docs"), /\.md$/)];
  for (const page of pages) {
    for (const [, target] of readFileSync(page, "utf8").matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // a web address
      if (!existsSync(join(dirname(page), target!))) missing.push(`${relative(projectRoot, page)} links to ${target}`);
    }
  }
  expect(missing).toEqual([]);
});
