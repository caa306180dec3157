import { createRequire } from "node:module";
import { deflateSync } from "node:zlib";

/**
 * pdf-lib compresses every stream (pages, font subsets, object streams) with `pako`, zlib
 * ported to JavaScript, looked up on the module at each call. Node's own zlib does the same at
 * the same default level in about 40 % of the time (decision 122). The output is as valid and
 * as deterministic; its bytes differ slightly from pako's.
 */
const fromPdfLib = createRequire(createRequire(import.meta.url).resolve("pdf-lib"));
const pako = fromPdfLib("pako") as { deflate: (data: Uint8Array) => Uint8Array };
pako.deflate = (data) => deflateSync(data);
