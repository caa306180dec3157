declare module "#scripts/ensure-build.mjs" {
  export function ensureBuild(): void;
}
